/**
 * The sweep dashboard: an editor panel per sweep folder. On (re)load the page posts `sweepReady`
 * and gets the sweep; whenever the sweep catalog reads a change in the folder (trials starting,
 * recording, ending) the page gets the sweep again, so it is live while trials run. Messages from
 * the page are validated (isSweepViewToHost) and name trials by index only: the host looks the
 * trial up in its own sweep. Panels are restored after a window reload; a panel whose page never
 * loads is opened anew (PageLoadGuard).
 */
import * as vscode from 'vscode';
import { isSweepViewToHost, type SweepView, type SweepViewToHost } from '../../shared/protocol';
import { describeMessage } from '../webviews/webviewMessages';
import { PageLoadGuard, type ReopenPlace } from '../webviews/pageLoadGuard';
import { webviewHtml, webviewOptions } from '../webviews/webviewHtml';

/** Where the panel reads its sweep, and is told of changes. */
export interface SweepSource {
  /** The sweep in `dir` as last read; undefined when it is not (or no longer) a readable sweep folder. */
  sweep(dir: string): SweepView | undefined;
  /** Reads `dir` now (a panel opened on a folder the catalog has not scanned). */
  read(dir: string): Promise<SweepView | undefined>;
  readonly onDidChange: vscode.Event<void>;
}

/** What the page's buttons do. */
export interface SweepPanelActions {
  /** Opens the run dashboard of a trial's run directory. */
  openTrial(runDir: string): void;
  /** Shows these trials' samples side by side (best first). */
  compareTrials(runDirs: string[], labels: string[]): Promise<void>;
}

export interface SweepPanelContext {
  extensionUri: vscode.Uri;
  source: SweepSource;
  actions: SweepPanelActions;
  log: vscode.LogOutputChannel;
  /** How long a visible page may take to load before the panel is opened anew (PageLoadGuard's default). */
  pageLoadTimeoutMs?: number;
}

interface SweepPanelState {
  dir: string;
}

export class SweepPanel implements vscode.Disposable {
  static readonly viewType = 'ganWorkbench.sweepDashboard';
  private static readonly open = new Set<SweepPanel>();
  private readonly disposables: vscode.Disposable[] = [];
  /** The sweep last posted (what the page shows), for tests. */
  posted: SweepView | undefined;
  private ready = false;
  private readonly loading: PageLoadGuard;

  /** Opens the dashboard of the sweep in `dir`, or reveals the one open. */
  static show(context: SweepPanelContext, dir: string): SweepPanel {
    const existing = [...SweepPanel.open].find((p) => p.dir === dir);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    return SweepPanel.create(context, dir, { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, 0);
  }

  private static create(context: SweepPanelContext, dir: string, place: ReopenPlace, reopens: number): SweepPanel {
    const panel = vscode.window.createWebviewPanel(SweepPanel.viewType, 'GAN Sweep', place, {
      ...webviewOptions(context.extensionUri),
      enableFindWidget: true,
      retainContextWhenHidden: false,
    });
    return new SweepPanel(panel, context, dir, reopens);
  }

  static revive(panel: vscode.WebviewPanel, context: SweepPanelContext, state: SweepPanelState | undefined): void {
    if (!state?.dir) return panel.dispose();
    panel.webview.options = webviewOptions(context.extensionUri);
    new SweepPanel(panel, context, state.dir, 0);
  }

  static all(): SweepPanel[] {
    return [...SweepPanel.open];
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly context: SweepPanelContext,
    readonly dir: string,
    reopens: number,
  ) {
    SweepPanel.open.add(this);
    const name = context.source.sweep(dir)?.name;
    panel.title = `GAN Sweep ${name ?? dir.split(/[\\/]/).pop() ?? ''}`;
    panel.webview.html = webviewHtml(panel.webview, context.extensionUri, 'sweep', panel.title);
    this.loading = new PageLoadGuard(panel, {
      what: () => `the dashboard of ${this.panel.title.replace(/^GAN /, '')}`,
      reopens,
      log: context.log,
      timeoutMs: context.pageLoadTimeoutMs,
      reopen: (place, count) => {
        this.dispose();
        SweepPanel.create(context, dir, place, count);
      },
    });
    this.disposables.push(
      this.loading,
      panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m)),
      context.source.onDidChange(() => this.post(context.source.sweep(dir))),
      panel.onDidChangeViewState((e) => e.webviewPanel.visible && this.post(context.source.sweep(dir))),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  private post(sweep: SweepView | undefined): void {
    if (!sweep || !this.ready || !this.panel.visible) return;
    if (this.posted && JSON.stringify(this.posted) === JSON.stringify(sweep)) return;
    this.posted = sweep;
    this.panel.title = `GAN Sweep ${sweep.name}`;
    void this.panel.webview.postMessage({ type: 'sweepShown', payload: sweep });
  }

  private async receive(message: unknown): Promise<void> {
    if (!isSweepViewToHost(message)) {
      this.context.log.warn(`sweep dashboard: ignored an invalid message ${describeMessage(message)}`);
      return;
    }
    await this.act(message);
  }

  /** Does what a (validated) message of the page asks; public so tests can play the page's buttons. */
  async act(message: SweepViewToHost): Promise<void> {
    switch (message.type) {
      case 'sweepReady': {
        this.loading.ready();
        this.ready = true;
        this.posted = undefined;
        const sweep = this.context.source.sweep(this.dir) ?? (await this.context.source.read(this.dir));
        if (!sweep)
          void vscode.window.showErrorMessage(
            `GAN Workbench: ${this.dir} is not a sweep folder that can be read (see the GAN Workbench log).`,
          );
        this.post(sweep);
        return;
      }
      case 'openTrial': {
        const trial = this.posted?.trials.find((t) => t.index === message.payload.index);
        if (trial?.runDir) this.context.actions.openTrial(trial.runDir);
        return;
      }
      case 'compareTrials': {
        const trials = message.payload.indices
          .map((i) => this.posted?.trials.find((t) => t.index === i))
          .filter((t): t is NonNullable<typeof t> => t?.runDir !== null && t !== undefined);
        if (trials.length > 0)
          await this.context.actions.compareTrials(
            trials.map((t) => t.runDir!),
            trials.map((t) => `trial ${t.index}`),
          );
        return;
      }
    }
  }

  dispose(): void {
    SweepPanel.open.delete(this);
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

export class SweepPanelSerializer implements vscode.WebviewPanelSerializer<SweepPanelState> {
  constructor(private readonly context: SweepPanelContext) {}

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: SweepPanelState | undefined): Promise<void> {
    SweepPanel.revive(panel, this.context, state);
  }
}
