/**
 * The training status bar item (statusText.ts: its text); click opens the dashboard. It keeps the
 * newest records of each live run in a SpeedWindow, so its speed is the dashboard header's
 * (src/shared/trainingSpeed.ts).
 */
import * as vscode from 'vscode';
import { SpeedWindow } from '../../shared/trainingSpeed';
import { COMMANDS } from '../ids';
import type { LiveRun } from '../trainingRuns/liveRun';
import type { RunManager } from '../trainingRuns/runManager';
import { statusText } from './statusText';

export { statusText };

export class TrainingStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('ganWorkbench.training', vscode.StatusBarAlignment.Left, 10);
  private readonly subscription: vscode.Disposable;
  /** The newest records of each live run, for its speed. */
  private readonly speeds = new WeakMap<LiveRun, SpeedWindow>();

  constructor(private readonly manager: RunManager) {
    this.item.name = 'GAN Training';
    this.subscription = manager.onDidChange(() => this.update());
  }

  private update(): void {
    const live = this.manager.live();
    for (const run of live) {
      if (!run.lastMetrics) continue;
      let meter = this.speeds.get(run);
      if (!meter) this.speeds.set(run, (meter = new SpeedWindow()));
      meter.add(run.lastMetrics);
    }
    const shown = live.find((r) => r.phase === 'running') ?? live[0];
    if (!shown) return this.item.hide();
    this.item.text = statusText(shown, live.length - 1, this.speeds.get(shown));
    this.item.tooltip = `${live.length} live GAN run(s) — click to open the dashboard`;
    this.item.command = { command: COMMANDS.openDashboard, title: 'Open Dashboard', arguments: [shown] };
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
