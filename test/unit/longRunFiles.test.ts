/**
 * A long run's JSONL files (issue 20): every reader streams them and holds a bounded part. Each class
 * of input is tried with LF and CRLF lines and with 600 MB of NUL bytes in the file (a sparse hole:
 * no disk, made at once; what a crash can leave, and more than one string can hold, so a reader
 * that reads the file whole fails on it). The same with real records is test/process/longRun.test.ts.
 */
import assert from 'node:assert/strict';
import { appendFileSync, closeSync, openSync, readSync, renameSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiskFeed } from '../../src/extension/feeds/diskFeed';
import { JsonlTail } from '../../src/extension/feeds/jsonlTail';
import { writeMetricsCsv } from '../../src/extension/trainingRuns/metricsCsv';
import { recordSamplingEvent } from '../../src/extension/trainingRuns/samplingEvent';
import { EVENTS_LIMIT, QUALITY_LIMIT, RECORD_CHECKS, readRunSnapshot } from '../../src/extension/trainingRuns/runSnapshot';
import { readRunSummary } from '../../src/extension/trainingRuns/runReader';
import { jsonlLines, jsonlLinesBackward, jsonlLinesBackwardSync, jsonlLinesSync } from '../../src/shared/runDirectory/jsonlLines';
import { RUN_FILES, type RunEvent } from '../../src/shared/runFormat';
import { samplingEvent } from '../../src/shared/runEvents';
import { dropRecordsAfter } from '../../src/training/run/resume';
import { tempDir } from '../helpers/experiments';
import { collect, event, runDirFixture, viewAfter, wait } from '../helpers/feedFixture';
import { metricLine } from '../helpers/largeRun';
import { METRICS_BATCH_MS } from '../../src/extension/feeds/metricBatcher';

const HOLE_BYTES = 600_000_000;

interface Variant {
  name: string;
  newline: '\n' | '\r\n';
  /** 600 MB of NUL bytes (and a newline) after this many records. */
  holeAfter?: number;
}

const VARIANTS: Variant[] = [
  { name: 'LF', newline: '\n' },
  { name: 'CRLF', newline: '\r\n' },
  { name: 'CRLF, 600 MB of NUL bytes after the 4th record', newline: '\r\n', holeAfter: 4 },
];

const size = (file: string) => statSync(file).size;

/** Files given a hole, deleted after the tests (sparse: they take no disk, but look 600 MB large). */
const holed = new Set<string>();
after(() => {
  for (const file of holed) rmSync(file, { force: true });
});

/** Appends a sparse run of `bytes` NUL bytes to `file`. */
function appendHole(file: string, bytes: number): void {
  truncateSync(file, size(file) + bytes);
  holed.add(file);
}

/** Writes `lines` to `file`, a hole after `variant.holeAfter` of them; returns each line's end offset. */
function writeLines(file: string, lines: string[], variant: Variant): number[] {
  writeFileSync(file, '');
  const ends: number[] = [];
  lines.forEach((line, i) => {
    if (i === variant.holeAfter) {
      appendHole(file, HOLE_BYTES);
      appendFileSync(file, variant.newline);
    }
    appendFileSync(file, line);
    ends.push(size(file));
  });
  return ends;
}

/** The bytes of `file` from `start` to `end` (a small range). */
function bytesOf(file: string, start: number, end = size(file)): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(end - start);
    readSync(fd, buffer, 0, buffer.length, start);
    return buffer.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

const steps = (from: number, to: number, every: number) => Array.from({ length: (to - from) / every + 1 }, (_, i) => from + i * every);
const qualityLine = (step: number, nl: string) => `{"step":${step},"metrics":{"js":0.5,"modesCovered":4,"modesTotal":8}}${nl}`;
const histogramLine = (step: number, nl: string) => `{"step":${step},"min":0,"max":1,"scale":"probability","real":[1],"fake":[2]}${nl}`;
const eventLine = (step: number, message: string, nl: string) => `${JSON.stringify(event(step, message))}${nl}`;

