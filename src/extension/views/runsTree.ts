/**
 * The Runs tree: sweeps → trials, then experiments → runs; a view of the run catalog and the sweep
 * catalog (which own discovery, watching and polling). A trial's run is listed under its sweep only.
 */
import * as vscode from 'vscode';
import { readRunExperiment } from '../../shared/runDirectory/runExperiment';
import type { CatalogRun } from '../trainingRuns/catalogRun';
import type { RunCatalog } from '../trainingRuns/runCatalog';
import type { SweepCatalog } from '../sweeps/sweepCatalog';
import { sweepTreeItem, trialTreeItem, type SweepNode, type TrialNode } from '../sweeps/sweepNode';
import { CONTEXT, VIEWS } from '../ids';
import { describeRunNode, runContextValue, runIcon, runNodeLabel, runTooltip } from './runNode';

export interface ExperimentNode {
  kind: 'experiment';
  name: string;
  runs: CatalogRun[];
}

export type RunsTreeNode = ExperimentNode | CatalogRun | SweepNode | TrialNode;

/** What the tree reads of the sweep catalog. */
export type SweepList = Pick<SweepCatalog, 'sweeps' | 'onDidChange' | 'trialRunDirs'>;

const NO_SWEEPS: SweepList = { sweeps: () => [], trialRunDirs: () => new Set(), onDidChange: () => ({ dispose: () => undefined }) };

export class RunsTreeProvider implements vscode.TreeDataProvider<RunsTreeNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<RunsTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly catalog: Pick<RunCatalog, 'runs' | 'onDidChange'>,
    private readonly sweeps: SweepList = NO_SWEEPS,
  ) {
    this.subscription = vscode.Disposable.from(
      catalog.onDidChange(() => this.changeEmitter.fire(undefined)),
      sweeps.onDidChange(() => this.changeEmitter.fire(undefined)),
    );
  }

  getTreeItem(node: RunsTreeNode): vscode.TreeItem {
    if (node.kind === 'sweep') return sweepTreeItem(node);
    if (node.kind === 'trial') return trialTreeItem(node);
    if (node.kind === 'experiment') {
      const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `experiment:${node.name}`;
      item.iconPath = new vscode.ThemeIcon('beaker');
      item.description = `${node.runs.length} run${node.runs.length === 1 ? '' : 's'}`;
      item.contextValue = 'experiment';
      return item;
    }
    const item = new vscode.TreeItem(runNodeLabel(node), vscode.TreeItemCollapsibleState.None);
    item.id = `run:${node.dir}`;
    item.iconPath = runIcon(node.status);
    item.description = describeRunNode(node);
    item.contextValue = runContextValue(node);
    item.resourceUri = vscode.Uri.file(node.dir);
    item.command = { command: 'ganWorkbench.openDashboard', title: 'Open Dashboard', arguments: [node] };
    return item;
  }

  async resolveTreeItem(item: vscode.TreeItem, node: RunsTreeNode): Promise<vscode.TreeItem> {
    if (node.kind === 'run') item.tooltip = runTooltip(node, await readRunExperiment(node.dir).catch(() => null));
    return item;
  }

  getChildren(node?: RunsTreeNode): RunsTreeNode[] {
    if (!node) return [...this.sweeps.sweeps().map((sweep): SweepNode => ({ kind: 'sweep', sweep })), ...this.experiments()];
    if (node.kind === 'sweep') return node.sweep.trials.map((trial): TrialNode => ({ kind: 'trial', sweep: node.sweep, trial }));
    return node.kind === 'experiment' ? node.runs : [];
  }

  private experiments(): ExperimentNode[] {
    const trials = this.sweeps.trialRunDirs();
    const runs = this.catalog.runs().filter((run) => !trials.has(run.dir));
    void vscode.commands.executeCommand('setContext', CONTEXT.hasRuns, runs.length > 0);
    const groups = new Map<string, CatalogRun[]>();
    for (const run of runs) groups.set(run.experimentName, [...(groups.get(run.experimentName) ?? []), run]);
    return [...groups.entries()].map(([name, experimentRuns]) => ({ kind: 'experiment', name, runs: experimentRuns }));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}

/** Registers the Runs view over the catalog; disposing it removes the view's provider and tree. */
export function registerRunsView(catalog: Pick<RunCatalog, 'runs' | 'onDidChange'>, sweeps?: SweepList): vscode.Disposable {
  const provider = new RunsTreeProvider(catalog, sweeps);
  // Several runs can be selected: GAN: Compare Runs takes the selection.
  const view = vscode.window.createTreeView(VIEWS.runs, { treeDataProvider: provider, showCollapseAll: true, canSelectMany: true });
  return vscode.Disposable.from(view, provider);
}
