/**
 * A panel whose page never loads (code-server's stuck service worker, see loadWatchdog.ts) is
 * opened anew in its place, for every kind of editor panel: the guard itself (its clock runs only
 * while the panel is visible, at most MAX_REOPENS new panels, then a Reload Window offer), and the
 * sweep dashboard and comparison panels built on it: the stuck panel closes, a new one opens in
 * its column on the same sweep or runs, and that one serves its page as the first would have.
 */
import { FakeWebviewPanel, EventEmitter, ui, Uri } from '../helpers/fakeVscode';
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { MAX_REOPENS, PageLoadGuard, type ReopenPlace } from '../../src/extension/webviews/pageLoadGuard';
import { SweepPanel, type SweepSource } from '../../src/extension/sweeps/sweepPanel';
import { ComparePanel } from '../../src/extension/compare/comparePanel';
import type { SweepView } from '../../src/shared/protocol';

const TIMEOUT = 40;
const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls until a second panel has been created (the stuck first one replaced). */
async function reopened(): Promise<void> {
  for (let waited = 0; ui.panels.length < 2; waited += 5) {
    assert.ok(waited < 5000, 'no new panel was opened');
    await wait(5);
  }
}

function fakeLog() {
  const lines: string[] = [];
  return {
    lines,
    log: {
      warn: (m: string) => void lines.push(`warn ${m}`),
      error: (m: string) => void lines.push(`error ${m}`),
      info: () => undefined,
      debug: () => undefined,
      trace: () => undefined,
    } as unknown as vscode.LogOutputChannel,
  };
}

describe('a panel whose page never loads is opened anew', () => {
  afterEach(() => {
    for (const p of [...SweepPanel.all(), ...ComparePanel.all()]) p.dispose();
    ui.reset();
  });

  describe('the guard', () => {
    function guarded(reopens = 0, visible = true) {
      const panel = new FakeWebviewPanel('test.view', 'GAN Test', 2, false);
      panel.visible = visible;
      panel.active = false;
      const reopened: { place: ReopenPlace; reopens: number }[] = [];
      const { log, lines } = fakeLog();
      const guard = new PageLoadGuard(panel as unknown as vscode.WebviewPanel, {
        what: () => 'the test page',
        reopens,
        log,
        reopen: (place, count) => reopened.push({ place, reopens: count }),
        timeoutMs: TIMEOUT,
      });
      return { panel, guard, reopened, lines };
    }

    it('reopens a visible page that never posts ready, once, in its column and without taking focus, and says so in the log', async () => {
      const { guard, reopened, lines } = guarded();
      await wait(TIMEOUT * 3);
      assert.deepEqual(reopened, [{ place: { viewColumn: 2, preserveFocus: true }, reopens: 1 }]);
      assert.deepEqual(lines, ['warn the test page: its page did not load in 0.04 s; opening it in a new panel']);
      guard.dispose();
    });

    it('keeps the focus where it was: a focused stuck panel opens focused', async () => {
      const { panel, reopened, guard } = guarded();
      panel.active = true;
      await wait(TIMEOUT * 3);
      assert.equal(reopened[0]?.place.preserveFocus, false);
      guard.dispose();
    });

    it('leaves a page that posted ready in time, and a disposed guard, alone', async () => {
      const loaded = guarded();
      await wait(TIMEOUT / 4);
      loaded.guard.ready();
      const disposed = guarded();
      disposed.guard.dispose();
      await wait(TIMEOUT * 3);
      assert.deepEqual(loaded.reopened, []);
      assert.deepEqual(disposed.reopened, []);
      loaded.guard.dispose();
    });

    it('does not count time while the panel is hidden; shown again, its reload is timed', async () => {
      const { panel, guard, reopened } = guarded(0, false);
      await wait(TIMEOUT * 3);
      assert.deepEqual(reopened, [], 'a panel created hidden is not timed');
      panel.setViewState({ visible: true, active: false });
      await wait(TIMEOUT / 2);
      panel.setViewState({ visible: false, active: false });
      await wait(TIMEOUT * 2);
      assert.deepEqual(reopened, [], 'hidden before its time was up');
      panel.setViewState({ visible: true, active: false });
      await wait(TIMEOUT * 3);
      assert.equal(reopened.length, 1);
      guard.dispose();
    });

    it(`after ${MAX_REOPENS} new panels it opens no more: it logs an error and offers Reload Window, which reloads`, async () => {
      ui.answer = (api) => (api === 'window.showErrorMessage' ? 'Reload Window' : undefined);
      const { guard, reopened, lines } = guarded(MAX_REOPENS);
      await wait(TIMEOUT * 3);
      assert.deepEqual(reopened, []);
      assert.deepEqual(lines, [`error the test page: its page did not load in ${MAX_REOPENS + 1} panels; left as it is`]);
      const [shown] = ui.called('window.showErrorMessage');
      assert.match(String(shown?.args[0]), /the test page did not load \(its webview never started\)\. Reload the window/);
      assert.equal(shown?.args[1], 'Reload Window');
      await wait(0);
      assert.equal(ui.called('command workbench.action.reloadWindow').length, 1);
      guard.dispose();
    });
  });

  it('the sweep dashboard: the stuck panel closes, a new one opens in its column on the same sweep and serves it', async () => {
    const sweep = { name: 'lr-search', trials: [], best: null } as unknown as SweepView;
    const changes = new EventEmitter<void>();
    const source: SweepSource = { sweep: () => sweep, read: async () => sweep, onDidChange: changes.event };
    const { log, lines } = fakeLog();
    const context = {
      extensionUri: Uri.file('/ext') as unknown as vscode.Uri,
      source,
      actions: { openTrial: () => undefined, compareTrials: async () => undefined },
      log,
      pageLoadTimeoutMs: TIMEOUT,
    };
    SweepPanel.show(context, '/shared/sweeps/lr-search');
    const [first] = ui.panels;
    assert.equal(ui.panels.length, 1);
    await reopened();
    assert.equal(first!.disposed, true, 'the stuck panel is closed');
    const second = ui.panels[1]!;
    assert.equal(second.viewType, SweepPanel.viewType);
    assert.equal(second.viewColumn, first!.viewColumn);
    assert.match(second.webview.html, /sweep\.js/);
    assert.deepEqual(
      SweepPanel.all().map((p) => p.dir),
      ['/shared/sweeps/lr-search'],
    );
    assert.match(lines[0]!, /^warn the dashboard of Sweep lr-search: its page did not load/);
    second.fromPage({ type: 'sweepReady', payload: {} });
    await wait(0);
    assert.deepEqual(second.webview.posted, [{ type: 'sweepShown', payload: sweep }]);
    await wait(TIMEOUT * 3);
    assert.equal(ui.panels.length, 2, 'a page that loaded is left alone');
  });

  it('the comparison: the stuck panel closes and a new one opens in its column on the same runs', async () => {
    const { log } = fakeLog();
    const context = { extensionUri: Uri.file('/ext') as unknown as vscode.Uri, metricsLimit: 100, log, pageLoadTimeoutMs: TIMEOUT };
    ComparePanel.show(context, ['/runs/a', '/runs/b']);
    await reopened();
    assert.equal(ui.panels[0]!.disposed, true);
    assert.equal(ui.panels[1]!.viewType, ComparePanel.viewType);
    assert.match(ui.panels[1]!.webview.html, /compare\.js/);
    assert.deepEqual(
      ComparePanel.all().map((p) => p.runDirs),
      [['/runs/a', '/runs/b']],
    );
  });
});
