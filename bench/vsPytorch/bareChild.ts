/**
 * Child process of the overhead benchmark: the bare step loop (no recording, no IPC stream), forked
 * the same way as the trainer process so both start cold. Argument: the step count. Sends `started`
 * and `finished` around the loop, as the trainer does around its run.
 */
import { selectBackend } from '../../src/training/backend';
import { benchModel } from './benchModels';
import { StepLoop } from './stepLoop';

async function main(): Promise<void> {
  const steps = Number(process.argv[2]);
  await selectBackend('auto');
  const loop = new StepLoop(benchModel('parabola').config);
  process.send?.({ type: 'started' });
  for (let i = 0; i < steps; i++) loop.runStep();
  process.send?.({ type: 'finished' });
  loop.dispose();
  process.disconnect();
}

void main();