describe('long runs: the JSONL line readers', () => {
  it('forwards and backwards, sync and async, agree on lines and byte offsets for any chunk size (CRLF, blank, unterminated, UTF-8 split)', async () => {
    const file = join(tempDir('gan-lines-'), 'x.jsonl');
    for (const text of ['', '\n', 'a', 'a\r\n', 'a\nb', 'é模\r\n\n{"x":1}\nccc', `${'x'.repeat(40)}\nyy\r\n`]) {
      writeFileSync(file, text);
      const expected = [...jsonlLinesSync(file)];
      assert.equal(
        expected.map((l) => l.text).join('|'),
        text
          .split('\n')
          .map((l) => l.replace(/\r$/, ''))
          .filter((l, i, all) => i < all.length - 1 || l !== '')
          .join('|'),
      );
      for (const chunkBytes of [1, 2, 3, 7, 1024]) {
        const backward: unknown[] = [];
        for await (const line of jsonlLinesBackward(file, { chunkBytes })) backward.unshift(line);
        const forward: unknown[] = [];
        for await (const line of jsonlLines(file, { chunkBytes })) forward.push(line);
        assert.deepEqual(
          [...jsonlLinesSync(file, { chunkBytes })],
          expected,
          `${JSON.stringify(text)} forwards in chunks of ${chunkBytes}`,
        );
        assert.deepEqual([...jsonlLinesBackwardSync(file, { chunkBytes })].reverse(), expected, `${JSON.stringify(text)} backwards`);
        assert.deepEqual(forward, expected);
        assert.deepEqual(backward, expected);
      }
    }
  });

  it('passes over a line longer than 16 MiB without holding it (text null), both ways', () => {
    const file = join(tempDir('gan-lines-'), 'x.jsonl');
    writeFileSync(file, '{"a":1}\n');
    appendHole(file, 20 << 20);
    appendFileSync(file, '\n{"b":2}\n');
    const forward = [...jsonlLinesSync(file)];
    assert.deepEqual(
      forward.map((l) => l.text),
      ['{"a":1}', null, '{"b":2}'],
    );
    assert.deepEqual([...jsonlLinesBackwardSync(file)].reverse(), forward);
  });
});

