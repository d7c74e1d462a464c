/**
 * The trainer as users run it (gan-train, the bundled trainer) with its steps' gradients replayed
 * (src/training/replay/, on by default) and with replay off (GAN_WORKBENCH_KERNEL_REPLAY=0): the
 * same metrics, quality records and checkpoint bytes. test/unit/replayRegion.test.ts checks that
 * the step functions do replay.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli';
import { ringExperiment, tempDir, writeExperimentFile } from '../helpers/experiments';

/** A run's records without what depends on the clock or the process's memory. */
function records(file: string): unknown[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const {
        time: _time,
        elapsed: _elapsed,
        stepsPerSecond: _rate,
        memory: _memory,
        ...rest
      } = JSON.parse(line) as Record<string, unknown>;
      return rest;
    });
}

async function train(experiment: string, replay: boolean): Promise<string> {
  const out = tempDir('gan-replay-');
  const env = replay ? {} : { GAN_WORKBENCH_KERNEL_REPLAY: '0' };
  const { code, stdout, stderr } = await runCli([experiment, '--out', out, '--quiet', '--threads', '1'], undefined, undefined, env).done;
  assert.equal(code, 0, stdout + stderr);
  const [run] = readdirSync(join(out, 'test-ring'));
  return join(out, 'test-ring', run!);
}

describe('gan-train with replayed steps', function () {
  this.timeout(120_000);

  for (const loss of [{ kind: 'nonSaturating' }, { kind: 'wganGp', lambda: 10 }])
    it(`${loss.kind}: the same metrics, quality and checkpoint bytes as with replay off`, async () => {
      const experiment = writeExperimentFile(
        ringExperiment({
          loss,
          schedule: { steps: 200, batchSize: 32, dStepsPerGStep: 2 },
          logging: { metricsEvery: 10, histogramsEvery: 50, samplesEvery: 100, checkpointEvery: 100, sampleCount: 64, gridResolution: 8 },
        }),
      );
      const [replayed, engine] = [await train(experiment, true), await train(experiment, false)];
      const metrics = records(join(replayed, 'metrics.jsonl'));
      assert.equal(metrics.length, 20);
      assert.deepEqual(metrics, records(join(engine, 'metrics.jsonl')));
      assert.deepEqual(records(join(replayed, 'quality.jsonl')), records(join(engine, 'quality.jsonl')));
      for (const step of ['step-00000100', 'step-00000200']) {
        const weights = (dir: string) => readFileSync(join(dir, 'checkpoints', step, 'weights.bin'));
        assert.ok(weights(replayed).equals(weights(engine)), `${step}'s weights`);
      }
    });
});
