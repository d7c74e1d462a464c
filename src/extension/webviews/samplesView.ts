/**
 * The Samples side view (GAN activity bar container): the newest samples of one run. It stays on
 * the run it shows: pinned by Show Samples until the user picks another; unpinned, it follows the
 * dashboard opened or focused, and a run that starts while it shows no live run. It never switches
 * between live runs as they report (with two runs training it used to jump every few seconds). A
 * run resumed in the directory it shows is followed, pinned or not.
 */
import * as vscode from 'vscode';
import type { HostToWebview } from '../../shared/protocol';
import type { RunTarget } from '../deps';
import type { LiveRun } from '../trainingRuns/liveRun';
import type { RunManager } from '../trainingRuns/runManager';
import { openRunFeed, type ViewFeed } from './runFeeds';
import { dispatchWebviewMessage } from './webviewMessages';
import { webviewHtml, webviewOptions } from './webviewHtml';

export class SamplesViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewType = 'ganWorkbench.samples';
  private view: vscode.WebviewView | undefined;
  private source: ViewFeed | undefined;
  private readonly sourceScope: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private pinned = false;
  /** The live runs already considered once they had a directory. */
  private readonly seen = new WeakSet<LiveRun>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly manager: Pick<RunManager, 'onDidChange' | 'live'>,
    private readonly log: vscode.LogOutputChannel,
    private readonly openDashboard: (target: RunTarget) => void,
  ) {
    this.disposables.push(manager.onDidChange((run) => this.liveRunChanged(run)));
  }

  /** A live run got its directory: followed if it resumes the run shown, or starts while no live run is shown (unpinned). */
  private liveRunChanged(run: LiveRun): void {
    if (!run.live || !run.runDir || this.seen.has(run)) return;
    this.seen.add(run);
    const source = this.source;
    if (source?.runDir === run.runDir) {
      if (source.liveRun !== run) this.show({ live: run, runDir: run.runDir }, this.pinned);
      return;
    }
    if (!this.pinned && !source?.liveRun?.live) this.show({ live: run, runDir: run.runDir }, false);
  }

  /** A dashboard was focused: shown here unless the user pinned a run. */
  follow(target: RunTarget): void {
    if (!this.pinned) this.show(target, false);
  }

  /** Whether the view shows a run chosen by the user (Show Samples), which it keeps. */
  get isPinned(): boolean {
    return this.pinned;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = webviewOptions(this.extensionUri);
    view.webview.html = webviewHtml(view.webview, this.extensionUri, 'samples', 'GAN Samples');
    this.disposables.push(
      view.webview.onDidReceiveMessage((m: unknown) => void this.receive(m)),
      view.onDidDispose(() => {
        this.view = undefined;
      }),
    );
  }

  /** Shows this run's samples (pinned: stays until the user picks another run). */
  show(target: RunTarget, pinned = true): void {
    this.pinned = pinned;
    const runDir = target.runDir ?? target.live?.runDir;
    // The run shown already (a dashboard opened or focused again): nothing changes.
    if (this.source && this.source.runDir === runDir && this.source.liveRun === target.live) return;
    for (const d of this.sourceScope.splice(0)) d.dispose();
    const source = openRunFeed({ ...(target.live && { live: target.live }), runDir }, { metricsLimit: 1, withNearest: false });
    this.source = source;
    this.sourceScope.push(
      source,
      source.onMessage((m) => {
        if (m.type === 'snapshot' || m.type === 'samplesShown' || m.type === 'runChanged') this.post(m);
      }),
    );
    void this.sendSnapshot();
  }

  get currentRunDir(): string | undefined {
    return this.source?.runDir;
  }

  private post(message: HostToWebview): void {
    if (this.view?.visible) void this.view.webview.postMessage(message);
  }

  private async sendSnapshot(): Promise<void> {
    if (!this.source) {
      const live = this.manager.live().find((r) => r.runDir);
      if (!live) return;
      this.show({ live }, false);
      return;
    }
    await this.source.requestSnapshot();
  }

  /** Every message from the view, validated against the contract before anything is done. */
  private receive(message: unknown): Promise<void> {
    return dispatchWebviewMessage(
      message,
      {
        ready: () => this.sendSnapshot(),
        requestSamples: async (p) => {
          const shown = await this.source?.samplesAt(p.step);
          if (shown) this.post(shown);
        },
        openDashboard: () => {
          const source = this.source;
          if (source)
            this.openDashboard({ ...(source.liveRun && { live: source.liveRun }), ...(source.runDir && { runDir: source.runDir }) });
        },
      },
      (reason) => this.log.warn(`samples view: ${reason}`),
    );
  }

  dispose(): void {
    for (const d of [...this.sourceScope.splice(0), ...this.disposables.splice(0)]) d.dispose();
  }
}