describe('long runs: resume drops the records after its checkpoint', function () {
  this.timeout(60_000);

  /** A run directory whose files hold records up to step 500, written by a run whose checkpoint is at 400, then cut short. */
  function crashedRun(variant: Variant) {
    const dir = tempDir('gan-drop-');
    const nl = variant.newline;
    const metrics = join(dir, RUN_FILES.metrics);
    const ends = writeLines(
      metrics,
      steps(25, 500, 25).map((s) => metricLine(s, nl)),
      variant,
    );
    appendFileSync(metrics, metricLine(525, nl).slice(0, 60)); // cut short by the crash
    writeFileSync(join(dir, RUN_FILES.quality), [0, 250, 400, 450].map((s) => qualityLine(s, nl)).join('') + '{"step":50');
    writeFileSync(join(dir, RUN_FILES.histograms), [100, 400, 500].map((s) => histogramLine(s, nl)).join(''));
    const events = join(dir, RUN_FILES.events);
    writeLines(events, [eventLine(0, 'start', nl), eventLine(400, 'checkpoint', nl), eventLine(480, 'late', nl)], {
      ...variant,
      holeAfter: variant.holeAfter && 1,
    });
    appendFileSync(events, '{"step":490,"ti');
    return { dir, metrics, events, keptEnd: ends[15]!, eventsEnd: size(events) - '{"step":490,"ti'.length };
  }

  for (const variant of VARIANTS)
    it(`cuts each file after its last record at or before the checkpoint, the crash's torn line with it; the events keep every whole record (${variant.name})`, () => {
      const run = crashedRun(variant);
      const nl = variant.newline;
      const before =
        variant.holeAfter === undefined ? bytesOf(run.metrics, 0, run.keptEnd) : bytesOf(run.metrics, run.keptEnd - 2000, run.keptEnd);
      const kept = dropRecordsAfter(run.dir, 400);
      assert.equal(size(run.metrics), run.keptEnd);
      if (variant.holeAfter === undefined) assert.equal(bytesOf(run.metrics, 0), before, 'the records up to the checkpoint, byte for byte');
      else assert.equal(bytesOf(run.metrics, run.keptEnd - 2000), before);
      assert.ok(bytesOf(run.metrics, run.keptEnd - 600).endsWith(metricLine(400, nl)));
      assert.equal((kept[RUN_FILES.metrics] as { step: number }).step, 400);
      assert.equal(bytesOf(join(run.dir, RUN_FILES.quality), 0), [0, 250, 400].map((s) => qualityLine(s, nl)).join(''));
      assert.equal(bytesOf(join(run.dir, RUN_FILES.histograms), 0), [100, 400].map((s) => histogramLine(s, nl)).join(''));
      assert.equal(size(run.events), run.eventsEnd, 'every whole event, the torn one dropped');
      assert.ok(bytesOf(run.events, run.eventsEnd - 200).endsWith(eventLine(480, 'late', nl)));
    });

  for (const variant of VARIANTS)
    it(`keeps a corrupt line before the checkpoint where it is; the snapshot passes over it with a warning (${variant.name})`, async () => {
      const corrupted = ['{"step":60,"time":17', '[1,2,3]', '{"step":"x"}', '\u0000\u0000\u0000'];
      // With the hole, one kind: each snapshot reads through its 600 MB.
      for (const corrupt of variant.holeAfter === undefined ? corrupted : corrupted.slice(0, 1)) {
        const dir = runDirFixture('stopped');
        const nl = variant.newline;
        const lines = steps(25, 300, 25).map((s) => metricLine(s, nl));
        lines.splice(2, 0, `${corrupt}${nl}`);
        const metrics = join(dir, RUN_FILES.metrics);
        const ends = writeLines(metrics, lines, variant);
        dropRecordsAfter(dir, 200);
        const keptEnd = ends[lines.indexOf(metricLine(200, nl))]!;
        assert.equal(size(metrics), keptEnd, `${JSON.stringify(corrupt)}: cut after step 200 only`);
        if (variant.holeAfter === undefined) assert.equal(bytesOf(metrics, 0), lines.slice(0, 9).join(''), 'the corrupt line stays');
        const snapshot = await readRunSnapshot(dir, 1000);
        const shown = snapshot.metrics.map((m) => m.step);
        if (variant.holeAfter === undefined) {
          assert.deepEqual(shown, steps(25, 200, 25));
          assert.deepEqual(
            snapshot.warnings.filter((w) => w.startsWith(RUN_FILES.metrics)),
            [`${RUN_FILES.metrics}: 1 line(s) are not valid records and were skipped`],
          );
        } else {
          // Sampled (over 32 MiB): the first line, a line at each of evenly spaced offsets, the last record.
          assert.equal(shown[0], 25);
          assert.equal(shown[shown.length - 1], 200, 'the last record');
          assert.ok(shown.every((s, i) => i === 0 || s > shown[i - 1]!));
          assert.match(snapshot.warnings.join('\n'), /metrics\.jsonl: \d+ line\(s\) are not valid records and were skipped/);
        }
      }
    });

  for (const variant of VARIANTS)
    it(`keeps a whole last record without its newline at the checkpoint and ends it with one (${variant.name})`, () => {
      const dir = tempDir('gan-drop-');
      const metrics = join(dir, RUN_FILES.metrics);
      const lines = steps(25, 200, 25).map((s) => metricLine(s, variant.newline));
      lines[lines.length - 1] = metricLine(200, '');
      writeLines(metrics, lines, variant);
      const before = size(metrics);
      dropRecordsAfter(dir, 200);
      assert.equal(size(metrics), before + 1);
      assert.ok(bytesOf(metrics, before - 600).endsWith(`${metricLine(200, '')}\n`));
    });

  for (const variant of VARIANTS)
    it(`leaves a file with nothing to drop as it is: the same file, not rewritten (${variant.name})`, () => {
      const dir = tempDir('gan-drop-');
      const metrics = join(dir, RUN_FILES.metrics);
      writeLines(
        metrics,
        steps(25, 200, 25).map((s) => metricLine(s, variant.newline)),
        variant,
      );
      const before = statSync(metrics);
      dropRecordsAfter(dir, 200);
      const after = statSync(metrics);
      assert.deepEqual([after.ino, after.size, after.mtimeMs], [before.ino, before.size, before.mtimeMs]);
    });

  it('drops a tail of 600 MB of NUL bytes, or 20 MB of garbage, without a newline, after the checkpoint', () => {
    for (const garbage of ['nul', 'text']) {
      const dir = tempDir('gan-drop-');
      const metrics = join(dir, RUN_FILES.metrics);
      writeFileSync(
        metrics,
        steps(25, 100, 25)
          .map((s) => metricLine(s))
          .join(''),
      );
      const keptEnd = size(metrics);
      if (garbage === 'nul') appendHole(metrics, HOLE_BYTES);
      else appendFileSync(metrics, 'x'.repeat(20 << 20));
      dropRecordsAfter(dir, 100);
      assert.equal(size(metrics), keptEnd, garbage);
    }
  });
});

