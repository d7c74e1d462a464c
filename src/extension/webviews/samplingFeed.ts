/**
 * A dashboard's sampling results: the message to post (the newest result, or one the view asked
 * for) and a watcher on `sampling/` that reports new results, so a `gan-sample` run in a terminal
 * shows up as well as one started from the editor.
 */
import * as vscode from 'vscode';
import type { SamplingShownMessage } from '../../shared/protocol';
import { RUN_FILES } from '../../shared/runFormat';
import { samplingMessage } from '../trainingRuns/samplingResults';

export class SamplingFeed implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** A result folder appeared or went away. */
  readonly onDidChange = this.changed.event;
  private watcher: vscode.FileSystemWatcher | undefined;
  private watchedDir: string | undefined;

  constructor(private readonly runDir: () => string | undefined) {}

  /** The ids and `id`'s result (the newest without one); null while the run has no directory. */
  async message(id?: string): Promise<SamplingShownMessage | null> {
    const dir = this.runDir();
    if (!dir) return null;
    this.watch(dir);
    return samplingMessage(dir, id);
  }

  private watch(dir: string): void {
    if (this.watchedDir === dir) return;
    this.watcher?.dispose();
    this.watchedDir = dir;
    // A result appears as one folder renamed into place: folder events, not file events.
    this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(dir), `${RUN_FILES.sampling}/*`));
    const fire = (uri: vscode.Uri) => {
      if (!uri.path.split('/').pop()?.startsWith('.')) this.changed.fire();
    };
    this.watcher.onDidCreate(fire);
    this.watcher.onDidDelete(fire);
  }

  dispose(): void {
    this.watcher?.dispose();
    this.changed.dispose();
  }
}
