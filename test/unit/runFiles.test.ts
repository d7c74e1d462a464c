import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isHostToTrainer, isTrainerToHost } from '../../src/shared/protocol';
import { writeFileAtomic } from '../../src/shared/atomicFile';
import { RunDirectory } from '../../src/training/run/runDirectory';
import { newRunId, safeSegment } from '../../src/shared/runDirectory/runId';
import { Rng } from '../../src/training/random';
import { tempDir } from '../helpers/experiments';

describe('run files', () => {
  it('atomic writes replace the whole file or nothing, and leave no temp file on failure', () => {
    const dir = tempDir();
    const file = join(dir, 'run.json');
    writeFileAtomic(file, '{"a":1}');
    writeFileAtomic(file, '{"a":2}');
    assert.equal(readFileSync(file, 'utf8'), '{"a":2}');
    const blocked = join(dir, 'blocked');
    mkdirSync(join(blocked, 'child'), { recursive: true }); // renaming a file over a non-empty folder fails
    assert.throws(() => writeFileAtomic(blocked, 'x'));
    assert.deepEqual(readdirSync(dir).sort(), ['blocked', 'run.json']);
  });

  it('run ids are unique and sortable; hostile experiment names never leave the runs folder', () => {
    const ids = new Set(Array.from({ length: 50 }, () => newRunId()));
    assert.equal(ids.size, 50);
    assert.ok(newRunId(new Date(2026, 0, 2, 3, 4, 5), 'abcd') < newRunId(new Date(2026, 0, 2, 3, 4, 6), 'aaaa'));
    for (const hostile of ['../../etc', '/abs/path', 'a\0b', '..', 'CON:<>|?*']) {
      const segment = safeSegment(hostile);
      assert.doesNotMatch(segment, /[/\\\0:<>|?*]/);
      assert.ok(!segment.startsWith('.'));
    }
    const root = tempDir();
    const run = RunDirectory.create(root, '../../escape');
    assert.ok(run.path.startsWith(join(root, '_')), run.path);
  });

  it('protocol guards accept every defined message and reject malformed ones', () => {
    assert.ok(isHostToTrainer({ type: 'stop', payload: {} }));
    assert.ok(isHostToTrainer({ type: 'updateHyperparameters', payload: { generatorLr: 0.001, dStepsPerGStep: 2 } }));
    assert.ok(!isHostToTrainer({ type: 'updateHyperparameters', payload: { generatorLr: -1 } }));
    assert.ok(!isHostToTrainer({ type: 'updateHyperparameters', payload: { path: '/etc/passwd' } }));
    assert.ok(!isHostToTrainer({ type: 'rm -rf', payload: {} }));
    assert.ok(!isHostToTrainer('stop'));
    assert.ok(isTrainerToHost({ type: 'log', payload: { level: 'info', message: 'x' } }));
    assert.ok(!isTrainerToHost({ type: 'log' }));
  });

  it('seeded random streams are reproducible and independent', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    assert.deepEqual(a.fillNormal(new Float32Array(100)), b.fillNormal(new Float32Array(100)));
    assert.notDeepEqual(new Rng(42).fork('data').next(), new Rng(42).fork('noise').next());
    const n = 200_000;
    const rng = new Rng(1);
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.normal();
      sum += x;
      squares += x * x;
    }
    assert.ok(Math.abs(sum / n) < 0.01 && Math.abs(squares / n - 1) < 0.01);
  });
});
