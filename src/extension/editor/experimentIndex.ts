/**
 * The workspace's experiment files with their names and runs folders, kept current by a file
 * watcher and by edits (found asynchronously; the host never scans synchronously).
 */
import { parse } from 'jsonc-parser';
import * as vscode from 'vscode';
import { EXPERIMENT_GLOB } from '../ids';
import { runsRootFor } from '../settings';

export interface ExperimentEntry {
  uri: vscode.Uri;
  /** The `name` in the file, or the file name when it has none yet. */
  name: string;
  runsRoot: string;
}

export function experimentNameOf(text: string, uri: vscode.Uri): string {
  const value = parse(text, [], { allowTrailingComma: true }) as { name?: unknown } | undefined;
  if (value && typeof value.name === 'string' && value.name.trim() !== '') return value.name;
  return uri.path
    .split('/')
    .pop()!
    .replace(/\.gan\.json$/, '');
}

export class ExperimentIndex implements vscode.Disposable {
  private readonly entries = new Map<string, ExperimentEntry>();
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
  readonly ready: Promise<void>;

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher(EXPERIMENT_GLOB);
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => void this.read(uri)),
      watcher.onDidChange((uri) => void this.read(uri)),
      watcher.onDidDelete((uri) => {
        this.entries.delete(uri.toString());
        this.changeEmitter.fire();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('ganWorkbench.runsDirectory')) void this.scan();
      }),
    );
    this.ready = this.scan();
  }

  all(): ExperimentEntry[] {
    return [...this.entries.values()];
  }

  get(uri: vscode.Uri): ExperimentEntry | undefined {
    return this.entries.get(uri.toString());
  }

  roots(): Set<string> {
    return new Set(this.all().map((e) => e.runsRoot));
  }

  /** Re-reads one file now (after a save or a new file). */
  async read(uri: vscode.Uri): Promise<void> {
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      this.entries.set(uri.toString(), { uri, name: experimentNameOf(text, uri), runsRoot: runsRootFor(uri) });
    } catch {
      this.entries.delete(uri.toString());
    }
    this.changeEmitter.fire();
  }

  private async scan(): Promise<void> {
    const uris = await vscode.workspace.findFiles(EXPERIMENT_GLOB, '**/node_modules/**');
    this.entries.clear();
    await Promise.all(uris.map((uri) => this.read(uri)));
    this.changeEmitter.fire();
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
