/**
 * Memory over a long run: the real Trainer (recording, run directory and all) on the parabola toy in
 * this process, with RSS, the V8 heap (after a full GC) and tf.memory().numTensors read at a few
 * metrics records along the way.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Trainer } from '../../src/training/trainer';
import { benchModel, EXAMPLES } from './benchModels';

export interface MemoryPoint {
  step: number;
  rssMiB: number;
  heapMiB: number;
  numTensors: number;
}

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function memoryPoint(step: number): MemoryPoint {
  collectGarbage();
  const { rss, heapUsed } = process.memoryUsage();
  return { step, rssMiB: rss / 2 ** 20, heapMiB: heapUsed / 2 ** 20, numTensors: tf.memory().numTensors };
}

/** Trains `steps` steps and returns the memory at each of `at` (steps that are metrics records). */
export async function memoryGrowth(steps: number, at: number[]): Promise<MemoryPoint[]> {
  const out = mkdtempSync(join(tmpdir(), 'gan-bench-'));
  const points: MemoryPoint[] = [];
  const { config, example } = benchModel('parabola');
  const trainer = new Trainer({
    experimentFile: join(EXAMPLES, example),
    config,
    outRoot: out,
    steps,
    emit: (m) => {
      if (m.type === 'metrics' && at.includes(m.payload.step)) points.push(memoryPoint(m.payload.step));
    },
  });
  const status = await trainer.run();
  rmSync(out, { recursive: true, force: true });
  if (status !== 'completed') throw new Error(`the memory run ended ${status}`);
  return points;
}
