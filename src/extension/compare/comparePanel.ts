/**
 * The comparison panel (issue 24): two to four runs at the same step on one page. On (re)load the
 * page posts `comparisonReady` and gets the runs as read from their directories now; it asks for
 * each run's samples at the steps its timeline reaches (`requestComparedSamples`, by run index, so
 * no message from the page names a path). Messages are validated before anything is done. A
 * panel is restored after a window reload with its run directories. While a compared run trains,
 * the panel follows it: every few seconds it compares the runs' files with what it last read
 * (runDirSignature.ts) and, when one changed, reads the runs again and posts them. A panel whose
 * page never loads is opened anew (PageLoadGuard).
 */
import * as vscode from 'vscode';
import { isComparisonViewToHost, type ComparedRun, type ComparisonViewToHost, type HostToComparisonView } from '../../shared/protocol';
import { readSamples } from '../trainingRuns/runSnapshot';
import { GridReader } from '../trainingRuns/sampleGrids';
import { PageLoadGuard, type ReopenPlace } from '../webviews/pageLoadGuard';
import { describeMessage } from '../webviews/webviewMessages';
import { webviewHtml, webviewOptions } from '../webviews/webviewHtml';
import { readComparison } from './readComparison';
import { runDirSignature } from './runDirSignature';

/** How often an open comparison looks for new records of its runs. */
const REFRESH_MS = 3000;

export interface ComparePanelContext {
  extensionUri: vscode.Uri;
  /** Metric records per run at most (the dashboards' retention). */
  metricsLimit: number;
  log: vscode.LogOutputChannel;
  /** How long a visible page may take to load before the panel is opened anew (PageLoadGuard's default). */
  pageLoadTimeoutMs?: number;
}

/** The page's view state (its UiState): `compareRuns` holds the run directories compared. */
interface ComparePanelState {
  compareRuns?: unknown;
}

export class ComparePanel implements vscode.Disposable {
  static readonly viewType = 'ganWorkbench.compareRuns';
  private static readonly open = new Set<ComparePanel>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly grids: GridReader[];
  /** The runs last posted (what the page shows), for tests. */
  posted: ComparedRun[] | undefined;
  /** The samples the page asked for and got, as `run@step` (what its timeline shows), for tests. */
  readonly served = new Set<string>();
  /** The runs' files when they were last read (empty until the page asked). */
  private signatures: string[] = [];
  private reading = false;
  private readonly refreshTimer: ReturnType<typeof setInterval>;
  private readonly loading: PageLoadGuard;

  /** Opens a comparison of `runDirs`, or reveals the one open on the same runs. */
  static show(context: ComparePanelContext, runDirs: readonly string[]): ComparePanel {
    const key = runDirs.join('\n');
    const existing = [...ComparePanel.open].find((p) => p.runDirs.join('\n') === key);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    return ComparePanel.create(context, [...runDirs], { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, 0);
  }

  private static create(context: ComparePanelContext, runDirs: string[], place: ReopenPlace, reopens: number): ComparePanel {
    const panel = vscode.window.createWebviewPanel(ComparePanel.viewType, 'GAN Compare Runs', place, {
      ...webviewOptions(context.extensionUri),
      enableFindWidget: true,
      retainContextWhenHidden: false,
    });
    return new ComparePanel(panel, context, runDirs, reopens);
  }

  static revive(panel: vscode.WebviewPanel, context: ComparePanelContext, state: ComparePanelState | undefined): void {
    const saved = state?.compareRuns;
    const runDirs = Array.isArray(saved) ? saved.filter((d): d is string => typeof d === 'string' && d !== '') : [];
    if (runDirs.length < 2) return panel.dispose();
    panel.webview.options = webviewOptions(context.extensionUri);
    new ComparePanel(panel, context, runDirs, 0);
  }

  static all(): ComparePanel[] {
    return [...ComparePanel.open];
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly context: ComparePanelContext,
    readonly runDirs: string[],
    reopens: number,
  ) {
    ComparePanel.open.add(this);
    this.grids = runDirs.map((dir) => new GridReader(dir, false));
    panel.title = `GAN Compare ${runDirs.length} Runs`;
    panel.webview.html = webviewHtml(panel.webview, context.extensionUri, 'compare', panel.title);
    this.loading = new PageLoadGuard(panel, {
      what: () => `the comparison of ${runDirs.length} runs`,
      reopens,
      log: context.log,
      timeoutMs: context.pageLoadTimeoutMs,
      reopen: (place, count) => {
        this.dispose();
        ComparePanel.create(context, runDirs, place, count);
      },
    });
    this.disposables.push(
      this.loading,
      panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m)),
      panel.onDidDispose(() => this.dispose()),
    );
    this.refreshTimer = setInterval(() => void this.refreshIfChanged(), REFRESH_MS);
  }

  /** Reads the runs and posts them to the page. */
  private async showRuns(): Promise<void> {
    this.reading = true;
    try {
      const signatures = await Promise.all(this.runDirs.map(runDirSignature));
      const runs = await readComparison(this.runDirs, this.context.metricsLimit);
      if (!ComparePanel.open.has(this)) return;
      this.signatures = signatures;
      this.posted = runs;
      this.post({ type: 'comparisonShown', payload: { runs } });
    } finally {
      this.reading = false;
    }
  }

  private async refreshIfChanged(): Promise<void> {
    if (this.reading || this.signatures.length === 0 || !this.panel.visible) return;
    const now = await Promise.all(this.runDirs.map(runDirSignature));
    if (now.some((s, i) => s !== this.signatures[i])) await this.showRuns();
  }

  private post(message: HostToComparisonView): void {
    void this.panel.webview.postMessage(message);
  }

  private async receive(message: unknown): Promise<void> {
    if (!isComparisonViewToHost(message)) {
      this.context.log.warn(`compare runs: ignored an invalid message ${describeMessage(message)}`);
      return;
    }
    await this.act(message);
  }

  private async act(message: ComparisonViewToHost): Promise<void> {
    switch (message.type) {
      case 'comparisonReady':
        this.loading.ready();
        return this.showRuns();
      case 'requestComparedSamples': {
        const { run, step } = message.payload;
        const dir = this.runDirs[run];
        const grids = this.grids[run];
        if (dir === undefined || grids === undefined) return;
        const record = await readSamples(dir, step);
        if (!record) return;
        this.post({ type: 'comparedSamples', payload: { run, record: await grids.withGrids(record) } });
        this.served.add(`${run}@${record.step}`);
        return;
      }
    }
  }

  dispose(): void {
    clearInterval(this.refreshTimer);
    ComparePanel.open.delete(this);
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

export class ComparePanelSerializer implements vscode.WebviewPanelSerializer<ComparePanelState> {
  constructor(private readonly context: ComparePanelContext) {}

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: ComparePanelState | undefined): Promise<void> {
    ComparePanel.revive(panel, this.context, state);
  }
}
