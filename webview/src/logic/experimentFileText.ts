/**
 * What the hyper-parameters card says about the run's experiment file, and whether it offers "Save
 * to experiment file": only when the file is there, valid, and differs from the run's values.
 */
import { hyperparameterName } from '../../../src/shared/hyperparameterTable';
import type { ExperimentFileState } from '../../../src/shared/protocol';

export interface FileStateText {
  /** One line; '' when there is nothing to say (a run with no file of this machine). */
  text: string;
  canSave: boolean;
}

export function experimentFileText(state: ExperimentFileState | null): FileStateText {
  if (!state || state.state === 'unknown') return { text: '', canSave: false };
  const file = state.file;
  switch (state.state) {
    case 'same':
      return { text: `${file} holds the run's values${state.unsaved ? ' (in its unsaved editor text)' : ''}.`, canSave: false };
    case 'missing':
      return { text: `${file} was deleted or renamed: there is no file to save the run's values to.`, canSave: false };
    case 'invalid':
      return {
        text: `${file} has problems, so it cannot take the run's values: ${state.reason ?? 'it does not validate'}`,
        canSave: false,
      };
    case 'differs': {
      const list = state.differences.map((d) => `${hyperparameterName(d.key)} ${d.file} → ${d.run}`).join(', ');
      return {
        text: `The run's values differ from ${file}${state.unsaved ? ' (its unsaved editor text)' : ''}: ${list}.`,
        canSave: true,
      };
    }
  }
}
