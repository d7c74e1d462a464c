/**
 * The catalog of runs: every run this window knows of, from the run directories on disk (so CLI
 * runs appear too) merged with the live state of the runs this window is training. It owns the
 * discovery (the runs folders of the workspace's experiment files, runs opened from elsewhere), the
 * file watchers and the polling (`DiskRuns`); the Runs tree, CodeLens, commands and compare pickers
 * read it. Disk changes are announced at once, live changes at most every LIVE_THROTTLE_MS.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { mergeRuns, type CatalogRun } from './catalogRun';
import { DiskRuns } from './diskRuns';
import type { LiveRun } from './liveRun';
import { PendingCall } from './pendingCall';
import type { RunManager } from './runManager';

const LIVE_THROTTLE_MS = 300;

export class RunCatalog implements vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  /** Fires when the list of runs, or what is known of one, may have changed. */
  readonly onDidChange = this.changeEmitter.event;
  private readonly disk: DiskRuns;
  private readonly watchers = new Map<string, vscode.Disposable>();
  private readonly liveChange = new PendingCall(LIVE_THROTTLE_MS, () => this.changeEmitter.fire());
  private readonly subscription: vscode.Disposable;

  constructor(private readonly manager: RunManager) {
    this.disk = new DiskRuns({
      trainedHere: (dir) => manager.all().some((live) => live.runDir === dir),
      onChange: () => this.changeEmitter.fire(),
    });
    this.subscription = manager.onDidChange((run) => this.liveChanged(run));
  }

  /** Sets the runs folders to scan (one per experiment file's runs root) and watches each. */
  setRoots(roots: Iterable<string>): void {
    const next = new Set(roots);
    for (const [root, watcher] of this.watchers) {
      if (!next.has(root)) {
        watcher.dispose();
        this.watchers.delete(root);
      }
    }
    for (const root of next) if (!this.watchers.has(root)) this.watchers.set(root, this.watch(root));
    this.disk.setRoots(next);
  }

  /** Adds a run directory from anywhere (Open Run…). */
  addRun(dir: string): void {
    this.disk.open(dir);
  }

  forgetRun(dir: string): void {
    this.disk.forget(dir);
  }

  /** Re-reads the disk now; resolves when `runs()` shows what was on disk at the call. */
  refresh(): Promise<void> {
    return this.disk.refresh();
  }

  /** Every run, by experiment name and newest first, as of the last scan and the live state now. */
  runs(): CatalogRun[] {
    return mergeRuns(this.disk.runs, this.manager.all());
  }

  /** Every run, after re-reading the disk (for a command that lists runs to pick from). */
  async list(): Promise<CatalogRun[]> {
    await this.refresh();
    return this.runs();
  }

  /** The newest run of the experiment called `experimentName` under `runsRoot`, as of the last scan. */
  latestRunOf(experimentName: string, runsRoot: string): CatalogRun | undefined {
    return this.runs()
      .filter((n) => n.dir && n.experimentName === experimentName && path.dirname(path.dirname(n.dir)) === runsRoot)
      .sort((a, b) => b.runId.localeCompare(a.runId))[0];
  }

  private watch(root: string): vscode.Disposable {
    const watcher = vscode.workspace.createFileSystemWatcher(
      // '*/*' is the run folder itself: its creation is seen even when its files' events are not.
      new vscode.RelativePattern(vscode.Uri.file(root), '{*/*,*/*/run.json,*/*/metrics.jsonl}'),
    );
    const changed = () => this.disk.changed();
    return vscode.Disposable.from(watcher, watcher.onDidCreate(changed), watcher.onDidChange(changed), watcher.onDidDelete(changed));
  }

  private liveChanged(run: LiveRun): void {
    if (run.runDir) this.disk.addRoot(path.dirname(path.dirname(run.runDir)));
    this.liveChange.schedule();
  }

  dispose(): void {
    this.disk.dispose();
    this.liveChange.cancel();
    this.subscription.dispose();
    for (const w of this.watchers.values()) w.dispose();
    this.watchers.clear();
    this.changeEmitter.dispose();
  }
}
