/** Every command, view, context key and setting id of the extension, in one place. */
export const COMMANDS = {
  startTraining: 'ganWorkbench.startTraining',
  stopTraining: 'ganWorkbench.stopTraining',
  pauseTraining: 'ganWorkbench.pauseTraining',
  resumeTraining: 'ganWorkbench.resumeTraining',
  openDashboard: 'ganWorkbench.openDashboard',
  showSamples: 'ganWorkbench.showSamples',
  openRun: 'ganWorkbench.openRun',
  openLastRun: 'ganWorkbench.openLastRun',
  resumeFromCheckpoint: 'ganWorkbench.resumeFromCheckpoint',
  deleteRun: 'ganWorkbench.deleteRun',
  revealRun: 'ganWorkbench.revealRun',
  newExperiment: 'ganWorkbench.newExperiment',
  showTrainerLog: 'ganWorkbench.showTrainerLog',
  restartWithChanges: 'ganWorkbench.restartWithChanges',
  refreshRuns: 'ganWorkbench.refreshRuns',
  exportGenerator: 'ganWorkbench.exportGenerator',
  sampleWithMcmc: 'ganWorkbench.sampleWithMcmc',
  checkBackends: 'ganWorkbench.checkBackends',
  installNativeBackend: 'ganWorkbench.installNativeBackend',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** The sweep commands (registered by sweeps/sweepCommands.ts). */
export const SWEEP_COMMANDS = {
  startSweep: 'ganWorkbench.startSweep',
  cancelSweep: 'ganWorkbench.cancelSweep',
  cancelTrial: 'ganWorkbench.cancelSweepTrial',
  openSweepDashboard: 'ganWorkbench.openSweepDashboard',
  openTrial: 'ganWorkbench.openSweepTrial',
  openSweepFolder: 'ganWorkbench.openSweepFolder',
} as const;

/** Runs side by side (registered by compare/registerCompare.ts); the sweep dashboard calls it with run directories. */
export const COMPARE_COMMANDS = {
  compareRuns: 'ganWorkbench.compareRuns',
} as const;

export const VIEWS = {
  container: 'ganWorkbench',
  runs: 'ganWorkbench.runs',
} as const;

/** Context keys used in `when` / `enablement` clauses of package.json. */
export const CONTEXT = {
  /** True while at least one run is live (starting, running, paused or queued). */
  hasLiveRuns: 'ganWorkbench.hasLiveRuns',
  /** True while at least one run is running (not paused). */
  hasRunningRuns: 'ganWorkbench.hasRunningRuns',
  /** True while at least one run is paused. */
  hasPausedRuns: 'ganWorkbench.hasPausedRuns',
  /** True when a run directory is known (live or on disk). */
  hasRuns: 'ganWorkbench.hasRuns',
} as const;

export const SETTINGS = {
  section: 'ganWorkbench',
  runsDirectory: 'runsDirectory',
  defaultBackend: 'defaultBackend',
  maxConcurrentRuns: 'maxConcurrentRuns',
  trainerNodePath: 'trainerNodePath',
  metricsRetention: 'metricsRetention',
  trainerPriority: 'trainerPriority',
  dashboardEdits: 'dashboardEdits',
  dashboardTabs: 'dashboardTabs',
  wasmThreads: 'wasmThreads',
  sweepFolders: 'sweepFolders',
} as const;

export const OUTPUT_CHANNEL = 'GAN Workbench';
export const EXPERIMENT_GLOB = '**/*.gan.json';
export const SWEEP_GLOB = '**/*.sweep.json';
