/**
 * Keeps a dashboard told whether its run's experiment file holds the run's values (what "Save to
 * experiment file" would write): on load, when the run's config changes (an acknowledged edit), and
 * when the file changes in the editor, is saved, created, deleted or renamed.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExperimentFileState, RunView } from '../../shared/protocol';
import { experimentFileState } from '../editor/liveEdits';

/** Typing in the file is followed at this pace. */
const DEBOUNCE_MS = 300;

export class ExperimentFileWatch implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private watcher: { fsPath: string; disposable: vscode.Disposable } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private last = '';
  private generation = 0;
  private disposed = false;

  constructor(
    private readonly run: () => Pick<RunView, 'experimentFile' | 'config'>,
    private readonly post: (state: ExperimentFileState) => void,
  ) {
    const concerns = (uri: vscode.Uri) => uri.scheme === 'file' && uri.fsPath === this.run().experimentFile;
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => concerns(e.document.uri) && this.refreshSoon()),
      vscode.workspace.onDidSaveTextDocument((d) => concerns(d.uri) && this.refreshSoon()),
      vscode.workspace.onDidCloseTextDocument((d) => concerns(d.uri) && this.refreshSoon()),
      vscode.workspace.onDidRenameFiles((e) => e.files.some((f) => concerns(f.oldUri) || concerns(f.newUri)) && this.refreshSoon()),
      vscode.workspace.onDidDeleteFiles((e) => e.files.some((f) => concerns(f)) && this.refreshSoon()),
    );
  }

  /** Sends the state now; `force` sends it even when it has not changed (the page reloaded). */
  async refresh(force = false): Promise<void> {
    if (force) this.last = '';
    const generation = ++this.generation;
    const run = this.run();
    this.watch(run.experimentFile);
    const state = await experimentFileState(run);
    // A newer refresh started meanwhile: it sends the newer state.
    if (this.disposed || generation !== this.generation) return;
    const text = JSON.stringify(state);
    if (text === this.last) return;
    this.last = text;
    this.post(state);
  }

  refreshSoon(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, DEBOUNCE_MS);
  }

  /** The file on disk, for changes made outside the editor (another program, git). */
  private watch(fsPath: string): void {
    if (this.watcher?.fsPath === fsPath) return;
    this.watcher?.disposable.dispose();
    this.watcher = undefined;
    if (!fsPath) return;
    const w = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.file(path.dirname(fsPath)), path.basename(fsPath)),
    );
    const changed = () => this.refreshSoon();
    this.watcher = {
      fsPath,
      disposable: vscode.Disposable.from(w, w.onDidChange(changed), w.onDidCreate(changed), w.onDidDelete(changed)),
    };
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.watcher?.disposable.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
