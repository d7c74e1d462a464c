/** Run directories written the way the trainer writes them, and the messages a feed emits, for the feed tests. */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Disposable } from '../../src/extension/feeds/feedEmitter';
import type { RunFeed } from '../../src/extension/feeds/runFeed';
import type { HostToWebview } from '../../src/shared/protocol';
import { RUN_FILES, type MetricRecord, type RunEvent, type RunMeta, type RunStatus } from '../../src/shared/runFormat';
import { ringExperiment, tempDir } from './experiments';

export function runMeta(status: RunStatus, lastStep = 0): RunMeta {
  return {
    formatVersion: 1,
    runId: '20260102-030405-feed',
    experimentName: 'test-ring',
    experimentFile: '/work/ring.gan.json',
    status,
    backend: null,
    versions: { ganWorkbench: '0.1.0', tfjs: '4.22.0', node: process.version },
    startedAt: '2026-01-02T03:04:05.000Z',
    endedAt: null,
    lastStep,
    totalSteps: 1000,
    error: null,
    pid: process.pid,
  };
}

/** A run directory with run.json, experiment.json and the given records (one line each). */
export function runDirFixture(status: RunStatus, records: { metrics?: number[]; events?: RunEvent[] } = {}): string {
  const dir = join(tempDir('gan-feed-'), 'run');
  mkdirSync(join(dir, RUN_FILES.samples), { recursive: true });
  writeFileSync(join(dir, RUN_FILES.meta), JSON.stringify(runMeta(status)));
  writeFileSync(join(dir, RUN_FILES.experiment), JSON.stringify(ringExperiment()));
  for (const step of records.metrics ?? []) appendLine(dir, RUN_FILES.metrics, metric(step));
  for (const e of records.events ?? []) appendLine(dir, RUN_FILES.events, e);
  return dir;
}

export function metric(step: number): MetricRecord {
  return {
    step,
    time: 1_700_000_000_000 + step,
    elapsed: step / 10,
    stepsPerSecond: 10,
    dLoss: 1 / step,
    gLoss: 2 / step,
    components: { 'd.real': 0.5 },
    dReal: 0.5,
    dFake: 0.5,
    gradNormD: 1,
    gradNormG: 1,
  };
}

export function event(step: number, message: string): RunEvent {
  return { step, time: 1_700_000_000_000 + step, kind: 'warning', message };
}

/** One JSON line appended, as `appendJsonLine` in the trainer does. */
export function appendLine(dir: string, file: string, record: unknown): void {
  appendFileSync(join(dir, file), `${JSON.stringify(record)}\n`);
}

/** Every message the feed emits, from now on. */
export function collect(feed: RunFeed): { messages: HostToWebview[]; subscription: Disposable } {
  const messages: HostToWebview[] = [];
  return { messages, subscription: feed.onMessage((m) => messages.push(m)) };
}

/** What a view holds after these messages: the last snapshot's records and every increment after it, as steps or event texts. */
export function viewAfter(messages: readonly HostToWebview[]): { snapshots: number; metrics: number[]; events: string[] } {
  let metrics: number[] = [];
  let events: string[] = [];
  let snapshots = 0;
  for (const m of messages) {
    if (m.type === 'snapshot') {
      snapshots++;
      metrics = m.payload.metrics.map((r) => r.step);
      events = m.payload.events.map((e) => e.message);
    } else if (m.type === 'metricsAppended') metrics.push(...m.payload.records.map((r) => r.step));
    else if (m.type === 'eventAppended') events.push(m.payload.message);
  }
  return { snapshots, metrics, events };
}

export const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
