/** The webview side of the VS Code API: typed messages to the host and the persisted view state. */
import type { WebviewToHost } from '../../../src/shared/protocol';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

let api: VsCodeApi | null = null;

/** The API object (acquireVsCodeApi may only be called once per page). */
export function vscode(): VsCodeApi {
  api ??= acquireVsCodeApi();
  return api;
}

export function post(message: WebviewToHost): void {
  vscode().postMessage(message);
}
