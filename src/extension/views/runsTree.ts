/**
 * The Runs tree: experiments → runs, from the run directories on disk (so CLI runs appear too)
 * merged with the live state of runs this window is training. Disk is re-read at most every
 * DISK_THROTTLE_MS while a watcher sees run folders appear or their files change (throttled, not
 * debounced: a CLI run writing metrics every few milliseconds would otherwise hold the tree back
 * until it stopped). The watcher can miss the files of a folder created a moment ago (measured in
 * code-server: now and then no event at all for a new run's files), so while a run from outside this
 * window is running, or a new folder has no run.json yet, the disk is also re-read every
 * DISK_POLL_MS; and, since a watcher can also miss a run folder's creation altogether (a runs
 * folder that did not exist when it was watched), every DISK_SWEEP_MS whatever happens. A scan that
 * finds what the tree already shows changes nothing. Live runs refresh the tree from memory.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { listRuns, readExperimentOf, readRunSummary, type RunSummary } from '../trainingRuns/runReader';
import type { LiveRun } from '../trainingRuns/liveRun';
import type { RunManager } from '../trainingRuns/runManager';
import { CONTEXT } from '../ids';
import { describeRunNode, runIcon, runTooltip, type RunNode } from './runNode';

export interface ExperimentNode {
  kind: 'experiment';
  name: string;
  runs: RunNode[];
}

export type RunsTreeNode = ExperimentNode | RunNode;

const DISK_THROTTLE_MS = 700;
const DISK_POLL_MS = 2_000;
const DISK_SWEEP_MS = 10_000;
/** How long a run folder without a readable run.json counts as just created (its trainer is writing it). */
const NEW_RUN_GRACE_MS = 30_000;
const LIVE_THROTTLE_MS = 300;

