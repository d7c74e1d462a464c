/** `$(pulse) GAN ring8 3,200/20,000 · 145 it/s` while training; click opens the dashboard. */
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import type { LiveRun } from '../trainingRuns/liveRun';
import type { RunManager } from '../trainingRuns/runManager';

export function statusText(run: LiveRun, others: number): string {
  const meta = run.meta;
  const metrics = run.lastMetrics;
  const icon = run.phase === 'paused' ? '$(debug-pause)' : '$(pulse)';
  let text = `${icon} GAN ${run.experimentName}`;
  if (run.phase === 'queued' || run.phase === 'starting') text += ` ${run.phase}`;
  else if (meta) text += ` ${meta.lastStep.toLocaleString('en-US')}/${meta.totalSteps.toLocaleString('en-US')}`;
  if (metrics && run.phase === 'running') text += ` · ${Math.round(metrics.stepsPerSecond)} it/s`;
  if (run.phase === 'paused') text += ' · paused';
  if (others > 0) text += ` (+${others})`;
  return text;
}

export class TrainingStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('ganWorkbench.training', vscode.StatusBarAlignment.Left, 10);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly manager: RunManager) {
    this.item.name = 'GAN Training';
    this.subscription = manager.onDidChange(() => this.update());
  }

  private update(): void {
    const live = this.manager.live();
    const shown = live.find((r) => r.phase === 'running') ?? live[0];
    if (!shown) return this.item.hide();
    this.item.text = statusText(shown, live.length - 1);
    this.item.tooltip = `${live.length} live GAN run(s) — click to open the dashboard`;
    this.item.command = { command: COMMANDS.openDashboard, title: 'Open Dashboard', arguments: [shown] };
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
