import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiskFeed } from '../../src/extension/feeds/diskFeed';
import { METRICS_BATCH_MS } from '../../src/extension/feeds/metricBatcher';
import { readRunSnapshot } from '../../src/extension/trainingRuns/runSnapshot';
import { RUN_FILES } from '../../src/shared/runFormat';
import { appendLine, collect, event, metric, runDirFixture, runMeta, viewAfter, wait } from '../helpers/feedFixture';

const OPTIONS = { metricsLimit: 10_000, withNearest: true };

/** A stand-in for VS Code's file watcher: `onWatch` runs when the feed starts watching, `fire` reports a change. */
function fakeWatcher(onWatch: () => void = () => undefined) {
  let changed: ((name: string) => void) | undefined;
  let disposed = false;
  return {
    watch: (_runDir: string, listener: (name: string) => void) => {
      changed = listener;
      onWatch();
      return { dispose: () => (disposed = true) };
    },
    fire: (name: string) => changed?.(name),
    get watching() {
      return changed !== undefined && !disposed;
    },
  };
}

/** Lets the feed's queue of reads run (file I/O, then the metrics batch). */
const settle = () => wait(METRICS_BATCH_MS * 2);

describe('DiskFeed: a run directory another process writes', () => {
  it('delivers a record appended between the snapshot and the start of tailing exactly once', async () => {
    const dir = runDirFixture('running', { metrics: [1, 2], events: [event(1, 'a')] });
    // The feed starts watching right after its snapshot: that is when this record is written.
    const watcher = fakeWatcher(() => {
      appendLine(dir, RUN_FILES.metrics, metric(3));
      appendLine(dir, RUN_FILES.events, event(3, 'in the gap'));
    });
    const feed = new DiskFeed(dir, OPTIONS, watcher.watch);
    const { messages } = collect(feed);
    await feed.requestSnapshot();
    await settle();
    assert.ok(watcher.watching);
    // The gap's appends have no event of their own; the next one does, reported twice (as watchers do).
    appendLine(dir, RUN_FILES.metrics, metric(4));
    watcher.fire(RUN_FILES.metrics);
    watcher.fire(RUN_FILES.metrics);
    await settle();
    assert.deepEqual(viewAfter(messages), { snapshots: 1, metrics: [1, 2, 3, 4], events: ['a', 'in the gap'] });
    feed.dispose();
  });

  it('reads a line that was half written at the snapshot once it is whole, once', async () => {
    const dir = runDirFixture('running', { events: [event(1, 'a')] });
    const half = JSON.stringify(event(2, 'half é模'));
    const bytes = Buffer.from(half, 'utf8');
    const cut = bytes.indexOf(Buffer.from('模')) + 1;
    appendFileSync(join(dir, RUN_FILES.events), bytes.subarray(0, cut));
    const snapshot = await readRunSnapshot(dir, 100);
    assert.equal(snapshot.offsets.events, Buffer.byteLength(`${JSON.stringify(event(1, 'a'))}\n`), 'read up to the last whole line');
    const watcher = fakeWatcher();
    const feed = new DiskFeed(dir, OPTIONS, watcher.watch);
    const { messages } = collect(feed);
    await feed.requestSnapshot();
    appendFileSync(join(dir, RUN_FILES.events), Buffer.concat([bytes.subarray(cut), Buffer.from('\n')]));
    watcher.fire(RUN_FILES.events);
    await settle();
    assert.deepEqual(viewAfter(messages).events, ['a', 'half é模']);
    feed.dispose();
  });

  it('answers two snapshot requests in quick succession with one snapshot and no record twice', async () => {
    const dir = runDirFixture('running', { metrics: [1, 2, 3], events: [event(1, 'a')] });
    const watcher = fakeWatcher();
    const feed = new DiskFeed(dir, OPTIONS, watcher.watch);
    const { messages } = collect(feed);
    await feed.requestSnapshot();
    await settle();
    // The view reloads twice: two `ready`, while the trainer goes on writing; the watcher reports
    // the first append only after the snapshots read it.
    appendLine(dir, RUN_FILES.metrics, metric(4));
    const first = feed.requestSnapshot();
    appendLine(dir, RUN_FILES.events, event(4, 'b'));
    watcher.fire(RUN_FILES.events);
    const second = feed.requestSnapshot();
    watcher.fire(RUN_FILES.metrics);
    appendLine(dir, RUN_FILES.metrics, metric(5));
    watcher.fire(RUN_FILES.metrics);
    await Promise.all([first, second]);
    appendLine(dir, RUN_FILES.metrics, metric(6));
    watcher.fire(RUN_FILES.metrics);
    await settle();
    const afterFirst = messages.slice(messages.findIndex((m) => m.type === 'snapshot') + 1);
    assert.deepEqual(viewAfter(afterFirst), { snapshots: 1, metrics: [1, 2, 3, 4, 5, 6], events: ['a', 'b'] });
    assert.deepEqual(viewAfter(messages), { snapshots: 2, metrics: [1, 2, 3, 4, 5, 6], events: ['a', 'b'] });
    feed.dispose();
  });

  it('shows run.json changes and new samples while following', async () => {
    const dir = runDirFixture('running', { metrics: [1] });
    const watcher = fakeWatcher();
    const feed = new DiskFeed(dir, OPTIONS, watcher.watch);
    const { messages } = collect(feed);
    await feed.requestSnapshot();
    writeFileSync(join(dir, RUN_FILES.samples, 'step-00000010.json'), JSON.stringify({ step: 10, layout: 'points', fixed: [[0, 0]] }));
    watcher.fire(`${RUN_FILES.samples}/step-00000010.json`);
    writeFileSync(join(dir, RUN_FILES.meta), JSON.stringify(runMeta('completed', 10)));
    watcher.fire(RUN_FILES.meta);
    await settle();
    const samples = messages.find((m) => m.type === 'samplesShown');
    assert.deepEqual(samples?.type === 'samplesShown' && samples.payload.sampleSteps, [10]);
    const changed = messages.filter((m) => m.type === 'runChanged');
    assert.equal(changed.at(-1)?.type === 'runChanged' && changed.at(-1)?.payload.phase, 'completed');
    feed.dispose();
  });

  it('does not follow a finished run', async () => {
    const dir = runDirFixture('completed', { metrics: [1, 2] });
    const watcher = fakeWatcher();
    const feed = new DiskFeed(dir, OPTIONS, watcher.watch);
    const { messages } = collect(feed);
    await feed.requestSnapshot();
    assert.equal(watcher.watching, false);
    assert.deepEqual(viewAfter(messages), { snapshots: 1, metrics: [1, 2], events: [] });
    assert.equal(feed.view().phase, 'completed');
    feed.dispose();
  });
});
