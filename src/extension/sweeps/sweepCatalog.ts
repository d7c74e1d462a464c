/**
 * The sweeps this window knows of: the sweep folders found in the folders it scans (the output
 * folder of each sweep file of the workspace, each runs folder, the folders of
 * `ganWorkbench.sweepFolders` — shared storage a Slurm cluster writes to — each folder itself or up
 * to two levels below it), plus the sweeps started or opened here. Each is read by the sweep
 * engine's reader (the files are the truth, whoever wrote them): every sweep after file events
 * (throttled) and on refresh; the active ones also every `pollMs` (a watcher sees nothing on most
 * network file systems); and every `sweepMs` the folders are searched again for new sweeps. A read
 * that finds what the last one found announces nothing. The reader is synchronous (readSweep), so
 * a finished sweep is re-read on timers only when its state/ folder changed.
 */
import * as path from 'node:path';
import { readdir, stat } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { SweepView } from '../../shared/protocol';
import { SWEEP_FILES } from '../../shared/sweep/sweepFolder';
import { PendingCall } from '../trainingRuns/pendingCall';

/** How the catalog reads sweep folders (the sweep engine's reader, turned into the views' SweepView). */
export interface SweepFolderReader {
  /** Whether `dir` is a sweep folder (holds the engine's sweep record). */
  isSweepFolder(dir: string): Promise<boolean>;
  /** The sweep in `dir`; throws with a message naming the file when it cannot be read. */
  read(dir: string): Promise<SweepView>;
}

export interface SweepTiming {
  throttleMs: number;
  pollMs: number;
  sweepMs: number;
}

export const SWEEP_TIMING: SweepTiming = { throttleMs: 700, pollMs: 2_000, sweepMs: 10_000 };

