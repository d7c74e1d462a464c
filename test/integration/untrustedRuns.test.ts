/**
 * A run folder from elsewhere (a download, a colleague's) whose run.json names a file outside the
 * workspace and the run's folder: the dashboard's "Open Experiment File" asks (a modal with the full
 * path) instead of opening it, opens it only on Open, and opens a file inside the workspace at once.
 * The modal is answered by replacing `vscode.window.showWarningMessage` for the test: the suite runs
 * inside the extension's folder, so it shares the extension's `vscode` API object.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, until, workspaceFile } from './helpers';

interface Asked {
  message: string;
  options: unknown;
  items: unknown[];
}

/** A run folder outside the workspace whose run.json names `experimentFile`. */
function downloadedRun(root: string, name: string, experimentFile: string): string {
  const runDir = join(root, 'downloads', name, '20260101-000000-1');
  mkdirSync(runDir, { recursive: true });
  writeFileSync(
    join(runDir, 'run.json'),
    JSON.stringify({
      formatVersion: 1,
      runId: '20260101-000000-1',
      experimentName: name,
      experimentFile,
      status: 'completed',
      backend: null,
      versions: { ganWorkbench: '0.1.0', tfjs: '4.22.0', node: process.version },
      startedAt: '2026-01-01T00:00:00.000Z',
      endedAt: '2026-01-01T00:01:00.000Z',
      lastStep: 100,
      totalSteps: 100,
      error: null,
      pid: 0,
    }),
  );
  return runDir;
}

const isModal = (a: Asked) => (a.options as { modal?: boolean } | undefined)?.modal === true;
const isOpen = (file: string) => vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);

describe('a run folder from anywhere: "Open Experiment File"', function () {
  this.timeout(60_000);
  const original = vscode.window.showWarningMessage;
  const asked: Asked[] = [];
  let answer: string | undefined;

  before(() => {
    (vscode.window as { showWarningMessage: unknown }).showWarningMessage = (message: string, options?: unknown, ...items: unknown[]) => {
      asked.push({ message, options, items });
      return Promise.resolve(answer);
    };
  });
  after(async () => {
    (vscode.window as { showWarningMessage: unknown }).showWarningMessage = original;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  /** The dashboard's button, as its page sends it; retried until the panel has read run.json (a modal, or an open). */
  async function pressOpenExperiment(runDir: string, done: () => boolean): Promise<void> {
    const { workbench } = await api();
    const panel = workbench.dashboards.open({ runDir }) as unknown as { receive(message: unknown): Promise<void> };
    await until(
      async () => {
        await panel.receive({ type: 'runAction', payload: { action: 'openExperiment' } });
        return done();
      },
      20_000,
      'the dashboard to act on its run.json',
    );
  }

  it('asks with the full path before opening a file outside the workspace and the run’s folder, and opens it only on Open', async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'gan-int-untrusted-')));
    mkdirSync(join(root, 'etc'));
    const passwd = join(root, 'etc', 'passwd');
    writeFileSync(passwd, 'root:x:0:0:root:/root:/bin/bash\n');
    for (const [name, named] of [
      ['outside', passwd],
      ['dotdot', join(root, 'downloads', '..', 'etc', 'passwd')],
      ['system', '/etc/passwd'],
    ] as const) {
      asked.length = 0;
      answer = undefined; // the modal's Cancel
      const runDir = downloadedRun(root, name, named);
      await pressOpenExperiment(runDir, () => asked.some(isModal));
      const modal = asked.find(isModal)!;
      const shown = named === '/etc/passwd' ? realpathSync('/etc/passwd') : passwd;
      assert.equal(modal.message, `Open ${shown}?`, name);
      assert.match((modal.options as { detail: string }).detail, /outside this workspace's folders and the run's folder/);
      assert.deepEqual(modal.items, ['Open']);
      await new Promise((r) => setTimeout(r, 300));
      assert.ok(!isOpen(shown), `${name}: ${shown} was opened without asking`);
    }

    asked.length = 0;
    answer = 'Open';
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await pressOpenExperiment(
      downloadedRun(root, 'accepted', passwd),
      () => vscode.window.activeTextEditor?.document.uri.fsPath === passwd,
    );
    assert.equal(asked.filter(isModal).length, 1);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, passwd);
  });

  it('opens a file inside the workspace at once, and says when the named file does not exist', async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'gan-int-untrusted-')));
    asked.length = 0;
    answer = undefined;
    const inside = workspaceFile('ring.gan.json').fsPath;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await pressOpenExperiment(downloadedRun(root, 'inside', inside), () => vscode.window.activeTextEditor?.document.uri.fsPath === inside);
    assert.deepEqual(asked.filter(isModal), [], 'no question for a file in the workspace');

    asked.length = 0;
    const gone = join(root, 'gone.gan.json');
    await pressOpenExperiment(downloadedRun(root, 'gone', gone), () => asked.some((a) => a.message.includes('does not exist')));
    assert.equal(
      asked.find((a) => a.message.includes('does not exist'))?.message,
      `The experiment file this run names does not exist: ${gone}`,
    );
    assert.ok(!isOpen(gone));
  });
});
