/** Shared by the integration tests: the extension's API, workspace files, waiting on conditions. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GanWorkbenchApi } from '../../src/extension/extension';
import type { SweepPanel } from '../../src/extension/sweeps/sweepPanel';
import { PAGE_LOAD_TIMEOUT_MS } from '../../src/extension/webviews/pageLoadGuard';

export const EXTENSION_ID = 'gan-workbench.gan-workbench';

export async function api(): Promise<GanWorkbenchApi> {
  const extension = vscode.extensions.getExtension<GanWorkbenchApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  return extension.activate();
}

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration tests run with test/integration/workspace/ open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Waits for `condition`, checking often; fails with `what` after `timeoutMs`. */
export async function until<T>(
  condition: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The sweep dashboard Start Sweep opened on `dir`, once its page shows every trial done. The panel
 * is looked up each time: one whose page never loaded is replaced by a new one (PageLoadGuard).
 */
export async function sweepDashboardDone(workbench: GanWorkbenchApi['workbench'], dir: string): Promise<SweepPanel> {
  assert.ok(
    workbench.sweeps.panels().some((p) => p.dir === dir),
    'Start Sweep opened the sweep dashboard',
  );
  return until(
    () => workbench.sweeps.panels().find((p) => p.dir === dir && p.posted?.trials.every((t) => t.state === 'done')),
    PAGE_LOAD_TIMEOUT_MS + 20_000,
    'the dashboard to show both trials done',
  );
}

export function processAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
