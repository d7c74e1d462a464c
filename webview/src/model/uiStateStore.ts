/** Holds the UiState and writes every change through to `vscode.setState`. */
import { vscode } from '../host/vscodeApi';
import { restoreUiState, type UiState } from './uiState';

export class UiStateStore {
  private state: UiState = restoreUiState(vscode().getState());

  get(): UiState {
    return this.state;
  }

  update(change: Partial<UiState>): void {
    this.state = { ...this.state, ...change };
    vscode().setState(this.state);
  }

  setVisibility(chart: string, id: string, visible: boolean): void {
    const visibility = { ...this.state.visibility, [chart]: { ...this.state.visibility[chart], [id]: visible } };
    this.update({ visibility });
  }
}
