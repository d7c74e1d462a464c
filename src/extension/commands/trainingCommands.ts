/** Start, stop, pause, resume, resume from checkpoint and restart: the commands that drive trainers. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { validateExperimentFile } from '../../training/validateExperimentFile';
import { checkpointsDirOf, latestCheckpoint } from '../../shared/runDirectory/checkpoints';
import type { OpenDashboard, RunLookup } from '../deps';
import type { ExperimentIndex } from '../editor/experimentIndex';
import type { LiveRun } from '../trainingRuns/liveRun';
import type { Notices } from '../views/notices';
import type { ConfigProblem } from '../../shared/experiment/validate';
import type { RunCatalog } from '../trainingRuns/runCatalog';
import type { RunManager } from '../trainingRuns/runManager';
import { readRunSummary } from '../trainingRuns/runReader';
import { pickLiveRun, targetOf } from './runTarget';
import { ensureTrusted } from './workspaceTrust';

export interface TrainingCommandDeps {
  /** Starts and drives trainers (each through the launcher). */
  readonly manager: RunLookup & Pick<RunManager, 'start' | 'stop' | 'pause' | 'resume' | 'stopAll'>;
  /** The workspace's experiment files, to pick one to train. */
  readonly index: Pick<ExperimentIndex, 'ready' | 'all'>;
  /** The runs, to pick one to resume. */
  readonly catalog: Pick<RunCatalog, 'list'>;
  readonly openDashboard: OpenDashboard;
  /** Tells the user how a run ended: its result, or why it failed (views/runEndNotice.ts). */
  readonly watchRunEnd: (run: LiveRun) => void;
  /** The notifications (kept for reading back). */
  readonly notices: Pick<Notices, 'error' | 'warning'>;
}

async function experimentFileFor(arg: unknown, index: TrainingCommandDeps['index']): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const active = vscode.window.activeTextEditor?.document;
  if (active?.uri.path.endsWith('.gan.json')) return active.uri;
  await index.ready;
  const entries = index.all();
  if (entries.length === 0) {
    const choice = await vscode.window.showInformationMessage(
      'There is no *.gan.json experiment file in this workspace.',
      'New Experiment',
    );
    if (choice) await vscode.commands.executeCommand('ganWorkbench.newExperiment');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    entries.map((e) => ({ label: e.name, description: vscode.workspace.asRelativePath(e.uri), uri: e.uri })),
    { title: 'Start Training: which experiment?' },
  );
  return picked?.uri;
}

/** Shows progress until the first metrics arrive; cancelling stops the run. */
function showStartProgress(run: LiveRun, manager: Pick<RunManager, 'stop'>): void {
  void vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `GAN ${run.experimentName}`, cancellable: true },
    (progress, token) =>
      new Promise<void>((resolve) => {
        progress.report({ message: run.phase === 'queued' ? 'queued (concurrency limit reached)…' : 'starting the trainer…' });
        const subscription = run.onDidChange((m) => {
          if (m?.type === 'started')
            progress.report({ message: `training on ${m.payload.meta.backend?.name ?? '…'}, waiting for the first metrics…` });
          if (m?.type === 'metrics' || run.ended) done();
        });
        const cancel = token.onCancellationRequested(() => {
          manager.stop(run);
          done();
        });
        function done() {
          subscription.dispose();
          cancel.dispose();
          resolve();
        }
      }),
  );
}

export async function startTraining(deps: TrainingCommandDeps, arg?: unknown): Promise<LiveRun | undefined> {
  if (!(await ensureTrusted('train'))) return undefined;
  const uri = await experimentFileFor(arg, deps.index);
  if (!uri) return undefined;
  const document = await vscode.workspace.openTextDocument(uri);
  if (document.isDirty) await document.save();
  // With the files the experiment names checked too (a missing data file, MNIST not installed), so
  // a run that cannot load its data never opens an empty, failed dashboard.
  const text = document.getText();
  const result = await validateExperimentFile(text, uri.fsPath);
  const file = vscode.workspace.asRelativePath(uri);
  if (!result.ok) {
    const first = result.problems[0]!;
    // The editor shows the problem where it is (its diagnostics are the same messages), and the
    // notification says it once, with what is expected there.
    const at = new vscode.Range(first.line - 1, first.column - 1, first.line - 1, first.column - 1);
    await vscode.window.showTextDocument(document, { selection: at, preview: false });
    void deps.notices
      .error(startRefusal(file, result.problems), 'Show Problems')
      .then((choice) => choice && vscode.commands.executeCommand('workbench.actions.view.problems'));
    return undefined;
  }
  const running = deps.manager.liveRunFor(uri);
  if (running) {
    const choice = await vscode.window.showWarningMessage(`${result.config.name} is already training.`, 'Start Another', 'Open Dashboard');
    if (choice === 'Open Dashboard') return void deps.openDashboard({ live: running });
    if (!choice) return undefined;
  }
  const run = deps.manager.start(uri, result.config.name);
  showStartProgress(run, deps.manager);
  openDashboardWhenStarted(run, deps.openDashboard);
  deps.watchRunEnd(run);
  return run;
}

