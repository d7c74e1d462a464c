/**
 * One run as the catalog lists it: a run directory read from disk, merged with the live state of
 * the run when this window is training it (live values win; the disk fills in what the trainer has
 * not said yet). Pure: no `vscode`, no I/O.
 */
import type { MetricRecord, QualityRecord, RunMeta } from '../../shared/runFormat';
import type { LivePhase, LiveRun } from './liveRun';
import type { RunSummary } from './runReader';

export type CatalogRunStatus = LivePhase | 'interrupted' | 'unknown';

/** What the catalog reads of a live run. */
export type LiveRunState = Pick<
  LiveRun,
  'localId' | 'phase' | 'runDir' | 'meta' | 'experimentName' | 'lastMetrics' | 'lastQuality' | 'live' | 'ended'
>;

export interface CatalogRun<Live extends LiveRunState = LiveRun> {
  kind: 'run';
  /** Run directory ('' while queued or starting). */
  dir: string;
  runId: string;
  experimentName: string;
  status: CatalogRunStatus;
  meta: RunMeta | null;
  lastMetrics: MetricRecord | null;
  /** The newest quality record: the run's result once it has ended. */
  lastQuality: QualityRecord | null;
  warnings: string[];
  /** The live run, when this window trains (or trained) it. */
  live: Live | undefined;
  /** Newest first sorts by this, descending: the run id, or `~<local id>` before a run has one. */
  sortKey: string;
}

export function fromSummary<Live extends LiveRunState>(s: RunSummary): CatalogRun<Live> {
  return {
    kind: 'run',
    dir: s.dir,
    runId: s.runId,
    experimentName: s.experimentName,
    status: s.effectiveStatus,
    meta: s.meta,
    lastMetrics: s.lastMetrics,
    lastQuality: s.lastQuality,
    warnings: s.warnings,
    live: undefined,
    sortKey: s.runId,
  };
}

export function fromLive<Live extends LiveRunState>(run: Live, disk: CatalogRun<Live> | undefined): CatalogRun<Live> {
  return {
    kind: 'run',
    dir: run.runDir ?? '',
    runId: run.meta?.runId ?? (run.phase === 'queued' ? 'queued' : 'starting…'),
    experimentName: run.experimentName,
    status: run.phase,
    meta: run.meta ?? disk?.meta ?? null,
    lastMetrics: run.lastMetrics ?? disk?.lastMetrics ?? null,
    lastQuality: run.lastQuality ?? disk?.lastQuality ?? null,
    warnings: disk?.warnings ?? [],
    live: run,
    sortKey: run.meta?.runId ?? `~${run.localId}`,
  };
}

/**
 * The runs on disk and the live runs as one list, by experiment name and newest run first. A live
 * run that ended before its trainer created a directory (cancelled while queued, a bad config) has
 * nothing to show and is left out; the user was told when it ended.
 */
export function mergeRuns<Live extends LiveRunState>(disk: readonly RunSummary[], live: readonly Live[]): CatalogRun<Live>[] {
  const byDir = new Map<string, CatalogRun<Live>>();
  for (const summary of disk) byDir.set(summary.dir, fromSummary(summary));
  for (const run of live) {
    if (run.ended && !run.runDir) continue;
    const key = run.runDir ?? `queued:${run.localId}`;
    byDir.set(key, fromLive(run, byDir.get(key)));
  }
  return [...byDir.values()].sort((a, b) => a.experimentName.localeCompare(b.experimentName) || b.sortKey.localeCompare(a.sortKey));
}
