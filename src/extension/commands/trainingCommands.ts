/** Start, stop, pause, resume, resume from checkpoint and restart: the commands that drive trainers. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { validateExperimentFile } from '../../training/validateExperimentFile';
import { checkpointsDirOf, latestCheckpoint } from '../../shared/runDirectory/checkpoints';
import type { OpenDashboard, RunLookup } from '../deps';
import type { ExperimentIndex } from '../editor/experimentIndex';
import type { LiveRun } from '../trainingRuns/liveRun';
import type { RunCatalog } from '../trainingRuns/runCatalog';
import type { RunManager } from '../trainingRuns/runManager';
import { readRunSummary } from '../trainingRuns/runReader';
import { pickLiveRun, targetOf } from './runTarget';
import { ensureTrusted } from './workspaceTrust';

export interface TrainingCommandDeps {
  /** Starts and drives trainers (each through the launcher). */
  readonly manager: RunLookup & Pick<RunManager, 'start' | 'stop' | 'pause' | 'resume'>;
  /** The workspace's experiment files, to pick one to train. */
  readonly index: Pick<ExperimentIndex, 'ready' | 'all'>;
  /** The runs, to pick one to resume. */
  readonly catalog: Pick<RunCatalog, 'list'>;
  readonly openDashboard: OpenDashboard;
  /** Tells the user when a run ends badly (views/crashNotice.ts). */
  readonly watchForCrash: (run: LiveRun) => void;
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
function showStartProgress(run: LiveRun, manager: TrainingCommandDeps['manager']): void {
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
    const choice = await vscode.window.showErrorMessage(
      `${file} has ${result.problems.length} problem(s); first: line ${first.line}: ${first.path}: ${first.message}`,
      'Show Problems',
    );
    if (choice) {
      await vscode.window.showTextDocument(document, {
        selection: new vscode.Range(first.line - 1, first.column - 1, first.line - 1, first.column - 1),
      });
      await vscode.commands.executeCommand('workbench.actions.view.problems');
    }
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
  deps.openDashboard({ live: run });
  deps.watchForCrash(run);
  return run;
}

export async function stopTraining({ manager }: TrainingCommandDeps, arg?: unknown): Promise<void> {
  const run = await pickLiveRun(arg, manager, (r) => r.live, 'stop');
  if (run) manager.stop(run);
}

export async function pauseTraining({ manager }: TrainingCommandDeps, arg?: unknown): Promise<void> {
  const run = await pickLiveRun(arg, manager, (r) => r.phase === 'running', 'pause');
  if (run) manager.pause(run);
}

export async function resumeTraining({ manager }: TrainingCommandDeps, arg?: unknown): Promise<void> {
  const run = await pickLiveRun(arg, manager, (r) => r.phase === 'paused', 'resume');
  if (run) manager.resume(run);
}

export async function resumeFromCheckpoint(deps: TrainingCommandDeps, arg?: unknown): Promise<LiveRun | undefined> {
  if (!(await ensureTrusted('train'))) return undefined;
  let runDir = targetOf(arg, deps.manager)?.runDir;
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
  deps.openDashboard({ live: run, runDir });
  deps.watchForCrash(run);
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