describe('long runs: the host reads a bounded part', function () {
  this.timeout(60_000);

  for (const variant of VARIANTS)
    it(`a snapshot holds at most metricsRetention records spread over the run, the last included, and reads to the last whole line (${variant.name})`, async () => {
      const dir = runDirFixture('running');
      const metrics = join(dir, RUN_FILES.metrics);
      const all = steps(25, 50_000, 25);
      writeLines(
        metrics,
        all.map((s) => metricLine(s, variant.newline)),
        variant,
      );
      const whole = size(metrics);
      appendFileSync(metrics, metricLine(50_025, '').slice(0, 50)); // being written
      const snapshot = await readRunSnapshot(dir, 100);
      const shown = snapshot.metrics.map((m) => m.step);
      assert.equal(snapshot.offsets.metrics, whole, 'up to the line being written');
      assert.ok(shown.length <= 100, `${shown.length} records`);
      if (variant.holeAfter === undefined) assert.equal(shown.length, 100);
      assert.equal(shown[0], 25);
      assert.equal(shown[shown.length - 1], 50_000);
      assert.ok(
        shown.every((s, i) => i === 0 || s > shown[i - 1]!),
        'in order, once each',
      );
      const gaps = shown.slice(1).map((s, i) => s - shown[i]!);
      if (variant.holeAfter === undefined)
        assert.ok(Math.max(...gaps) <= 2 * Math.min(...gaps) + 25, `evenly spread: gaps ${Math.min(...gaps)}…${Math.max(...gaps)}`);
      // A whole last record without its newline is read (a crash cut nothing off it).
      appendFileSync(metrics, metricLine(50_025, '').slice(50));
      const complete = await readRunSnapshot(dir, 100);
      assert.equal(complete.offsets.metrics, size(metrics));
      assert.equal(complete.metrics[complete.metrics.length - 1]!.step, 50_025);
      const summary = await readRunSummary(dir);
      assert.equal(summary.lastMetrics?.step, 50_025);
    });

  it(`a snapshot holds the last ${EVENTS_LIMIT} events and every edit, and at most ${QUALITY_LIMIT} quality records, whatever the files hold`, async () => {
    for (const hole of [false, true]) {
      const dir = runDirFixture('stopped');
      const events = join(dir, RUN_FILES.events);
      const edit: RunEvent = {
        step: 3,
        time: 3,
        kind: 'hyperparameters',
        message: 'step 3: G lr 0.0001 → 0.002',
        data: { changes: { 'generator.lr': { from: 0.0001, to: 0.002 } } },
      };
      const lines = [`${JSON.stringify(edit)}\n`, ...Array.from({ length: EVENTS_LIMIT + 50 }, (_, i) => eventLine(10 + i, `e${i}`, '\n'))];
      writeLines(events, lines, { name: '', newline: '\n', ...(hole && { holeAfter: 20 }) });
      writeFileSync(
        join(dir, RUN_FILES.quality),
        steps(1, QUALITY_LIMIT + 500, 1)
          .map((s) => qualityLine(s, '\n'))
          .join(''),
      );
      const snapshot = await readRunSnapshot(dir, 100);
      assert.equal(snapshot.events.length, EVENTS_LIMIT + 1);
      assert.deepEqual(snapshot.events[0], edit, 'the edit, from the start of the file');
      assert.equal(snapshot.events[1]!.message, 'e50');
      assert.equal(snapshot.events[snapshot.events.length - 1]!.message, `e${EVENTS_LIMIT + 49}`);
      assert.ok(snapshot.warnings.some((w) => w.startsWith(`${RUN_FILES.events}: showing the last`)));
      assert.equal(snapshot.quality.length, QUALITY_LIMIT);
      assert.equal(snapshot.quality[snapshot.quality.length - 1]!.step, QUALITY_LIMIT + 500);
    }
  });

  for (const variant of VARIANTS)
    it(`the metrics CSV export streams every valid record to the file (${variant.name})`, async () => {
      const dir = tempDir('gan-csv-');
      const metrics = join(dir, RUN_FILES.metrics);
      const lines = steps(25, 1000, 25).map((s) => metricLine(s, variant.newline));
      lines.splice(5, 0, `not json${variant.newline}`);
      writeLines(metrics, lines, variant);
      appendFileSync(metrics, '{"step":10');
      const target = join(dir, 'metrics.csv');
      assert.equal(await writeMetricsCsv(metrics, target, RECORD_CHECKS.metrics), 40);
      const rows = bytesOf(target, 0).split('\n');
      assert.equal(rows[0], 'step,time,elapsed,stepsPerSecond,dLoss,gLoss,dReal,dFake,gradNormD,gradNormG,d.fake,d.real,g.adversarial');
      assert.equal(rows.length, 42, 'header, 40 rows, and the final newline');
      assert.match(rows[40]!, /^1000,/);
      assert.ok(!rows.some((r) => r.includes('\r')));
    });

  it('finds a sampling event recorded after 600 MB of events, and does not record it twice', async () => {
    const dir = runDirFixture('stopped');
    const events = join(dir, RUN_FILES.events);
    const result = {
      id: 'sampling-1',
      settings: { method: 'langevin' as const, steps: 10, chains: 4 },
      acceptanceRate: 0.5,
      checkpointStep: 40,
      durationSeconds: 1,
    };
    writeFileSync(events, eventLine(1, 'start', '\n'));
    appendHole(events, HOLE_BYTES);
    appendFileSync(events, `\n${JSON.stringify({ step: 40, time: 5, ...samplingEvent(result) })}\n`);
    const before = size(events);
    assert.equal(await recordSamplingEvent(undefined, dir, result, false), 'trainer');
    assert.equal(size(events), before);
    assert.equal(await recordSamplingEvent(undefined, dir, { ...result, id: 'sampling-2' }, false), 'host');
    assert.ok(size(events) > before);
  });
});

