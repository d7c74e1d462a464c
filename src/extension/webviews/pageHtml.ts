/**
 * The HTML page of every webview (no `vscode` import, so the policy is unit-tested): a strict
 * Content-Security-Policy whose only script is the extension's bundle, allowed by a random nonce
 * made fresh for every load. No 'unsafe-eval', no inline script, no remote origin: only the
 * webview's own resource origin (`cspSource`), plus data:/blob: images (samples drawn by the view).
 */
import { randomBytes } from 'node:crypto';

export interface PageParts {
  /** `webview.cspSource`: the origin of the extension's local resources. */
  cspSource: string;
  /** The bundle's webview URI (`webview.asWebviewUri`). */
  scriptUri: string;
  title: string;
}

/** 128 random bits, base64: a new one for every page load. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    // Inline style attributes are set by the views and chart.js; styles cannot run code.
    `style-src ${cspSource} 'unsafe-inline'`,
    `img-src ${cspSource} data: blob:`,
    `font-src ${cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => HTML_ESCAPES[c]!);

export function pageHtml(parts: PageParts, nonce: string = newNonce()): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(parts.cspSource, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(parts.title)}</title>
</head>
<body>
<div id="app"></div>
<script nonce="${nonce}" src="${escapeHtml(parts.scriptUri)}"></script>
</body>
</html>`;
}
