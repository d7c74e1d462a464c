/**
 * The extension's commands and view actions built as the composition root builds them, but on fakes:
 * the `vscode` stand-in (fakeVscode.ts, imported first), a launcher that records what it is asked
 * to start and starts nothing, the real RunManager on top of it, and a workspace folder with an
 * experiment file and a stopped run that has a checkpoint.
 */
import { ui, Uri } from './fakeVscode';
import { EventEmitter } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { CommandDeps } from '../../src/extension/commands/registerCommands';
import type { RunTarget } from '../../src/extension/deps';
import { mergeRuns, type CatalogRun } from '../../src/extension/trainingRuns/catalogRun';
import type { LaunchRequest } from '../../src/extension/trainingRuns/launchPlan';
import type { LiveRun } from '../../src/extension/trainingRuns/liveRun';
import type { Launcher, LaunchedProcess, ProcessExit } from '../../src/extension/trainingRuns/processLauncher';
import { RunManager } from '../../src/extension/trainingRuns/runManager';
import { readRunSummary, type RunSummary } from '../../src/extension/trainingRuns/runReader';
import { Notices } from '../../src/extension/views/notices';
import type { RunActionDeps } from '../../src/extension/webviews/runActions';
import type { HyperparameterChanges } from '../../src/shared/protocol';
import type { RunMeta } from '../../src/shared/runFormat';
import { ringExperiment, tempDir } from './experiments';

/** A started child that is not a process: a trainer runs until killed; gan-sample and gan-export end at once with no result. */
function fakeProcess(request: LaunchRequest): LaunchedProcess {
  const child = Object.assign(new EventEmitter(), {
    stdout: new EventEmitter(),
    stderr: new EventEmitter(),
    connected: false,
    send: () => false,
  });
  let resolveExit!: (exit: ProcessExit) => void;
  const exited = new Promise<ProcessExit>((resolve) => (resolveExit = resolve));
  let ended = false;
  const exit = (code: number | null, signal: NodeJS.Signals | null) => {
    if (ended) return;
    ended = true;
    resolveExit({ code, signal });
    child.emit('exit', code, signal);
    child.emit('close', code, signal);
  };
  if (request.tool !== 'trainer') setImmediate(() => exit(1, null));
  return {
    tool: request.tool,
    child: child as unknown as ChildProcess,
    pid: undefined,
    get hasExited() {
      return ended;
    },
    exited,
    kill: (signal = 'SIGTERM') => exit(null, signal),
  };
}

/** Records every launch; what it "starts" is a fakeProcess. */
export class RecordingLauncher implements Launcher {
  readonly launched: LaunchRequest[] = [];
  launch(request: LaunchRequest): LaunchedProcess {
    this.launched.push(request);
    return fakeProcess(request);
  }
}

/**
 * A workspace folder with `ring.gan.json` and one stopped run of it with a checkpoint at step 100,
 * and `other.gan.json` (for a run that trains while a command runs).
 */
export function workspaceFixture() {
  const folder = tempDir('gan-host-');
  const experimentFile = join(folder, 'ring.gan.json');
  const config = ringExperiment({ name: 'ring' });
  writeFileSync(experimentFile, JSON.stringify(config, null, 2));
  const otherFile = join(folder, 'other.gan.json');
  writeFileSync(otherFile, JSON.stringify(ringExperiment({ name: 'other' }), null, 2));
  const runDir = join(folder, 'runs', 'ring', '20260101-000000-1');
  mkdirSync(join(runDir, 'checkpoints', 'step-100'), { recursive: true });
  writeFileSync(join(runDir, 'checkpoints', 'step-100', 'checkpoint.json'), '{}');
  const meta: RunMeta = {
    formatVersion: 1,
    runId: '20260101-000000-1',
    experimentName: 'ring',
    experimentFile,
    status: 'stopped',
    backend: null,
    versions: { ganWorkbench: '0.1.0', tfjs: '4.22.0', node: '20.0.0' },
    startedAt: '2026-01-01T00:00:00.000Z',
    endedAt: '2026-01-01T00:01:00.000Z',
    lastStep: 100,
    totalSteps: 40,
    error: null,
    pid: 0,
    data: { dim: 2 },
  };
  writeFileSync(join(runDir, 'run.json'), JSON.stringify(meta));
  writeFileSync(join(runDir, 'experiment.json'), JSON.stringify(config));
  writeFileSync(
    join(runDir, 'metrics.jsonl'),
    [1, 2]
      .map((step) =>
        JSON.stringify({
          step,
          time: step,
          elapsed: step,
          stepsPerSecond: 1,
          dLoss: 1.5,
          gLoss: 0.7,
          components: {},
          dReal: 0.5,
          dFake: 0.5,
          gradNormD: 1,
          gradNormG: 1,
        }),
      )
      .join('\n') + '\n',
  );
  return { folder, experimentFile, experimentUri: Uri.file(experimentFile), otherFile, otherUri: Uri.file(otherFile), runDir, config };
}

