/**
 * Webview front end entry: announces itself to the host (which answers with a full snapshot,
 * then increments). Views are built on top of this handshake.
 */
import type { WebviewToHost } from '../../src/shared/protocol';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
vscode.postMessage({ type: 'ready', payload: {} });
