/**
 * How values reach the experiment file from the dashboard (no `vscode` import, so it is
 * unit-tested): a minimal edit of the editor's text (comments and formatting kept, one undo step).
 * A file with no unsaved changes is then saved; a file with other unsaved changes is only edited
 * (a save would write the user's unfinished edits with it), and the user's next save keeps it.
 *
 * Two uses (liveEdits.ts): "Save to experiment file" writes the run's current values, and, with
 * the setting `ganWorkbench.dashboardEdits` at `runAndFile`, an edit goes into the file as it goes
 * to the run.
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