export type Workspace = ReturnType<typeof workspaceFixture>;

/** What the parts did with their fake dependencies, besides the launcher's record. */
export interface HostRecord {
  dashboards: RunTarget[];
  samplesShown: RunTarget[];
  runEndWatched: LiveRun[];
  edits: { run: LiveRun; changes: HyperparameterChanges }[];
  forgotten: string[];
  logShown: number;
}

/**
 * Every narrow dependency of the commands and the view actions, on the fakes: the real RunManager
 * over `launcher`, a catalog of the workspace's run (plus the live runs), an index of its experiment file.
 */
export function hostDeps(workspace: Workspace, launcher: Launcher = new RecordingLauncher()) {
  const log = { info: () => undefined, warn: () => undefined, error: () => undefined, show: () => undefined };
  const manager = new RunManager(launcher, log as never);
  const record: HostRecord = { dashboards: [], samplesShown: [], runEndWatched: [], edits: [], forgotten: [], logShown: 0 };
  let disk: RunSummary[] = [];
  const runs = (): CatalogRun[] => mergeRuns(disk, manager.all());
  const deps: CommandDeps & RunActionDeps = {
    manager,
    launcher,
    index: {
      ready: Promise.resolve(),
      all: () => [{ uri: workspace.experimentUri as never, name: 'ring', runsRoot: join(workspace.folder, 'runs') }],
    },
    catalog: {
      list: async () => {
        disk = [await readRunSummary(workspace.runDir)];
        return runs();
      },
      refresh: async () => {
        disk = [await readRunSummary(workspace.runDir)];
      },
      forgetRun: (dir) => void record.forgotten.push(dir),
    },
    samples: { show: (target) => void record.samplesShown.push(target) },
    openDashboard: (target) => {
      record.dashboards.push(target);
      return { showSampling: () => Promise.resolve() };
    },
    lastRunOf: () => workspace.runDir,
    watchRunEnd: (run) => void record.runEndWatched.push(run),
    notices: new Notices(),
    showLog: () => void record.logShown++,
    // The native backend installs into the workspace's own folder; this checkout gives the TensorFlow.js version.
    nativeBackend: { storageDir: join(workspace.folder, 'global-storage'), extensionPath: join(__dirname, '..', '..') },
    // npm as this machine has it (the trust tests' launcher starts nothing).
    npmSearch: () => ({ env: process.env, platform: process.platform, nodePath: '' }),
    // The dashboard's edits, recorded (what LiveEdits does with them is tested on its own).
    liveEdits: {
      setFromDashboard: async (run: LiveRun, changes: HyperparameterChanges) => {
        record.edits.push({ run, changes });
        return { outcome: 'run', message: '' };
      },
      saveToExperimentFile: async () => ({ outcome: 'saved', message: '', changed: [] }),
    } as unknown as RunActionDeps['liveEdits'],
  };
  return { deps, manager, record, catalogRun: async () => (await deps.catalog.list()).find((r) => r.dir === workspace.runDir)! };
}

/** The fake user accepts what each prompt proposes: the first item of a pick, the value of an input box, the workspace folder. */
export function acceptEveryProposal(workspace: Workspace): void {
  ui.answer = (api, args) => {
    if (api === 'window.showQuickPick') return (args[0] as unknown[])[0];
    if (api === 'window.showInputBox') return (args[0] as { value?: string }).value;
    if (api === 'window.showOpenDialog') return [Uri.file(workspace.runDir)];
    return undefined;
  };
}
