import assert from 'node:assert/strict';
import { FeedEmitter } from '../../src/extension/feeds/feedEmitter';
import { LiveFeed } from '../../src/extension/feeds/liveFeed';
import { METRICS_BATCH_MS } from '../../src/extension/feeds/metricBatcher';
import type { LiveSource } from '../../src/extension/feeds/runFeed';
import type { TrainerToHost } from '../../src/shared/protocol';
import { RUN_FILES, type RunEvent } from '../../src/shared/runFormat';
import { appendLine, collect, event, metric, runDirFixture, runMeta, viewAfter, wait } from '../helpers/feedFixture';

const OPTIONS = { metricsLimit: 10_000, withNearest: true };

/** A live run as the feed sees it, and a trainer that writes each record, then sends it (as the recorder does). */
function trainer(dir: string) {
  const changes = new FeedEmitter<TrainerToHost | undefined>();
  const run: LiveSource = {
    runDir: dir,
    meta: runMeta('running'),
    config: undefined,
    phase: 'running',
    live: true,
    error: undefined,
    experimentName: 'test-ring',
    experimentFile: { fsPath: '/work/ring.gan.json' },
    onDidChange: changes.event,
  };
  return {
    run,
    send: (message: TrainerToHost) => changes.fire(message),
    metric(step: number, { send = true } = {}) {
      appendLine(dir, RUN_FILES.metrics, metric(step));
      if (send) this.send({ type: 'metrics', payload: metric(step) });
    },
    event(e: RunEvent, { send = true } = {}) {
      appendLine(dir, RUN_FILES.events, e);
      if (send) this.send({ type: 'event', payload: e });
    },
  };
}

const settle = () => wait(METRICS_BATCH_MS * 2);

describe('LiveFeed: a run this window trains (IPC)', () => {
  it('answers two snapshot requests in quick succession with one snapshot, then each record once', async () => {
    const dir = runDirFixture('running', { metrics: [1, 2], events: [event(1, 'a')] });
    const t = trainer(dir);
    const feed = new LiveFeed(t.run, OPTIONS);
    const { messages } = collect(feed);
    // Two `ready` in quick succession while the trainer goes on: records arrive during the read.
    const first = feed.requestSnapshot();
    t.metric(3);
    t.event(event(3, 'b'));
    const second = feed.requestSnapshot();
    t.metric(4);
    await Promise.all([first, second]);
    t.metric(5);
    t.event(event(5, 'c'));
    await settle();
    assert.deepEqual(viewAfter(messages), { snapshots: 1, metrics: [1, 2, 3, 4, 5], events: ['a', 'b', 'c'] });
    assert.equal(messages[0]?.type, 'snapshot', 'messages that came during the read wait for the snapshot');
    feed.dispose();
  });

  it('drops a record the snapshot read from disk when its message arrives after the snapshot', async () => {
    const dir = runDirFixture('running', { metrics: [1] });
    const t = trainer(dir);
    const feed = new LiveFeed(t.run, OPTIONS);
    const { messages } = collect(feed);
    // Written before the snapshot reads the files, sent after it is read (IPC is slower than the disk).
    t.metric(2, { send: false });
    t.event(event(2, 'same step'), { send: false });
    t.event(event(2, 'twice at step 2'), { send: false });
    await feed.requestSnapshot();
    t.send({ type: 'metrics', payload: metric(2) });
    t.send({ type: 'event', payload: event(2, 'same step') });
    t.send({ type: 'event', payload: event(2, 'twice at step 2') });
    t.event(event(2, 'new at step 2'));
    t.metric(3);
    await settle();
    assert.deepEqual(viewAfter(messages), {
      snapshots: 1,
      metrics: [1, 2, 3],
      events: ['same step', 'twice at step 2', 'new at step 2'],
    });
    feed.dispose();
  });

  it('does not send again metrics that waited for their batch when the snapshot was read', async () => {
    const dir = runDirFixture('running', { metrics: [1] });
    const t = trainer(dir);
    const feed = new LiveFeed(t.run, OPTIONS);
    const { messages } = collect(feed);
    t.metric(2);
    await feed.requestSnapshot();
    t.metric(3);
    await settle();
    assert.deepEqual(viewAfter(messages), { snapshots: 1, metrics: [1, 2, 3], events: [] });
    feed.dispose();
  });

  it('batches metrics, and updates the run view when an edit is acknowledged even if the snapshot had its event', async () => {
    const dir = runDirFixture('running');
    const t = trainer(dir);
    const feed = new LiveFeed(t.run, OPTIONS);
    const { messages } = collect(feed);
    const ack: RunEvent = { step: 3, time: 1, kind: 'hyperparameters', message: 'lr', data: { lrD: 0.001 } };
    t.event(ack, { send: false });
    await feed.requestSnapshot();
    t.send({ type: 'event', payload: ack });
    for (let step = 1; step <= 5; step++) t.metric(step + 3);
    await settle();
    const types = messages.map((m) => m.type);
    assert.deepEqual(types, ['snapshot', 'runChanged', 'metricsAppended']);
    feed.dispose();
  });

  it('emits phase changes as runChanged and nothing after it is disposed', async () => {
    const dir = runDirFixture('running');
    const t = trainer(dir);
    const feed = new LiveFeed(t.run, OPTIONS);
    const { messages } = collect(feed);
    t.send({ type: 'paused', payload: { paused: true, step: 1 } });
    assert.deepEqual(
      messages.map((m) => m.type),
      ['runChanged'],
    );
    feed.dispose();
    t.send({ type: 'paused', payload: { paused: false, step: 1 } });
    t.metric(1);
    await settle();
    assert.equal(messages.length, 1);
  });

  it('gives an empty snapshot while the run has no directory yet', async () => {
    const t = trainer('');
    const run: LiveSource = { ...t.run, runDir: undefined, phase: 'queued' };
    const feed = new LiveFeed(run, OPTIONS);
    const { messages } = collect(feed);
    await feed.requestSnapshot();
    const snapshot = messages[0];
    assert.ok(snapshot?.type === 'snapshot');
    assert.equal(snapshot.payload.metrics.length, 0);
    assert.equal(snapshot.payload.run.phase, 'queued');
    feed.dispose();
  });

  it('reads a new snapshot when asked again after the one given while the run had no directory', async () => {
    // The Samples view's feed opens with the dashboard, before the trainer has made the run's
    // directory: that first snapshot is empty and read at once (nothing to await). The view is
    // resolved later and asks again: it gets a snapshot of the directory, not the old one joined.
    const dir = runDirFixture('running', { metrics: [1, 2], events: [event(1, 'a')] });
    const t = trainer(dir);
    const run: { -readonly [K in keyof LiveSource]: LiveSource[K] } = { ...t.run, runDir: undefined, phase: 'queued' };
    const feed = new LiveFeed(run, OPTIONS);
    const { messages } = collect(feed);
    await feed.requestSnapshot();
    run.runDir = dir;
    run.phase = 'running';
    await feed.requestSnapshot();
    const snapshots = messages.filter((m) => m.type === 'snapshot');
    assert.equal(snapshots.length, 2, 'the second request gets a snapshot of its own');
    const last = snapshots[1];
    assert.ok(last?.type === 'snapshot');
    assert.equal(last.payload.run.runDir, dir);
    assert.equal(last.payload.run.phase, 'running');
    assert.deepEqual(
      last.payload.metrics.map((m) => m.step),
      [1, 2],
    );
    // And a third request, once that read is done, reads again.
    await feed.requestSnapshot();
    assert.equal(messages.filter((m) => m.type === 'snapshot').length, 3);
    feed.dispose();
  });
});
