/**
 * Child process of the speed benchmark: one bench model's steps per second on the backend `auto`
 * picks, with the wasm backend's thread count fixed for the process (it is chosen once, when the
 * backend starts, so each thread count needs its own process). Arguments: model, threads, seconds,
 * warmup steps. Sends `{ rate, backend }` and exits.
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/training/backend';
import { setWasmThreads } from '../../src/training/backends/wasmThreadsSetting';
import { benchModel, type ModelName } from './benchModels';
import { StepLoop } from './stepLoop';

async function main(): Promise<void> {
  const [model, threads, seconds, warmup] = process.argv.slice(2);
  setWasmThreads(Number(threads));
  const selection = await selectBackend('auto');
  const loop = new StepLoop(benchModel(model as ModelName).config);
  const rate = loop.stepsPerSecond(Number(seconds), Number(warmup));
  loop.dispose();
  process.send?.({ rate, backend: `${tf.getBackend()}: ${selection.reason}` }, () => process.exit(0));
}

void main();
