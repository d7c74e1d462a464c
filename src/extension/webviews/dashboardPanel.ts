/**
 * The dashboard: an editor panel showing one run at a time. The webview only displays; on (re)load
 * it posts `ready` and gets a full snapshot, then increments. Messages from it are validated
 * against the contract before the host acts, and it can only act on its own run. A panel can be
 * moved to another run (`follow`: a resumed run of its directory, or the experiment's newest run
 * taking over its tab): the page then gets that run's snapshot. Which panel shows which run is
 * decided by `Dashboards`.
 */
import * as vscode from 'vscode';
import type { HostToWebview } from '../../shared/protocol';
import type { RunTarget } from '../deps';
import type { LiveRun } from '../trainingRuns/liveRun';
import { openRunFeed, type ViewFeed } from './runFeeds';
import { ExperimentFileWatch } from './experimentFileWatch';
import { SamplingFeed } from './samplingFeed';
import { PageLoadGuard, type ReopenPlace } from './pageLoadGuard';
import { dispatchWebviewMessage, type WebviewPayload } from './webviewMessages';
import { webviewHtml, webviewOptions } from './webviewHtml';

/** What the view's controls do; every answer goes back through `reply`. */
export interface RunActions {
  act(source: ViewFeed, action: WebviewPayload<'runAction'>['action']): Promise<void>;
  setHyperparameter(source: ViewFeed, change: WebviewPayload<'setHyperparameter'>): Promise<void>;
  listCompareRuns(source: ViewFeed): Promise<HostToWebview>;
  compareRun(source: ViewFeed, runDir: string): Promise<HostToWebview | undefined>;
  saveExport(source: ViewFeed, request: WebviewPayload<'saveExport'>): Promise<HostToWebview>;
  exportMetricsCsv(source: ViewFeed): Promise<HostToWebview>;
  openDashboard(source: ViewFeed): void;
}

export interface PanelContext {
  extensionUri: vscode.Uri;
  metricsLimit: number;
  actions: RunActions;
  log: vscode.LogOutputChannel;
  /** The live run writing this run directory in this window, if any. */
  liveRunOf(runDir: string): LiveRun | undefined;
  /** The panel became the active editor (the Samples view follows it). */
  focused?(target: RunTarget): void;
}

/** What a panel shows, as its page was last told (the integration tests read it). */
export interface PanelShown {
  runDir: string | undefined;
  liveRun: LiveRun | undefined;
  title: string;
  /** The phase in the last snapshot or run change posted. */
  phase: string;
  /** The newest step posted (snapshot, metrics). */
  step: number;
  /** Snapshots posted so far. */
  snapshots: number;
}

interface PanelState {
  runDir: string;
}

export class DashboardPanel implements vscode.Disposable {
  static readonly viewType = 'ganWorkbench.dashboard';
  private static readonly open = new Set<DashboardPanel>();
  private readonly disposables: vscode.Disposable[] = [];
  /** The feed of the run shown, and its subscriptions (replaced by `follow`). */
  private source: ViewFeed;
  private readonly sourceScope: vscode.Disposable[] = [];
  private readonly posted = { phase: '', step: 0, snapshots: 0 };
  private readonly sampling: SamplingFeed;
  private readonly loading: PageLoadGuard;
  /** Whether the experiment file holds the run's values ("Save to experiment file"). */
  private readonly fileWatch: ExperimentFileWatch;

  /** Opens a new panel on `target` in the active editor column. */
  static openNew(context: PanelContext, target: RunTarget): DashboardPanel {
    return DashboardPanel.create(context, target, { viewColumn: vscode.ViewColumn.Active }, 0);
  }

  private static create(
    context: PanelContext,
    target: RunTarget,
    showOptions: { viewColumn: vscode.ViewColumn; preserveFocus?: boolean },
    reopens: number,
  ): DashboardPanel {
    const panel = vscode.window.createWebviewPanel(DashboardPanel.viewType, 'GAN Dashboard', showOptions, {
      ...webviewOptions(context.extensionUri),
      enableFindWidget: true,
    });
    return new DashboardPanel(panel, context, target.live, target.runDir ?? target.live?.runDir, reopens);
  }

  /** Restores a panel after a window reload (from its serialized state). */
  static revive(panel: vscode.WebviewPanel, context: PanelContext, state: PanelState | undefined): DashboardPanel | undefined {
    if (!state?.runDir) {
      panel.dispose();
      return undefined;
    }
    panel.webview.options = webviewOptions(context.extensionUri);
    return new DashboardPanel(panel, context, context.liveRunOf(state.runDir), state.runDir, 0);
  }