describe('long runs: a tail of a file cut in place or far behind', () => {
  it('reads a file cut in place and written past its offset again from its start', async () => {
    const file = join(tempDir('gan-tail-'), RUN_FILES.events);
    writeFileSync(file, ['a', 'b', 'c'].map((m, i) => eventLine(i, m, '\n')).join(''));
    const tail = new JsonlTail<RunEvent>(file, RECORD_CHECKS.events, 0);
    assert.equal(((await tail.read()) as RunEvent[]).length, 3);
    truncateSync(file, Buffer.byteLength(eventLine(0, 'a', '\n')));
    appendFileSync(file, ['resumed one', 'resumed two', 'resumed three'].map((m, i) => eventLine(i + 1, m, '\n')).join(''));
    assert.deepEqual(
      ((await tail.read()) as RunEvent[]).map((e) => e.message),
      ['a', 'resumed one', 'resumed two', 'resumed three'],
    );
  });

  it('says resync instead of reading more than its bound at once', async () => {
    const file = join(tempDir('gan-tail-'), RUN_FILES.events);
    writeFileSync(file, Array.from({ length: 50 }, (_, i) => eventLine(i, `e${i}`, '\n')).join(''));
    assert.equal(await new JsonlTail<RunEvent>(file, RECORD_CHECKS.events, 0, 1 << 20, 1000).read(), 'resync');
    assert.equal(((await new JsonlTail<RunEvent>(file, RECORD_CHECKS.events, 0, 1 << 20, 1 << 20).read()) as RunEvent[]).length, 50);
  });

  it('a disk feed whose file was replaced by a 600 MB one takes a new snapshot instead of reading it whole', async function () {
    this.timeout(30_000);
    const dir = runDirFixture('running', { metrics: [1, 2] });
    let changed: ((name: string) => void) | undefined;
    const feed = new DiskFeed(dir, { metricsLimit: 100, withNearest: false }, (_dir, listener) => {
      changed = listener;
      return { dispose: () => undefined };
    });
    const { messages } = collect(feed);
    await feed.requestSnapshot();
    await wait(METRICS_BATCH_MS * 2);
    const metrics = join(dir, RUN_FILES.metrics);
    const replacement = `${metrics}.new`;
    writeFileSync(replacement, metricLine(1));
    appendHole(replacement, HOLE_BYTES);
    appendFileSync(replacement, `\n${metricLine(7)}${metricLine(8)}`);
    renameSync(replacement, metrics);
    holed.add(metrics);
    changed!(RUN_FILES.metrics);
    for (let waited = 0; viewAfter(messages).snapshots < 2 && waited < 20_000; waited += 50) await wait(50);
    const view = viewAfter(messages);
    assert.equal(view.snapshots, 2, 'a second snapshot');
    assert.deepEqual([view.metrics[0], view.metrics[view.metrics.length - 1]], [1, 8], 'of the new file: its first and last records');
    assert.ok(!messages.some((m) => m.type === 'metricsAppended'), 'nothing read as an increment');
    feed.dispose();
  });
});
