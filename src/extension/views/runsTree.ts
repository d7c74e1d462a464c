/**
 * The Runs tree: experiments → runs, from the run directories on disk (so CLI runs appear too)
 * merged with the live state of runs this window is training. Disk is re-read, debounced, when
 * a watcher sees run files change; live runs refresh it from memory.
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

const DISK_DEBOUNCE_MS = 700;
const LIVE_THROTTLE_MS = 300;

export class RunsTreeProvider implements vscode.TreeDataProvider<RunsTreeNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<RunsTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private diskRuns: RunSummary[] = [];
  private readonly roots = new Set<string>();
  private readonly openedRuns = new Set<string>();
  private readonly watchers = new Map<string, vscode.Disposable>();
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
  private diskTimer: NodeJS.Timeout | undefined;
  private liveTimer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> = Promise.resolve();

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
    this.scheduleDiskScan(0);
  }

  /** Adds a run directory from anywhere (Open Run…) to the tree. */
  addRun(dir: string): void {
    this.openedRuns.add(dir);
    this.scheduleDiskScan(0);
  }

  forgetRun(dir: string): void {
    this.openedRuns.delete(dir);
    this.scheduleDiskScan(0);
  }

  /** Resolves when the current disk scan has finished (tests, commands that need fresh data). */
  async refresh(): Promise<void> {
    this.scheduleDiskScan(0);
    await new Promise((r) => setTimeout(r, 0));
    await this.scanning;
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
      new vscode.RelativePattern(vscode.Uri.file(root), '*/*/{run.json,metrics.jsonl}'),
    );
    const changed = () => this.scheduleDiskScan(DISK_DEBOUNCE_MS);
    return vscode.Disposable.from(watcher, watcher.onDidCreate(changed), watcher.onDidChange(changed), watcher.onDidDelete(changed));
  }

  private scheduleDiskScan(delay: number): void {
    clearTimeout(this.diskTimer);
    this.diskTimer = setTimeout(() => {
      this.scanning = this.scanning.then(() => this.scanDisk());
    }, delay);
  }

  private async scanDisk(): Promise<void> {
    const lists = await Promise.all([...this.roots].map((root) => listRuns(root).catch(() => [])));
    const opened = await Promise.all([...this.openedRuns].map((dir) => readRunSummary(dir).catch(() => undefined)));
    const seen = new Set<string>();
    this.diskRuns = [...lists.flat(), ...opened.filter((s): s is RunSummary => s !== undefined)].filter((s) => {
      const fresh = !seen.has(s.dir);
      seen.add(s.dir);
      return fresh;
    });
    this.changeEmitter.fire(undefined);
  }

  private liveChanged(run: LiveRun): void {
    if (run.runDir) this.roots.add(path.dirname(path.dirname(run.runDir)));
    if (this.liveTimer) return;
    this.liveTimer = setTimeout(() => {
      this.liveTimer = undefined;
      this.changeEmitter.fire(undefined);
    }, LIVE_THROTTLE_MS);
  }

  dispose(): void {
    clearTimeout(this.diskTimer);
    clearTimeout(this.liveTimer);
    for (const w of this.watchers.values()) w.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
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