  static all(): DashboardPanel[] {
    return [...DashboardPanel.open];
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly context: PanelContext,
    live: LiveRun | undefined,
    runDir: string | undefined,
    reopens: number,
  ) {
    this.source = this.openSource({ ...(live && { live }), ...(runDir && { runDir }) });
    DashboardPanel.open.add(this);
    this.updateTitle();
    panel.webview.html = webviewHtml(panel.webview, context.extensionUri, 'main', panel.title);
    this.sampling = new SamplingFeed(() => this.source.runDir);
    this.loading = new PageLoadGuard(panel, {
      what: () => `the dashboard of ${this.panel.title.replace(/^GAN /, '')}`,
      reopens,
      log: context.log,
      reopen: (place, count) => this.reopen(place, count),
    });
    this.fileWatch = new ExperimentFileWatch(
      () => this.source.view(),
      (state) => this.post({ type: 'experimentFileState', payload: state }),
    );
    this.disposables.push(
      this.fileWatch,
      this.sampling,
      this.sampling.onDidChange(() => void this.showSampling()),
      this.loading,
      panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m)),
      panel.onDidChangeViewState((e) => e.webviewPanel.active && this.context.focused?.(this.target)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** Opens the feed of `target` and passes its messages to the page. */
  private openSource(target: RunTarget): ViewFeed {
    const source = openRunFeed(target, { metricsLimit: this.context.metricsLimit, withNearest: true });
    this.sourceScope.push(
      source,
      source.onMessage((m) => this.post(m)),
      // An acknowledged edit changes the run's values: the file may now hold them, or not.
      source.onMessage((m) => m.type === 'runChanged' && this.fileWatch.refreshSoon()),
    );
    return source;
  }

  /** The run shown: its live run in this window (if any) and its directory. */
  get target(): RunTarget {
    const live = this.source.liveRun;
    const runDir = this.source.runDir;
    return { ...(live && { live }), ...(runDir && { runDir }) };
  }

  get liveRun(): LiveRun | undefined {
    return this.source.liveRun;
  }

  /** Whether the page is the active editor. */
  get active(): boolean {
    return this.panel.active;
  }

  /**
   * Shows `target` from now on: a run resumed in this panel's directory (a new live run), or another
   * run of the experiment taking over its tab. The page gets the new run's snapshot.
   */
  follow(target: RunTarget): void {
    const runDir = target.runDir ?? target.live?.runDir;
    if (target.live === this.source.liveRun && runDir === this.source.runDir) return;
    for (const d of this.sourceScope.splice(0)) d.dispose();
    this.source = this.openSource({ ...(target.live && { live: target.live }), ...(runDir && { runDir }) });
    this.updateTitle();
    void this.sendSnapshot();
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** What the page was last told (tests). */
  get shown(): PanelShown {
    return { runDir: this.source.runDir, liveRun: this.source.liveRun, title: this.panel.title, ...this.posted };
  }

  /** The page did not load (see PageLoadGuard): the same run's dashboard opens in a new panel. */
  private reopen(place: ReopenPlace, reopens: number): void {
    const target = { live: this.source.liveRun, runDir: this.source.runDir };
    this.dispose();
    DashboardPanel.create(this.context, target, place, reopens);
  }

  /** Posts the run's sampling results, showing `id` (the newest without one). */
  async showSampling(id?: string): Promise<void> {
    const message = await this.sampling.message(id);
    if (message) this.post(message);
  }

  get runDir(): string | undefined {
    return this.source.runDir;
  }

  private updateTitle(): void {
    const view = this.source.view();
    this.panel.title = `GAN ${view.experimentName}${view.runId ? ` · ${view.runId}` : ''}`;
  }

  /** The feed's messages, in order: snapshots (the answers to `ready`) and increments. */
  private post(message: HostToWebview): void {
    if (message.type === 'runChanged' || message.type === 'snapshot') this.updateTitle();
    // A hidden webview is reloaded when shown again and then asks for a fresh snapshot.
    if (message.type !== 'snapshot' && !this.panel.visible) return;
    void this.panel.webview.postMessage(message);
    this.note(message);
  }

  private note(message: HostToWebview): void {
    const posted = this.posted;
    if (message.type === 'snapshot') {
      const { run, metrics } = message.payload;
      posted.snapshots++;
      posted.phase = run.phase;
      posted.step = Math.max(run.meta?.lastStep ?? 0, metrics[metrics.length - 1]?.step ?? 0);
    } else if (message.type === 'runChanged') posted.phase = message.payload.phase;
    else if (message.type === 'metricsAppended') posted.step = Math.max(posted.step, ...message.payload.records.map((r) => r.step));
  }

  private reply(message: HostToWebview | undefined): void {
    if (message) void this.panel.webview.postMessage(message);
  }

  /** A `ready` that comes while the previous one is answered gets the same snapshot (see RunFeed). */
  private async sendSnapshot(): Promise<void> {
    await this.source.requestSnapshot();
    await this.fileWatch.refresh(true);
    await this.showSampling();
  }

  /** Every message from the view, validated against the contract before anything is done. */
  private receive(message: unknown): Promise<void> {
    const actions = this.context.actions;
    return dispatchWebviewMessage(
      message,
      {
        ready: () => {
          this.loading.ready();
          return this.sendSnapshot();
        },
        requestSampling: (p) => this.showSampling(p.id),
        requestSamples: async (p) => {
          const shown = await this.source.samplesAt(p.step);
          if (shown) void this.panel.webview.postMessage(shown);
        },
        runAction: (p) => actions.act(this.source, p.action),
        setHyperparameter: (p) => actions.setHyperparameter(this.source, p),
        listCompareRuns: async () => this.reply(await actions.listCompareRuns(this.source)),
        addCompareRun: async (p) => this.reply(await actions.compareRun(this.source, p.runDir)),
        saveExport: async (p) => this.reply(await actions.saveExport(this.source, p)),
        exportMetricsCsv: async () => this.reply(await actions.exportMetricsCsv(this.source)),
      },
      (reason) => this.context.log.warn(`dashboard: ${reason}`),
    );
  }

  dispose(): void {
    DashboardPanel.open.delete(this);
    this.panel.dispose();
    for (const d of [...this.sourceScope.splice(0), ...this.disposables.splice(0)]) d.dispose();
  }
}

export class DashboardSerializer implements vscode.WebviewPanelSerializer<PanelState> {
  constructor(private readonly context: PanelContext) {}

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: PanelState | undefined): Promise<void> {
    DashboardPanel.revive(panel, this.context, state);
  }
}
