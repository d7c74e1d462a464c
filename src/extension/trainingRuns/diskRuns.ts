/**
 * The runs on disk: every run directory under the runs folders, plus run directories opened from
 * anywhere, re-read when told that files changed (throttled, not debounced: a CLI run writing
 * metrics every few milliseconds would otherwise hold the list back until it stopped). A file
 * watcher can miss the files of a folder created a moment ago (measured in code-server: now and
 * then no event at all for a new run's files), so while a run from outside this window is running,
 * or a new folder has no run.json yet, the disk is also re-read every `pollMs`; and, since a watcher
 * can miss a run folder's creation altogether (a runs folder that did not exist when it was
 * watched), every `sweepMs` whatever happens. A scan that finds what the last one found changes
 * nothing. Pure Node (no `vscode`): the catalog owns the watchers and calls `changed()`.
 */
import { listRuns, readRunSummary, type RunSummary } from './runReader';
import { PendingCall } from './pendingCall';

export interface DiskTiming {
  /** At most one scan per this interval after file events. */
  throttleMs: number;
  /** How often to re-read while a run from outside this window is being written. */
  pollMs: number;
  /** How often to re-read whatever happens. */
  sweepMs: number;
  /** How long a run folder without a readable run.json counts as just created (its trainer is writing it). */
  newRunGraceMs: number;
}

export const DISK_TIMING: DiskTiming = { throttleMs: 700, pollMs: 2_000, sweepMs: 10_000, newRunGraceMs: 30_000 };

export interface DiskRunsOptions {
  /** Whether a trainer of this window writes (or wrote) `dir`: its progress arrives over IPC, no polling for it. */
  trainedHere(dir: string): boolean;
  /** Called after a scan that found something else than the one before. */
  onChange(): void;
  timing?: Partial<DiskTiming>;
}

export class DiskRuns {
  private readonly roots = new Set<string>();
  private readonly opened = new Set<string>();
  private found: RunSummary[] = [];
  /** What the last applied scan found, to tell whether a scan changed anything. */
  private foundKey = '';
  private readonly firstSeen = new Map<string, number>();
  /** Scans may overlap (a refresh does not queue behind a watcher's scan); the newest started wins. */
  private scansStarted = 0;
  private newestApplied = 0;
  private disposed = false;
  private readonly timing: DiskTiming;
  private readonly watchedScan: PendingCall;
  private readonly polledScan: PendingCall;
  private readonly sweep: NodeJS.Timeout;

  constructor(private readonly options: DiskRunsOptions) {
    this.timing = { ...DISK_TIMING, ...options.timing };
    this.watchedScan = new PendingCall(this.timing.throttleMs, () => void this.scan());
    this.polledScan = new PendingCall(this.timing.pollMs, () => void this.scan());
    this.sweep = setInterval(() => void this.scan(), this.timing.sweepMs);
  }

  /** What the last scan found: runs folder by runs folder, each by experiment and newest first, then the opened runs. */
  get runs(): readonly RunSummary[] {
    return this.found;
  }

  /** Sets the runs folders to scan, and scans. */
  setRoots(roots: Iterable<string>): void {
    this.roots.clear();
    for (const root of roots) this.roots.add(root);
    void this.refresh();
  }

  /** Adds a runs folder (a live run's) to the next scans. */
  addRoot(root: string): void {
    this.roots.add(root);
  }

  /** Adds a run directory from anywhere (Open Run…), and scans. */
  open(dir: string): void {
    this.opened.add(dir);
    void this.refresh();
  }

  forget(dir: string): void {
    this.opened.delete(dir);
    void this.refresh();
  }

  /** Files under a runs folder changed: scan within `throttleMs`. */
  changed(): void {
    this.watchedScan.schedule();
  }

  /** Re-reads the disk now; resolves when `runs` holds what was on disk at the call. */
  async refresh(): Promise<void> {
    this.watchedScan.cancel();
    await this.scan();
  }

  private async scan(): Promise<void> {
    const scan = ++this.scansStarted;
    const lists = await Promise.all([...this.roots].map((root) => listRuns(root).catch(() => [])));
    const opened = await Promise.all([...this.opened].map((dir) => readRunSummary(dir).catch(() => undefined)));
    if (scan < this.newestApplied || this.disposed) return;
    this.newestApplied = scan;
    const seen = new Set<string>();
    const runs = [...lists.flat(), ...opened.filter((s): s is RunSummary => s !== undefined)].filter((s) => {
      const fresh = !seen.has(s.dir);
      seen.add(s.dir);
      return fresh;
    });
    const key = JSON.stringify(runs);
    if (key !== this.foundKey) {
      this.found = runs;
      this.foundKey = key;
      this.options.onChange();
    }
    const now = Date.now();
    for (const run of this.found) if (!this.firstSeen.has(run.dir)) this.firstSeen.set(run.dir, now);
    if (this.found.some((run) => this.writtenOutsideThisWindow(run, now))) this.polledScan.schedule();
  }

  /** Whether a trainer this window does not hear from (a CLI run, another window's) is writing `run`. */
  private writtenOutsideThisWindow(run: RunSummary, now: number): boolean {
    if (this.options.trainedHere(run.dir)) return false;
    return run.effectiveStatus === 'running' || (run.meta === null && now - this.firstSeen.get(run.dir)! < this.timing.newRunGraceMs);
  }

  dispose(): void {
    this.disposed = true;
    clearInterval(this.sweep);
    this.watchedScan.cancel();
    this.polledScan.cancel();
  }
}
