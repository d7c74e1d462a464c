/** The HTML shell of a webview: strict CSP with a nonce, only the extension's built front end (see pageHtml.ts). */
import * as vscode from 'vscode';
import { pageHtml } from './pageHtml';

export type WebviewEntry = 'main' | 'samples' | 'sweep' | 'compare';

export function webviewRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [webviewRoot(extensionUri)] };
}

/** Every webview's HTML comes from here, with a fresh nonce per call (per load). */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, entry: WebviewEntry, title: string): string {
  const script = webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot(extensionUri), `${entry}.js`));
  return pageHtml({ cspSource: webview.cspSource, scriptUri: script.toString(), title });
}