/**
 * Why Start refused a file, said once: where the first problem is, what it is and what is expected
 * there (a data path appears once, in the problem's own words), and how many more there are.
 */
export function startRefusal(file: string, problems: readonly ConfigProblem[]): string {
  const first = problems[0]!;
  const expected = first.expected ? `; expected ${first.expected}` : '';
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  return `Cannot start ${file}: line ${first.line}, ${first.path}: ${first.message}${expected}${more}. Correct it in the file, then start again.`;
}

/**
 * Opens the run's dashboard once its trainer has started it (its run directory exists), so a run
 * that fails before it starts opens no empty dashboard: its notification says why.
 */
function openDashboardWhenStarted(run: LiveRun, openDashboard: OpenDashboard, runDir?: string): void {
  const open = () => openDashboard({ live: run, ...((runDir ?? run.runDir) && { runDir: runDir ?? run.runDir }) });
  if (run.runDir) return void open();
  const subscription = run.onDidChange(() => {
    if (run.runDir) open();
    if (run.runDir || run.ended) subscription.dispose();
  });
}

const STOP_ALL: vscode.QuickPickItem = { label: '$(debug-stop) Stop all', description: 'every run training in this window' };

/** Stops a run; with several live runs and no run named, the picker offers "Stop all" beside them. */
export async function stopTraining({ manager }: TrainingCommandDeps, arg?: unknown): Promise<void> {
  const picked = await pickLiveRun(arg, manager, (r) => r.live, 'stop', STOP_ALL);
  if (picked === STOP_ALL) await manager.stopAll();
  else if (picked) manager.stop(picked as LiveRun);
}

export async function pauseTraining({ manager }: TrainingCommandDeps, arg?: unknown): Promise<void> {
  const run = await pickLiveRun(arg, manager, (r) => r.phase === 'running', 'pause');
  if (run) manager.pause(run);
}

export async function resumeTraining({ manager }: TrainingCommandDeps, arg?: unknown): Promise<void> {
  const run = await pickLiveRun(arg, manager, (r) => r.phase === 'paused', 'resume');
  if (run) manager.resume(run);
}

/** What resuming a run needs (the dashboard's Resume button has it too). */
export interface ResumeDeps {
  readonly manager: RunLookup & Pick<RunManager, 'start' | 'stop'>;
  readonly catalog: Pick<RunCatalog, 'list'>;
  readonly openDashboard: OpenDashboard;
  readonly watchRunEnd: (run: LiveRun) => void;
}

/** `arg`: a run (tree node, live run), a run directory path, or nothing (a pick among the resumable runs). */
export async function resumeFromCheckpoint(deps: ResumeDeps, arg?: unknown): Promise<LiveRun | undefined> {
  if (!(await ensureTrusted('train'))) return undefined;
  let runDir = typeof arg === 'string' ? arg : targetOf(arg, deps.manager)?.runDir;
  if (!runDir) {
    const candidates = (await deps.catalog.list()).filter((n) => n.dir && !n.live?.live && n.status !== 'completed');
    const picked = await vscode.window.showQuickPick(
      candidates.map((n) => ({
        label: n.runId,
        description: `${n.experimentName} · ${n.status} · step ${n.meta?.lastStep ?? '?'}`,
        dir: n.dir,
      })),
      { title: 'Resume which run from its latest checkpoint?' },
    );
    runDir = picked?.dir;
  }
  if (!runDir) return undefined;
  if (deps.manager.byRunDir(runDir)?.live) {
    void vscode.window.showWarningMessage('That run is still training.');
    return undefined;
  }
  const checkpoint = await latestCheckpoint(checkpointsDirOf(runDir));
  if (!checkpoint) {
    void vscode.window.showErrorMessage(`${path.basename(runDir)} has no checkpoint to resume from.`);
    return undefined;
  }
  const summary = await readRunSummary(runDir);
  const experimentFile = summary.meta?.experimentFile
    ? vscode.Uri.file(summary.meta.experimentFile)
    : vscode.Uri.file(path.join(runDir, 'experiment.json'));
  const run = deps.manager.start(experimentFile, summary.experimentName, { resumeDir: runDir });
  showStartProgress(run, deps.manager);
  // The run's open dashboard follows the resumed run (webviews/dashboards.ts); one is opened if none is.
  openDashboardWhenStarted(run, deps.openDashboard, runDir);
  deps.watchRunEnd(run);
  return run;
}

/** Stops a run and starts its experiment file anew; refused first in an untrusted workspace, so nothing is stopped then. */
export async function restartWithChanges(deps: TrainingCommandDeps, arg?: unknown): Promise<void> {
  if (!(await ensureTrusted('train'))) return;
  const run = await pickLiveRun(arg, deps.manager, (r) => r.live, 'restart');
  if (!run) return;
  deps.manager.stop(run);
  await run.whenEnded();
  await startTraining(deps, run.experimentFile);
}