export class RunsTreeProvider implements vscode.TreeDataProvider<RunsTreeNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<RunsTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private diskRuns: RunSummary[] = [];
  private readonly roots = new Set<string>();
  private readonly openedRuns = new Set<string>();
  private readonly watchers = new Map<string, vscode.Disposable>();
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
  /** A disk scan after file events (at most one pending), and one after a poll interval. */
  private readonly watchedScan = new PendingCall(DISK_THROTTLE_MS, () => void this.scanDisk());
  private readonly polledScan = new PendingCall(DISK_POLL_MS, () => void this.scanDisk());
  private readonly liveRefresh = new PendingCall(LIVE_THROTTLE_MS, () => this.changeEmitter.fire(undefined));
  private readonly firstSeen = new Map<string, number>();
  /** Scans may overlap (a refresh does not queue behind a watcher's scan); the newest started wins. */
  private scansStarted = 0;
  private newestApplied = 0;
  /** What the last applied scan found, to tell whether a scan changed anything. */
  private diskRunsKey = '';
  private readonly sweep = setInterval(() => void this.scanDisk(), DISK_SWEEP_MS);

  constructor(private readonly manager: RunManager) {
    this.disposables.push(manager.onDidChange((run) => this.liveChanged(run)));
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
    this.roots.clear();
    for (const root of next) this.roots.add(root);
    void this.refresh();
  }

  /** Adds a run directory from anywhere (Open Run…) to the tree. */
  addRun(dir: string): void {
    this.openedRuns.add(dir);
    void this.refresh();
  }

  forgetRun(dir: string): void {
    this.openedRuns.delete(dir);
    void this.refresh();
  }

  /** Re-reads the disk now; resolves when the tree shows what was on disk at the call. */
  async refresh(): Promise<void> {
    this.watchedScan.cancel();
    await this.scanDisk();
  }

  allRunNodes(): RunNode[] {
    return this.buildTree().flatMap((e) => e.runs);
  }

  getTreeItem(node: RunsTreeNode): vscode.TreeItem {
    if (node.kind === 'experiment') {
      const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `experiment:${node.name}`;
      item.iconPath = new vscode.ThemeIcon('beaker');
      item.description = `${node.runs.length} run${node.runs.length === 1 ? '' : 's'}`;
      item.contextValue = 'experiment';
      return item;
    }
    const item = new vscode.TreeItem(node.runId, vscode.TreeItemCollapsibleState.None);
    item.id = `run:${node.dir}`;
    item.iconPath = runIcon(node.status);
    item.description = describeRunNode(node);
    item.contextValue = node.contextValue;
    item.resourceUri = vscode.Uri.file(node.dir);
    item.command = { command: 'ganWorkbench.openDashboard', title: 'Open Dashboard', arguments: [node] };
    return item;
  }

  async resolveTreeItem(item: vscode.TreeItem, node: RunsTreeNode): Promise<vscode.TreeItem> {
    if (node.kind === 'run') item.tooltip = runTooltip(node, await readExperimentOf(node.dir).catch(() => null));
    return item;
  }

  getChildren(node?: RunsTreeNode): RunsTreeNode[] {
    if (!node) return this.buildTree();
    return node.kind === 'experiment' ? node.runs : [];
  }

  private buildTree(): ExperimentNode[] {
    const byDir = new Map<string, RunNode>();
    for (const summary of this.diskRuns) byDir.set(summary.dir, fromSummary(summary));
    for (const run of this.manager.all()) {
      // A run that ended before its trainer created a directory (cancelled while queued, bad
      // config) has nothing to show; the user was told when it ended.
      if (run.ended && !run.runDir) continue;
      const key = run.runDir ?? `queued:${run.localId}`;
      byDir.set(key, fromLive(run, byDir.get(key)));
    }
    const groups = new Map<string, RunNode[]>();
    for (const node of byDir.values()) groups.set(node.experimentName, [...(groups.get(node.experimentName) ?? []), node]);
    void vscode.commands.executeCommand('setContext', CONTEXT.hasRuns, byDir.size > 0);
    return [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, runs]) => ({ kind: 'experiment', name, runs: runs.sort((a, b) => b.sortKey.localeCompare(a.sortKey)) }));
  }

  private watch(root: string): vscode.Disposable {
    const watcher = vscode.workspace.createFileSystemWatcher(
      // '*/*' is the run folder itself: its creation is seen even when its files' events are not.
      new vscode.RelativePattern(vscode.Uri.file(root), '{*/*,*/*/run.json,*/*/metrics.jsonl}'),
    );
    const changed = () => this.watchedScan.schedule();
    return vscode.Disposable.from(watcher, watcher.onDidCreate(changed), watcher.onDidChange(changed), watcher.onDidDelete(changed));
  }

  private async scanDisk(): Promise<void> {
    const scan = ++this.scansStarted;
    const lists = await Promise.all([...this.roots].map((root) => listRuns(root).catch(() => [])));
    const opened = await Promise.all([...this.openedRuns].map((dir) => readRunSummary(dir).catch(() => undefined)));
    if (scan < this.newestApplied) return;
    this.newestApplied = scan;
    const seen = new Set<string>();
    const runs = [...lists.flat(), ...opened.filter((s): s is RunSummary => s !== undefined)].filter((s) => {
      const fresh = !seen.has(s.dir);
      seen.add(s.dir);
      return fresh;
    });
    const key = JSON.stringify(runs);
    if (key !== this.diskRunsKey) {
      this.diskRuns = runs;
      this.diskRunsKey = key;
      this.changeEmitter.fire(undefined);
    }
    const now = Date.now();
    for (const run of this.diskRuns) if (!this.firstSeen.has(run.dir)) this.firstSeen.set(run.dir, now);
    if (this.diskRuns.some((run) => this.writtenOutsideThisWindow(run, now))) this.polledScan.schedule();
  }

  /** Whether a trainer this window does not hear from (a CLI run, another window's) is writing `run`. */
  private writtenOutsideThisWindow(run: RunSummary, now: number): boolean {
    if (this.manager.all().some((live) => live.runDir === run.dir)) return false;
    return run.effectiveStatus === 'running' || (run.meta === null && now - this.firstSeen.get(run.dir)! < NEW_RUN_GRACE_MS);
  }

  private liveChanged(run: LiveRun): void {
    if (run.runDir) this.roots.add(path.dirname(path.dirname(run.runDir)));
    this.liveRefresh.schedule();
  }

  dispose(): void {
    clearInterval(this.sweep);
    this.watchedScan.cancel();
    this.polledScan.cancel();
    this.liveRefresh.cancel();
    for (const w of this.watchers.values()) w.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** Calls `action` `delayMs` after the first schedule() since it last ran: later calls before then add nothing. */
class PendingCall {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly delayMs: number,
    private readonly action: () => void,
  ) {}

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.action();
    }, this.delayMs);
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

function fromSummary(s: RunSummary): RunNode {
  return {
    kind: 'run',
    dir: s.dir,
    runId: s.runId,
    experimentName: s.experimentName,
    status: s.effectiveStatus,
    meta: s.meta,
    lastMetrics: s.lastMetrics,
    warnings: s.warnings,
    live: undefined,
    sortKey: s.runId,
    contextValue: `run ${s.effectiveStatus}${s.meta?.status === 'running' ? '' : ' resumable'}`,
  };
}

function fromLive(run: LiveRun, disk: RunNode | undefined): RunNode {
  const runId = run.meta?.runId ?? (run.phase === 'queued' ? 'queued' : 'starting…');
  return {
    kind: 'run',
    dir: run.runDir ?? '',
    runId,
    experimentName: run.experimentName,
    status: run.phase,
    meta: run.meta ?? disk?.meta ?? null,
    lastMetrics: run.lastMetrics ?? disk?.lastMetrics ?? null,
    warnings: disk?.warnings ?? [],
    live: run,
    sortKey: run.meta?.runId ?? `~${run.localId}`,
    contextValue: `run ${run.phase}${run.live ? ' live' : ' resumable'}`,
  };
}
