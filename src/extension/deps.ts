/**
 * The narrow interfaces that more than one part is handed by the composition root (workbench.ts).
 * A part names what it uses — a run to show, a way to open its dashboard, the live runs it looks
 * up — never the Workbench, so no part imports the root and each can be built in a test with fakes.
 */
import type { LiveRun } from './trainingRuns/liveRun';
import type { RunManager } from './trainingRuns/runManager';

/** A run as a command or a view names it: its live state in this window, its directory, or both. */
export interface RunTarget {
  live?: LiveRun;
  runDir?: string;
}

/** An open dashboard, as the parts that open one use it. */
export interface DashboardHandle {
  /** Posts the run's sampling results, showing `id` (the newest without one). */
  showSampling(id?: string): Promise<void>;
}

/** Opens (or reveals) the dashboard of a run and shows the run in the Samples view. */
export type OpenDashboard = (target: RunTarget) => DashboardHandle;

/** Finding the live runs of this window (what the RunManager answers without changing anything). */
export type RunLookup = Pick<RunManager, 'byRunDir' | 'liveRunFor' | 'live'>;
