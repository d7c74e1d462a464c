/**
 * Kernels per training step of each bench model on the backend `auto` picks, by kernel name (what
 * the per-op overhead of small networks scales with). Run: npx tsx bench/vsPytorch/kernelCount.ts [model…]
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/training/backend';
import { benchModel, type ModelName } from './benchModels';
import { StepLoop } from './stepLoop';

async function main(): Promise<void> {
  await selectBackend('auto');
  const names = (process.argv.length > 2 ? process.argv.slice(2) : ['parabola', 'ring8', 'dcgan']) as ModelName[];
  for (const name of names) {
    const loop = new StepLoop(benchModel(name).config);
    loop.runStep();
    // A step that does not record (step 2 is no metrics step for any bench model).
    const info = await tf.profile(() => loop.runStep());
    const counts = new Map<string, number>();
    for (const k of info.kernels) counts.set(k.name, (counts.get(k.name) ?? 0) + 1);
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`);
    console.log(`${name}: ${info.kernels.length} kernels per step — ${top.join(', ')}`);
    loop.dispose();
  }
}

void main();
