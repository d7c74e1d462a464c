/**
 * How values reach the experiment file from the dashboard (no `vscode` import, so it is
 * unit-tested): a minimal edit of the editor's text (comments and formatting kept, one undo step).
 * A file with no unsaved changes is then saved; a file with other unsaved changes is only edited
 * (a save would write the user's unfinished edits with it), and the user's next save keeps it.
 *
 * Two uses: "Save to experiment file" writes the run's current values (writeIntoFile), and, with
 * the setting `ganWorkbench.dashboardEdits` at `runAndFile`, an edit goes into the file and the
 * run together (writeDashboardChange: the save applies it, as any save of a live run's file does).
 */
import { hyperparameterEdits, type RunOptimizers, type TextEdit } from '../../shared/experiment/editHyperparameters';
import type { HyperparameterChanges } from '../../shared/hyperparameterTable';

/** The experiment file as the editor holds it. */
export interface EditableDocument {
  /** Whether it has unsaved changes. */
  readonly isDirty: boolean;
  getText(): string;
  /** Applies edits (offsets into `getText()`) to the editor's text; false when the editor refused. */
  applyEdits(edits: readonly TextEdit[]): Promise<boolean>;
  save(): Promise<boolean>;
}

/** The live run the change is for. */
export interface EditedRun {
  /** The optimizers it uses, written whole where the file gives none. */
  readonly optimizers: RunOptimizers;
  /** Sends `changes` to the trainer; false when it could not. */
  apply(changes: HyperparameterChanges): boolean;
}

/**
 * saved: written and saved; inEditor: written into the editor's text, not saved (the file has other
 * unsaved changes); unchanged: the text already says so; failed: the editor refused the edit or the save.
 */
export type FileWriteOutcome = 'saved' | 'inEditor' | 'unchanged' | 'failed';

/** Writes `changes` into the document: saved when it had no unsaved changes, else left unsaved. */
export async function writeIntoFile(
  document: EditableDocument,
  changes: HyperparameterChanges,
  optimizers: RunOptimizers,
): Promise<FileWriteOutcome> {
  const hadUnsavedChanges = document.isDirty;
  const edits = hyperparameterEdits(document.getText(), changes, optimizers);
  if (edits.length === 0) return 'unchanged';
  if (!(await document.applyEdits(edits))) return 'failed';
  if (hadUnsavedChanges) return 'inEditor';
  return (await document.save()) ? 'saved' : 'failed';
}

/** saved: the save applies it; applied: sent to the run, the file left unsaved (or already saying it); failed: nothing done. */
export type DashboardEditOutcome = 'saved' | 'applied' | 'failed';

/** `runAndFile`: the edit goes into the file, and to the run by the save (or directly when the file is not saved). */
export async function writeDashboardChange(
  document: EditableDocument,
  changes: HyperparameterChanges,
  run: EditedRun,
): Promise<DashboardEditOutcome> {
  const written = await writeIntoFile(document, changes, run.optimizers);
  if (written === 'failed') return 'failed';
  if (written === 'saved') return 'saved';
  return run.apply(changes) ? 'applied' : 'failed';
}