export class SweepCatalog implements vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  /** Fires when a sweep was found, lost or read differently. */
  readonly onDidChange = this.changeEmitter.event;
  private roots = new Set<string>();
  private readonly opened = new Set<string>();
  private found = new Map<string, SweepView>();
  private foundKey = '';
  private readonly problems = new Map<string, string>();
  /** The modification time of each sweep's state/ folder at its last read: a trial started or ended since changes it. */
  private readonly stamps = new Map<string, number>();
  private readonly watchers = new Map<string, vscode.Disposable>();
  private readonly openedWatchers: vscode.Disposable[] = [];
  private readonly watchedScan: PendingCall;
  private readonly polledScan: PendingCall;
  private readonly sweepTimer: NodeJS.Timeout;
  private scansStarted = 0;
  private newestApplied = 0;
  private disposed = false;
  private readonly timing: SweepTiming;

  constructor(
    private readonly reader: SweepFolderReader,
    private readonly log: Pick<vscode.LogOutputChannel, 'warn'>,
    timing: Partial<SweepTiming> = {},
  ) {
    this.timing = { ...SWEEP_TIMING, ...timing };
    this.watchedScan = new PendingCall(this.timing.throttleMs, () => void this.scan());
    this.polledScan = new PendingCall(this.timing.pollMs, () => void this.scan(false));
    this.sweepTimer = setInterval(() => void this.scan(false), this.timing.sweepMs);
  }

  /** Sets the folders to scan (each, or a folder up to two levels below it, may be a sweep folder), watches each, and scans. */
  setRoots(roots: Iterable<string>): void {
    this.roots = new Set(roots);
    for (const [root, watcher] of this.watchers)
      if (!this.roots.has(root)) {
        watcher.dispose();
        this.watchers.delete(root);
      }
    for (const root of this.roots) if (!this.watchers.has(root)) this.watchers.set(root, this.watch(root));
    void this.refresh();
  }

  /** Adds a sweep folder from anywhere (a sweep started here, Open Sweep Folder…), watches it, and reads it. */
  async add(dir: string): Promise<SweepView | undefined> {
    if (!this.opened.has(dir)) {
      this.opened.add(dir);
      this.openedWatchers.push(this.watch(dir));
    }
    await this.refresh();
    return this.found.get(dir);
  }

  /** Every sweep found, by name. */
  sweeps(): SweepView[] {
    return [...this.found.values()].sort((a, b) => a.name.localeCompare(b.name) || a.dir.localeCompare(b.dir));
  }

  sweep(dir: string): SweepView | undefined {
    return this.found.get(dir);
  }

  /** Reads `dir` now as a sweep folder (adding it), for a view opened on it. */
  async read(dir: string): Promise<SweepView | undefined> {
    return this.add(dir);
  }

  /** The run directories of every trial of every sweep (the Runs tree lists them under their sweep only). */
  trialRunDirs(): Set<string> {
    const dirs = new Set<string>();
    for (const sweep of this.found.values()) for (const t of sweep.trials) if (t.runDir) dirs.add(t.runDir);
    return dirs;
  }

  /** Re-reads every sweep now; resolves when `sweeps()` shows what was on disk at the call. */
  async refresh(): Promise<void> {
    this.watchedScan.cancel();
    await this.scan();
  }

  private watch(root: string): vscode.Disposable {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(root), '**/*.{json,jsonl}'));
    const changed = () => this.watchedScan.schedule();
    return vscode.Disposable.from(watcher, watcher.onDidCreate(changed), watcher.onDidChange(changed), watcher.onDidDelete(changed));
  }

  /**
   * The sweep folders at `root` or up to two levels below it: a folder of sweeps holds
   * `<sweep name>/<sweep id>/` (gan-sweep's layout), and the setting may name any of the three.
   */
  private async foldersIn(root: string, depth = 2): Promise<string[]> {
    if (await this.reader.isSweepFolder(root).catch(() => false)) return [root];
    if (depth === 0) return [];
    const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
    const dirs = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => path.join(root, e.name));
    return (await Promise.all(dirs.map((d) => this.foldersIn(d, depth - 1)))).flat();
  }

  /**
   * Finds the sweep folders and reads them. A timed scan (`full` false) re-reads only the sweeps
   * still active, those new to it, and finished ones whose state/ folder changed (a trial started
   * again: a requeued Slurm task, gan-sweep run again), so a large finished sweep on network
   * storage costs one stat per poll.
   */
  private async scan(full = true): Promise<void> {
    const scan = ++this.scansStarted;
    const lists = await Promise.all([...this.roots].map((root) => this.foldersIn(root).catch(() => [])));
    const dirs = [...new Set([...lists.flat(), ...this.opened])];
    const read = await Promise.all(
      dirs.map(async (dir) => {
        const known = this.found.get(dir);
        const stamp = await stat(path.join(dir, SWEEP_FILES.state)).then(
          (st) => st.mtimeMs,
          () => 0,
        );
        if (!full && known && !known.active && this.stamps.get(dir) === stamp) return known;
        this.stamps.set(dir, stamp);
        try {
          const sweep = await this.reader.read(dir);
          this.problems.delete(dir);
          return sweep;
        } catch (e) {
          const message = e instanceof Error ? e.message : String(e);
          if (this.problems.get(dir) !== message) this.log.warn(`sweep folder ${dir} cannot be read: ${message}`);
          this.problems.set(dir, message);
          return undefined;
        }
      }),
    );
    if (scan < this.newestApplied || this.disposed) return;
    this.newestApplied = scan;
    const found = new Map(read.filter((s): s is SweepView => s !== undefined).map((s) => [s.dir, s]));
    const key = JSON.stringify([...found.values()]);
    if (key !== this.foundKey) {
      this.found = found;
      this.foundKey = key;
      this.changeEmitter.fire();
    }
    if ([...found.values()].some((s) => s.active)) this.polledScan.schedule();
  }

  dispose(): void {
    this.disposed = true;
    clearInterval(this.sweepTimer);
    this.watchedScan.cancel();
    this.polledScan.cancel();
    for (const w of [...this.watchers.values(), ...this.openedWatchers.splice(0)]) w.dispose();
    this.watchers.clear();
    this.changeEmitter.dispose();
  }
}
