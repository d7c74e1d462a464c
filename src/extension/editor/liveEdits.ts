/**
 * Live edits of a run and its experiment file, which are two things: a run is an instance of the
 * file, and its directory records every change (events.jsonl).
 *
 * - Saving the experiment file of a live run applies what is safe mid-run (learning rates, betas,
 *   k, steps, logging intervals) to the trainer and says which other changes need a restart.
 * - A dashboard edit applies to the run only, by default; with the setting
 *   `ganWorkbench.dashboardEdits` at `runAndFile` it is written into the file too. The toast says which.
 * - "Save to experiment file" writes the run's current values into the file: a minimal edit that
 *   keeps comments and formatting, one undo step; saved unless the file has other unsaved changes
 *   (see dashboardEdit.ts).
 *
 * The run's config on the host changes only when the trainer acknowledges a change (LiveRun), with
 * the values it clamped to; that is what a save writes.
 */
import { stat, readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { classifyChanges, describeLiveChanges } from '../../shared/experiment/liveChanges';
import type { Experiment } from '../../shared/experiment/schema';
import { validateExperiment } from '../../shared/experiment/validate';
import type { ExperimentFileState, HyperparameterChanges, RunView } from '../../shared/protocol';
import { experimentOpening } from '../commands/experimentPath';
import { COMMANDS } from '../ids';
import { readSettings, type DashboardEdits } from '../settings';
import type { LiveRun } from '../trainingRuns/liveRun';
import type { RunManager } from '../trainingRuns/runManager';
import { writeIntoFile, type EditableDocument, type FileWriteOutcome } from './dashboardEdit';
import { changesToSave, compareWithFile, describeDifferences } from './experimentFileState';

/** The button of the toast after a run-only edit, and of the dashboard. */
export const SAVE_TO_FILE = 'Save to Experiment File';

/** An experiment file is a few kB; a run folder can name any file, so no more than this is read. */
export const MAX_EXPERIMENT_FILE_BYTES = 1024 * 1024;
const WRITE_OUTSIDE = 'Write';

/**
 * Whether the run's values may be written into `fsPath`, the file the run names (run.json's
 * experimentFile, which a run folder from elsewhere can point anywhere): at once inside a workspace
 * folder, after a modal with the full path anywhere else; never into what is not a file.
 */
async function mayWrite(fsPath: string): Promise<{ ok: true } | { ok: false; message: string }> {
  const workspaceFolders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  const decision = await experimentOpening(fsPath, { workspaceFolders });
  if (decision.kind === 'refuse') return { ok: false, message: decision.message };
  if (decision.kind === 'open') return { ok: true };
  const choice = await vscode.window.showWarningMessage(
    `Write the run's values into ${decision.path}?`,
    {
      modal: true,
      detail:
        `This run names ${decision.path} as its experiment file. It is outside this workspace's folders, and a run folder can ` +
        'come from anywhere: write into it only if you expected this file.',
    },
    WRITE_OUTSIDE,
  );
  return choice === WRITE_OUTSIDE ? { ok: true } : { ok: false, message: `Nothing was written into ${decision.path}.` };
}

function editable(document: vscode.TextDocument): EditableDocument {
  return {
    get isDirty() {
      return document.isDirty;
    },
    getText: () => document.getText(),
    async applyEdits(edits) {
      const edit = new vscode.WorkspaceEdit();
      for (const e of edits)
        edit.replace(document.uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.content);
      return vscode.workspace.applyEdit(edit);
    },
    save: () => Promise.resolve(document.save()),
  };
}

/** The experiment file's text as a save would edit it: the editor's when it has unsaved changes, else the disk's. */
export async function readExperimentFile(fsPath: string): Promise<{ text: string | undefined; unsaved: boolean; tooLarge?: true }> {
  const info = await stat(fsPath).catch(() => undefined);
  if (!info?.isFile()) return { text: undefined, unsaved: false };
  if (info.size > MAX_EXPERIMENT_FILE_BYTES) return { text: undefined, unsaved: false, tooLarge: true };
  const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === fsPath);
  if (open?.isDirty) return { text: open.getText(), unsaved: true };
  const text = await readFile(fsPath, 'utf8').catch(() => undefined);
  return { text, unsaved: false };
}

