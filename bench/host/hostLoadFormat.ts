/** What bench/extensionHostLoad.ts and its in-host driver (hostLoadDriver.ts) exchange through files. */

export interface HostLoadParams {
  mode: 'soak' | 'load';
  /** Experiment files to start, in order (absolute paths inside the opened workspace). */
  files: string[];
  /** Where the driver writes its HostLoadResult (rewritten after every sample). */
  out: string;
  sampleEveryMs: number;
  /** Stop sampling after this long even if runs are still training (load); absent: until they end. */
  windowMs?: number;
  /** The driver writes this when sampling is over and the dashboards are still open… */
  readyForFinalProbeFile: string;
  /** …and waits for the runner to write this after probing them. */
  probedFile: string;
}

export interface TrainerSample {
  step: number;
  stepsPerSecond: number;
  phase: string;
  /** VmRSS of the trainer process read by the host (null once it has exited). */
  rssMb: number | null;
  /** Live tensors the trainer reported in its last metrics record. */
  tensors: number | null;
  reportedRssMb: number | null;
}

export interface HostSample {
  atMs: number;
  /** The extension host: heap and RSS after a full GC, and the CPU it used since the last sample (% of one core). */
  host: { heapUsedMb: number; rssMb: number; cpuPercent: number };
  eventLoopMs: { p50: number; p99: number; max: number };
  commandsMs: Record<string, number>;
  trainers: TrainerSample[];
}

export interface HostLoadResult {
  params: HostLoadParams;
  samples: HostSample[];
  finished: boolean;
  runs?: { runDir: string; phase: string; lastStep: number; error: string | null }[];
}

/** One look at a dashboard from the browser's side. */
export interface DashboardProbe {
  atMs: number;
  /** Dashboards whose frame answered (hidden ones do not paint). */
  visible: number;
  /** From asking the visible dashboard for a frame to that frame being painted (ms). */
  frameMs: number | null;
  /** The step its header shows, and the newest step in the run's metrics.jsonl at that moment. */
  shownStep: number | null;
  diskStep: number | null;
}
