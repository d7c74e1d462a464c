/**
 * How a value set on the dashboard reaches the experiment file and the run (no `vscode` import, so
 * it is unit-tested). A file with no unsaved changes is edited and saved, and the save applies the
 * change as any save does. A file with other unsaved changes is edited in the editor but not saved
 * (a save would write the user's unfinished edits with it) and the change goes to the run directly;
 * the editor then shows the value, and the user's next save keeps it.
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

/** saved: the save applies it; applied: sent to the run, the file left unsaved (or already saying it); failed: nothing done. */
export type DashboardEditOutcome = 'saved' | 'applied' | 'failed';

export async function writeDashboardChange(
  document: EditableDocument,
  changes: HyperparameterChanges,
  run: EditedRun,
): Promise<DashboardEditOutcome> {
  const hadUnsavedChanges = document.isDirty;
  const edits = hyperparameterEdits(document.getText(), changes, run.optimizers);
  if (edits.length > 0 && !(await document.applyEdits(edits))) return 'failed';
  if (edits.length > 0 && !hadUnsavedChanges) return (await document.save()) ? 'saved' : 'failed';
  return run.apply(changes) ? 'applied' : 'failed';
}
