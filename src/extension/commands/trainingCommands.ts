/** Start, stop, pause, resume, resume from checkpoint and restart: the commands that drive trainers. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { validateExperimentFile } from '../../training/validateExperimentFile';
import { checkpointsDirOf, latestCheckpoint } from '../../shared/runDirectory/checkpoints';
import type { LiveRun } from '../trainingRuns/liveRun';
import type { Workbench } from '../workbench';
import { pickLiveRun, targetOf } from './runTarget';
import { ensureTrusted } from './workspaceTrust';

async function experimentFileFor(arg: unknown, workbench: Workbench): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const active = vscode.window.activeTextEditor?.document;
  if (active?.uri.path.endsWith('.gan.json')) return active.uri;
  await workbench.index.ready;
  const entries = workbench.index.all();
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
function showStartProgress(run: LiveRun, workbench: Workbench): void {
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
          workbench.manager.stop(run);
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

export async function startTraining(workbench: Workbench, arg?: unknown): Promise<LiveRun | undefined> {
  if (!(await ensureTrusted('train'))) return undefined;
  const uri = await experimentFileFor(arg, workbench);
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
  const running = workbench.manager.liveRunFor(uri);
  if (running) {
    const choice = await vscode.window.showWarningMessage(`${result.config.name} is already training.`, 'Start Another', 'Open Dashboard');
    if (choice === 'Open Dashboard') return void workbench.openDashboard({ live: running });
    if (!choice) return undefined;
  }
  const run = workbench.manager.start(uri, result.config.name);
  showStartProgress(run, workbench);
  workbench.openDashboard({ live: run });
  workbench.watchForCrash(run);
  return run;
}

export async function stopTraining(workbench: Workbench, arg?: unknown): Promise<void> {
  const run = await pickLiveRun(arg, workbench.manager, (r) => r.live, 'stop');
  if (run) workbench.manager.stop(run);
}

export async function pauseTraining(workbench: Workbench, arg?: unknown): Promise<void> {
  const run = await pickLiveRun(arg, workbench.manager, (r) => r.phase === 'running', 'pause');
  if (run) workbench.manager.pause(run);
}

export async function resumeTraining(workbench: Workbench, arg?: unknown): Promise<void> {
  const run = await pickLiveRun(arg, workbench.manager, (r) => r.phase === 'paused', 'resume');
  if (run) workbench.manager.resume(run);
}

export async function resumeFromCheckpoint(workbench: Workbench, arg?: unknown): Promise<LiveRun | undefined> {
  if (!(await ensureTrusted('train'))) return undefined;
  let runDir = targetOf(arg, workbench.manager)?.runDir;
  if (!runDir) {
    const candidates = (await workbench.catalog.list()).filter((n) => n.dir && !n.live?.live && n.status !== 'completed');
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
  if (workbench.manager.byRunDir(runDir)?.live) {
    void vscode.window.showWarningMessage('That run is still training.');
    return undefined;
  }
  const checkpoint = await latestCheckpoint(checkpointsDirOf(runDir));
  if (!checkpoint) {
    void vscode.window.showErrorMessage(`${path.basename(runDir)} has no checkpoint to resume from.`);
    return undefined;
  }
  const summary = await workbench.summaryOf(runDir);
  const experimentFile = summary.meta?.experimentFile
    ? vscode.Uri.file(summary.meta.experimentFile)
    : vscode.Uri.file(path.join(runDir, 'experiment.json'));
  const run = workbench.manager.start(experimentFile, summary.experimentName, { resumeDir: runDir });
  showStartProgress(run, workbench);
  workbench.openDashboard({ live: run, runDir });
  workbench.watchForCrash(run);
  return run;
}

export async function restartWithChanges(workbench: Workbench, arg?: unknown): Promise<void> {
  const run = await pickLiveRun(arg, workbench.manager, (r) => r.live, 'restart');
  if (!run) return;
  workbench.manager.stop(run);
  await run.whenEnded();
  await startTraining(workbench, run.experimentFile);
}
