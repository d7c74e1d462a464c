/**
 * What every editor panel of the extension (run dashboard, sweep dashboard, comparison) does when
 * its page never loads (see LoadWatchdog for why that happens in code-server): the panel is closed
 * and the same content opened in a new panel in its place, which loads. After MAX_REOPENS new
 * panels the user is asked to reload the window instead.
 */
import * as vscode from 'vscode';
import { LoadWatchdog } from './loadWatchdog';

/** How long a visible panel's page may take to post its ready message before it is opened anew. */
export const PAGE_LOAD_TIMEOUT_MS = 20_000;
/** New panels opened for one panel whose page does not load, before asking for a window reload. */
export const MAX_REOPENS = 2;

/** Where the new panel opens: the old one's column, focused if the old one was. */
export interface ReopenPlace {
  viewColumn: vscode.ViewColumn;
  preserveFocus: boolean;
}

/** The little of a WebviewPanel the guard reads. */
export type GuardedPanel = Pick<vscode.WebviewPanel, 'visible' | 'active' | 'viewColumn' | 'onDidChangeViewState'>;

export interface PageLoadGuardOptions {
  /** What the panel shows, for the log and the error message ("the sweep dashboard of …"). */
  what: () => string;
  /** How many new panels were opened before this one for the same content. */
  reopens: number;
  log: Pick<vscode.LogOutputChannel, 'warn' | 'error'>;
  /** Closes the panel and opens its content in a new one at `place`, counting `reopens`. */
  reopen: (place: ReopenPlace, reopens: number) => void;
  /** PAGE_LOAD_TIMEOUT_MS when not given. */
  timeoutMs?: number | undefined;
}

export class PageLoadGuard implements vscode.Disposable {
  private readonly watchdog: LoadWatchdog;
  private readonly subscription: vscode.Disposable;
  private readonly timeoutMs: number;

  constructor(
    private readonly panel: GuardedPanel,
    private readonly options: PageLoadGuardOptions,
  ) {
    this.timeoutMs = options.timeoutMs ?? PAGE_LOAD_TIMEOUT_MS;
    this.watchdog = new LoadWatchdog(this.timeoutMs, () => this.stuck());
    if (panel.visible) this.watchdog.shown();
    this.subscription = panel.onDidChangeViewState((e) => {
      if (e.webviewPanel.visible) this.watchdog.shown();
      else this.watchdog.hidden();
    });
  }

  /** The page posted its ready message. */
  ready(): void {
    this.watchdog.ready();
  }

  dispose(): void {
    this.watchdog.dispose();
    this.subscription.dispose();
  }

  private stuck(): void {
    const what = this.options.what();
    const { reopens, log } = this.options;
    if (reopens >= MAX_REOPENS) {
      log.error(`${what}: its page did not load in ${reopens + 1} panels; left as it is`);
      void vscode.window
        .showErrorMessage(
          `GAN Workbench: ${what} did not load (its webview never started). Reload the window to open it again.`,
          'Reload Window',
        )
        .then((choice) => choice && vscode.commands.executeCommand('workbench.action.reloadWindow'));
      return;
    }
    log.warn(`${what}: its page did not load in ${this.timeoutMs / 1000} s; opening it in a new panel`);
    const place = { viewColumn: this.panel.viewColumn ?? vscode.ViewColumn.Active, preserveFocus: !this.panel.active };
    this.dispose();
    this.options.reopen(place, reopens + 1);
  }
}
