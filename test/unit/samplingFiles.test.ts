/**
 * What a sampling result is on disk: its id (sortable, parsed back by the views), the writer (the
 * folder appears whole or not at all, an existing result is never replaced) and the trace it keeps
 * (energy band per step, null where an energy was not finite; paths as [chain][point][coordinate]).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLING_FORMAT, type SamplingRecord } from '../../src/shared/runFormat';
import { newestFirst, parseSamplingId, samplingId } from '../../src/shared/samplingId';
import type { ChainTrace } from '../../src/training/sampling/chainTrace';
import { chainPaths, recordEvery, summarizeTrace } from '../../src/training/sampling/samplingTrace';
import { writeSampling } from '../../src/training/sampling/samplingWriter';
import { tempDir } from '../helpers/experiments';

/** A record with only what the writer needs to be a record (the writer does not read it). */
function record(note: string): Omit<SamplingRecord, 'id'> {
  return { format: SAMPLING_FORMAT, notes: [note] } as unknown as Omit<SamplingRecord, 'id'>;
}

const read = (folder: string) => JSON.parse(readFileSync(join(folder, 'sampling.json'), 'utf8')) as SamplingRecord;

describe('sampling results on disk', () => {
  it('ids hold the checkpoint step, the method and the UTC time, and sort newest first', () => {
    const id = samplingId(5000, 'mala', new Date('2026-11-22T04:52:50.123Z'));
    assert.equal(id, 'step-5000-mala-20261122-045250');
    assert.deepEqual(parseSamplingId(id), { checkpointStep: 5000, method: 'mala', createdAt: '2026-11-22T04:52:50Z', variant: 1 });
    assert.equal(parseSamplingId(`${id}-3`)?.variant, 3);
    assert.equal(parseSamplingId('my-renamed-result'), null);
    assert.deepEqual(
      newestFirst(['step-9000-mala-20261122-045250', 'mine', 'step-5000-langevin-20261123-000000', 'step-9000-mala-20261122-045250-2']),
      ['step-5000-langevin-20261123-000000', 'step-9000-mala-20261122-045250-2', 'step-9000-mala-20261122-045250', 'mine'],
    );
  });

  it('writes sampling.json and the PNGs into sampling/<id>/ through a temp folder, leaving nothing else', () => {
    const run = tempDir();
    const png = Buffer.from([137, 80, 78, 71]);
    const written = writeSampling(run, 'step-10-mala-20260101-000000', record('first'), { 'before.png': png, 'after.png': png });
    assert.equal(written.id, 'step-10-mala-20260101-000000');
    assert.equal(written.folder, join(run, 'sampling', written.id));
    assert.deepEqual(readdirSync(join(run, 'sampling')), [written.id]);
    assert.deepEqual(readdirSync(written.folder).sort(), ['after.png', 'before.png', 'sampling.json']);
    const saved = read(written.folder);
    assert.deepEqual(Object.keys(saved).slice(0, 2), ['format', 'id'], 'format and id come first');
    assert.equal(saved.id, written.id);
    assert.deepEqual(saved.notes, ['first']);
  });

  it('never replaces a result: the same id gets -2, -3, … and the first stays as it was', () => {
    const run = tempDir();
    const first = writeSampling(run, 'step-10-mala-20260101-000000', record('first'));
    const second = writeSampling(run, 'step-10-mala-20260101-000000', record('second'));
    const third = writeSampling(run, 'step-10-mala-20260101-000000', record('third'));
    assert.equal(second.id, 'step-10-mala-20260101-000000-2');
    assert.equal(third.id, 'step-10-mala-20260101-000000-3');
    assert.deepEqual(read(first.folder).notes, ['first']);
    assert.deepEqual(read(second.folder).notes, ['second']);
    assert.equal(read(second.folder).id, second.id);
  });

  it('a write that fails leaves no result folder and no temp folder behind', () => {
    const run = tempDir();
    // JSON.stringify throws on a BigInt: the failure comes after the PNGs were written into the temp folder.
    const broken = { ...record('broken'), durationSeconds: 1n } as unknown as Omit<SamplingRecord, 'id'>;
    assert.throws(() => writeSampling(run, 'step-10-mala-20260101-000000', broken, { 'before.png': Buffer.from([1]) }), /BigInt/);
    assert.deepEqual(readdirSync(join(run, 'sampling')), []);
  });

  it('a folder that is not a result (e.g. made by hand) is never written into', () => {
    const run = tempDir();
    mkdirSync(join(run, 'sampling', 'step-10-mala-20260101-000000'), { recursive: true });
    writeFileSync(join(run, 'sampling', 'step-10-mala-20260101-000000', 'mine.txt'), 'keep');
    const written = writeSampling(run, 'step-10-mala-20260101-000000', record('new'));
    assert.equal(written.id, 'step-10-mala-20260101-000000-2');
    assert.deepEqual(readdirSync(join(run, 'sampling', 'step-10-mala-20260101-000000')), ['mine.txt']);
    assert.ok(!existsSync(join(run, 'sampling', 'step-10-mala-20260101-000000', 'sampling.json')));
  });

  it('keeps the energy band per recorded step (null where an energy is NaN) and at most ~500 steps', () => {
    const trace: ChainTrace = {
      steps: Int32Array.from([1, 2, 3]),
      meanEnergy: Float64Array.from([2, Infinity, NaN]),
      acceptanceRate: Float64Array.from([0.5, 1, 0]),
      energies: Float32Array.from([1, 3, 0.5, Infinity, NaN, 4]),
      pathChains: 0,
      paths: new Float32Array(0),
    };
    assert.deepEqual(summarizeTrace(trace, 2), {
      steps: [1, 2, 3],
      meanEnergy: [2, null, null],
      minEnergy: [1, 0.5, null],
      maxEnergy: [3, null, null],
      acceptanceRate: [0.5, 1, 0],
    });
    assert.equal(recordEvery(100), 1);
    assert.equal(recordEvery(500), 1);
    assert.equal(recordEvery(501), 2);
    assert.equal(recordEvery(100_000), 200);
  });

  it('keeps paths as [chain][point][first two coordinates] and says when coordinates were left out', () => {
    // 2 recorded steps + the start, 2 path chains, latent dim 3: blocks of [chain][coordinate].
    const paths = Float32Array.from([0, 1, 2, 10, 11, 12, 3, 4, 5, 13, 14, 15, 6, 7, 8, 16, 17, NaN]);
    const trace: ChainTrace = {
      steps: Int32Array.from([5, 10]),
      meanEnergy: new Float64Array(2),
      acceptanceRate: new Float64Array(2),
      energies: null,
      pathChains: 2,
      paths,
    };
    const kept = chainPaths(trace, 3);
    assert.equal(kept.complete, false);
    assert.deepEqual(kept.steps, [0, 5, 10]);
    assert.deepEqual(kept.chains, [
      [
        [0, 1],
        [3, 4],
        [6, 7],
      ],
      [
        [10, 11],
        [13, 14],
        [16, 17],
      ],
    ]);
    assert.equal(chainPaths({ ...trace, paths: Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, NaN]) }, 2).chains[1]![2]![1], null);
  });
});
