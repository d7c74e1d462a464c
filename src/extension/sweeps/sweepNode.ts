/**
 * How a sweep and its trials are drawn in the Runs tree: the sweep one node (its state counts and
 * best trial in the description), each trial a child (its parameters, state, step and objective;
 * the words in sweepText.ts). A sweep opens its dashboard, a trial with a run its run's dashboard.
 */
import * as vscode from 'vscode';
import type { SweepTrialState, SweepTrialView, SweepView } from '../../shared/protocol';
import { SWEEP_COMMANDS } from '../ids';
import { describeSweep, describeTrial, trialLabel, trialTooltip } from './sweepText';

export interface SweepNode {
  kind: 'sweep';
  sweep: SweepView;
}

export interface TrialNode {
  kind: 'trial';
  sweep: SweepView;
  trial: SweepTrialView;
}

const TRIAL_ICONS: Record<SweepTrialState, [string, string?]> = {
  pending: ['clock'],
  running: ['sync~spin', 'charts.blue'],
  done: ['pass', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
  cancelled: ['circle-slash'],
};

export function sweepTreeItem(node: SweepNode): vscode.TreeItem {
  const { sweep } = node;
  const item = new vscode.TreeItem(`Sweep ${sweep.name}`, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `sweep:${sweep.dir}`;
  item.iconPath = new vscode.ThemeIcon(
    sweep.active ? 'sync~spin' : 'layers',
    sweep.active ? new vscode.ThemeColor('charts.blue') : undefined,
  );
  item.description = describeSweep(sweep);
  item.tooltip = new vscode.MarkdownString(undefined, false)
    .appendMarkdown(
      `**Sweep ${sweep.name}** · ${sweep.executor} · ranked by \`${sweep.objective.metric}\` (${sweep.objective.lowerIsBetter ? 'lower' : 'higher'} is better)\n\n`,
    )
    .appendText(`${describeSweep(sweep)}\n${sweep.dir}`);
  item.contextValue = `sweep${sweep.active ? ' active' : ''}`;
  item.resourceUri = vscode.Uri.file(sweep.dir);
  item.command = { command: SWEEP_COMMANDS.openSweepDashboard, title: 'Open Sweep Dashboard', arguments: [node] };
  return item;
}

export function trialTreeItem(node: TrialNode): vscode.TreeItem {
  const { sweep, trial } = node;
  const item = new vscode.TreeItem(trialLabel(sweep, trial), vscode.TreeItemCollapsibleState.None);
  item.id = `sweep:${sweep.dir}:trial:${trial.index}`;
  const [icon, color] = sweep.best === trial.index && trial.state === 'done' ? ['star-full', 'charts.yellow'] : TRIAL_ICONS[trial.state];
  item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
  item.description = describeTrial(sweep, trial);
  item.tooltip = trialTooltip(sweep, trial);
  item.contextValue = `sweepTrial ${trial.state}${trial.runDir ? ' hasRun' : ''}`;
  if (trial.runDir) {
    item.resourceUri = vscode.Uri.file(trial.runDir);
    item.command = { command: SWEEP_COMMANDS.openTrial, title: 'Open Dashboard', arguments: [node] };
  }
  return item;
}