/** How the run's experiment file stands against the run's values (the dashboard shows it). */
export async function experimentFileState(run: Pick<RunView, 'experimentFile' | 'config'>): Promise<ExperimentFileState> {
  const fsPath = run.experimentFile;
  const file = fsPath ? vscode.workspace.asRelativePath(fsPath) : '';
  if (!fsPath || !run.config) return compareWithFile({ text: undefined, file, unsaved: false, runConfig: run.config });
  const { tooLarge, ...read } = await readExperimentFile(fsPath);
  if (tooLarge)
    return {
      file,
      unsaved: false,
      differences: [],
      state: 'invalid',
      reason: `it is larger than ${MAX_EXPERIMENT_FILE_BYTES / 1024 / 1024} MiB, so not an experiment file`,
    };
  return compareWithFile({ ...read, file, runConfig: run.config });
}

/** What a dashboard edit did, and the toast that said so. */
export interface DashboardEditResult {
  /** run: applied to the run only; saved / inEditor: to the run and into the file (saved or not); failed: nothing applied. */
  outcome: 'run' | 'saved' | 'inEditor' | 'failed';
  message: string;
}

/** What "Save to experiment file" did, and the toast that said so. */
export interface SaveToFileResult {
  outcome: FileWriteOutcome | ExperimentFileState['state'];
  message: string;
  /** What was written, as `name file value → run value`. */
  changed: string[];
}

/** A run whose values can be saved: the live run, or what its dashboard shows. */
export type SavedRun = Pick<RunView, 'experimentName' | 'experimentFile'> & { config: Experiment | null | undefined };

