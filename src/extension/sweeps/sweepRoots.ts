/**
 * The folders the sweep catalog scans: the output folder of each sweep file of the workspace (where
 * gan-sweep creates its sweep folders: the executor's `output`, else `sweeps/` beside the file), the
 * runs folder of each experiment file, and the folders of the `ganWorkbench.sweepFolders` setting
 * (shared storage a cluster writes to). Kept current by a watcher on the sweep files and by setting
 * changes.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExperimentIndex } from '../editor/experimentIndex';
import { SETTINGS, SWEEP_GLOB } from '../ids';
import { checkSweepDocument } from '../../shared/sweep/validateSweep';
import { outputRoot } from '../../shared/sweep/writeSweepFolder';

/** The `ganWorkbench.sweepFolders` setting, each path absolute (a relative one: from the first workspace folder). */
export function sweepFoldersSetting(): string[] {
  const value = vscode.workspace.getConfiguration(SETTINGS.section).get<unknown>(SETTINGS.sweepFolders, []);
  const base = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!Array.isArray(value)) return [];
  return value
    .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
    .map((v) => (path.isAbsolute(v.trim()) || !base ? v.trim() : path.join(base, v.trim())));
}

/** Where gan-sweep creates the sweep folders of this sweep file (its executor's output, else sweeps/ beside it). */
async function sweepOutput(uri: vscode.Uri): Promise<string> {
  const text = await readFile(uri.fsPath, 'utf8').catch(() => '');
  const executor = checkSweepDocument(text).sweep?.executor ?? { kind: 'local' as const };
  return outputRoot(uri.fsPath, executor);
}

export class SweepRoots implements vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<Set<string>>();
  /** Fires with the folders to scan whenever they may have changed. */
  readonly onDidChange = this.changeEmitter.event;
  private sweepFileRoots = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];

  constructor(private readonly index: Pick<ExperimentIndex, 'roots' | 'onDidChange'>) {
    const watcher = vscode.workspace.createFileSystemWatcher(SWEEP_GLOB);
    this.disposables.push(
      watcher,
      watcher.onDidCreate(() => void this.scanSweepFiles()),
      watcher.onDidChange(() => void this.scanSweepFiles()),
      watcher.onDidDelete(() => void this.scanSweepFiles()),
      index.onDidChange(() => this.fire()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (
          e.affectsConfiguration(`${SETTINGS.section}.${SETTINGS.sweepFolders}`) ||
          e.affectsConfiguration(`${SETTINGS.section}.${SETTINGS.runsDirectory}`)
        )
          void this.scanSweepFiles();
      }),
    );
    void this.scanSweepFiles();
  }

  /** Every folder to scan now. */
  roots(): Set<string> {
    return new Set([...this.index.roots(), ...this.sweepFileRoots, ...sweepFoldersSetting()]);
  }

  private async scanSweepFiles(): Promise<void> {
    const files = await vscode.workspace.findFiles(SWEEP_GLOB, '**/node_modules/**');
    const outputs = await Promise.all(files.map((uri) => sweepOutput(uri)));
    this.sweepFileRoots = new Set(outputs);
    this.fire();
  }

  private fire(): void {
    this.changeEmitter.fire(this.roots());
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
