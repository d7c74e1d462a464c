/** The webview side of the VS Code API: typed messages to the host and the persisted view state. */
import type { ComparisonViewToHost, WebviewToHost } from '../../../src/shared/protocol';

interface VsCodeApi {
  postMessage(message: WebviewToHost | ComparisonViewToHost): void;
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

/** A message of the comparison page (issue 24). */
export function postComparison(message: ComparisonViewToHost): void {
  vscode().postMessage(message);
}