export class LiveEdits implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;
  /** Saves this class made (file → the text it saved), which the save handler leaves alone. */
  private readonly ownSaves = new Map<string, string>();

  constructor(
    private readonly manager: RunManager,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscription = vscode.workspace.onDidSaveTextDocument((document) => void this.saved(document));
  }

  /**
   * A hyper-parameter set in the dashboard: applied to the run from its next step (the trainer
   * records it in events.jsonl); with `runAndFile` (or `mode`) also written into the experiment file.
   */
  async setFromDashboard(run: LiveRun, changes: HyperparameterChanges, mode?: DashboardEdits): Promise<DashboardEditResult> {
    const config = run.config;
    if (!config) {
      const message = `${run.experimentName} has not started yet; try again in a moment.`;
      void vscode.window.showWarningMessage(message);
      return { outcome: 'failed', message };
    }
    const file = vscode.workspace.asRelativePath(run.experimentFile);
    const described = describeLiveChanges(config, changes).join(', ');
    let written: FileWriteOutcome | undefined;
    if ((mode ?? readSettings(run.experimentFile).dashboardEdits) === 'runAndFile') {
      const place = await mayWrite(run.experimentFile.fsPath);
      if (!place.ok) written = 'failed';
      else
        try {
          const document = await vscode.workspace.openTextDocument(run.experimentFile);
          written = await this.write(document, changes, config);
        } catch (e) {
          written = 'failed';
          this.log.warn(`[${run.experimentName}] dashboard: could not write ${file}: ${(e as Error).message}`);
        }
    }
    if (!this.manager.updateHyperparameters(run, changes)) {
      const message = `${run.experimentName}: could not reach the trainer; ${described} was not applied.`;
      void vscode.window.showErrorMessage(message);
      return { outcome: 'failed', message };
    }
    this.log.info(`[${run.experimentName}] dashboard: ${described} (${written ?? 'run only'})`);
    if (written === undefined) {
      const message = `${run.experimentName}: ${described} applied to the run only, from its next step (recorded in its events.jsonl); ${file} is unchanged.`;
      void vscode.window.showInformationMessage(message, SAVE_TO_FILE).then((choice) => {
        if (choice === SAVE_TO_FILE) void this.saveToExperimentFile(savedRunOf(run));
      });
      return { outcome: 'run', message };
    }
    const message =
      written === 'failed'
        ? `${run.experimentName}: ${described} applied to the run from its next step, but it could not be written into ${file}.`
        : written === 'inEditor'
          ? `${run.experimentName}: ${described} applied to the run from its next step and written into ${file} in the editor, not saved: the file has other unsaved changes.`
          : `${run.experimentName}: ${described} applied to the run from its next step and ${written === 'saved' ? 'saved in' : 'already in'} ${file}.`;
    if (written === 'failed') void vscode.window.showWarningMessage(message);
    else void vscode.window.showInformationMessage(message);
    return { outcome: written === 'inEditor' ? 'inEditor' : written === 'failed' ? 'failed' : 'saved', message };
  }

  /**
   * Writes the run's current values (those the trainer acknowledged) into its experiment file,
   * where they differ: one undoable edit, saved unless the file has other unsaved changes.
   */
  async saveToExperimentFile(run: SavedRun): Promise<SaveToFileResult> {
    const state = await experimentFileState({ experimentFile: run.experimentFile, config: run.config ?? null });
    const file = state.file || 'the experiment file';
    const tell = (outcome: SaveToFileResult['outcome'], message: string, changed: string[] = [], warn = false): SaveToFileResult => {
      if (warn) void vscode.window.showWarningMessage(message);
      else if (changed.length === 0) void vscode.window.showInformationMessage(message);
      else
        void vscode.window.showInformationMessage(message, 'Open File').then((choice) => {
          if (choice) void vscode.window.showTextDocument(vscode.Uri.file(run.experimentFile));
        });
      return { outcome, message, changed };
    };
    switch (state.state) {
      case 'unknown':
        return tell(
          'unknown',
          `${run.experimentName}: the run names no experiment file of this machine, or has not started yet.`,
          [],
          true,
        );
      case 'missing':
        return tell('missing', `${file} no longer exists (deleted or renamed): there is no file to save the run's values to.`, [], true);
      case 'invalid':
        return tell('invalid', `${file} has problems, so the run's values cannot be written into it: ${state.reason ?? ''}`, [], true);
      case 'same':
        return tell('same', `${file} already holds the run's values.`);
      case 'differs':
        break;
    }
    const changed = describeDifferences(state.differences);
    const place = await mayWrite(run.experimentFile);
    if (!place.ok) return tell('failed', place.message, [], true);
    let outcome: FileWriteOutcome;
    try {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(run.experimentFile));
      outcome = await this.write(document, changesToSave(state.differences), run.config!);
    } catch (e) {
      return tell('failed', `Could not write the run's values into ${file}: ${(e as Error).message}`, [], true);
    }
    this.log.info(`[${run.experimentName}] saved to ${file}: ${changed.join(', ')} (${outcome})`);
    switch (outcome) {
      case 'saved':
        return tell('saved', `Saved the run's values in ${file}: ${changed.join(', ')}. Undo (Ctrl+Z) in the file restores it.`, changed);
      case 'inEditor':
        return tell(
          'inEditor',
          `Wrote the run's values into ${file} in the editor: ${changed.join(', ')}. Not saved: the file has other unsaved changes.`,
          changed,
        );
      case 'unchanged':
        return tell('same', `${file} already holds the run's values.`);
      case 'failed':
        return tell('failed', `Could not write the run's values into ${file}: the editor refused the edit or the save.`, [], true);
    }
  }

  /** Writes `changes` into `document` (see writeIntoFile); its own save is not treated as the user's. */
  private async write(document: vscode.TextDocument, changes: HyperparameterChanges, config: Experiment): Promise<FileWriteOutcome> {
    const key = document.uri.toString();
    const wrapped = editable(document);
    return writeIntoFile(
      {
        get isDirty() {
          return wrapped.isDirty;
        },
        getText: wrapped.getText,
        applyEdits: wrapped.applyEdits,
        save: () => {
          this.ownSaves.set(key, document.getText());
          return wrapped.save();
        },
      },
      changes,
      config.optimizer,
    );
  }

  private async saved(document: vscode.TextDocument): Promise<void> {
    const key = document.uri.toString();
    const own = this.ownSaves.get(key);
    this.ownSaves.delete(key);
    // The run already has these values (the dashboard sent them, or they are the run's own).
    if (own !== undefined && own === document.getText()) return;
    const run = this.manager.liveRunFor(document.uri);
    if (!run?.config || run.phase === 'queued' || run.phase === 'starting') return;
    const result = validateExperiment(document.getText());
    const file = vscode.workspace.asRelativePath(document.uri);
    if (!result.ok) {
      void vscode.window.showWarningMessage(`${file} has problems; the running trainer keeps its current settings until they are fixed.`);
      return;
    }
    const before = run.config;
    const { live, restart } = classifyChanges(before, result.config);
    const applied = Object.keys(live).length > 0 && this.manager.updateHyperparameters(run, live);
    if (applied) this.log.info(`[${run.experimentName}] live changes: ${describeLiveChanges(before, live).join(', ')}`);
    const parts: string[] = [];
    if (applied) parts.push(`Applied now: ${describeLiveChanges(before, live).join(', ')}.`);
    if (restart.length > 0) parts.push(`Needs a restart: ${restart.join(', ')}.`);
    if (parts.length === 0) return;
    const message = `${run.experimentName}: ${parts.join(' ')}`;
    if (restart.length === 0) return void vscode.window.showInformationMessage(message);
    const choice = await vscode.window.showInformationMessage(message, 'Restart With Changes');
    if (choice) await vscode.commands.executeCommand(COMMANDS.restartWithChanges, run);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

/** What saving a live run's values needs of it. */
export function savedRunOf(run: LiveRun): SavedRun {
  return { experimentName: run.experimentName, experimentFile: run.experimentFile.fsPath, config: run.config };
}
