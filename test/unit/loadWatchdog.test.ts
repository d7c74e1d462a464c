import assert from 'node:assert/strict';
import { LoadWatchdog } from '../../src/extension/webviews/loadWatchdog';

const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('the webview load watchdog', () => {
  const TIMEOUT = 40;
  let stuck: number;
  let watchdog: LoadWatchdog;
  beforeEach(() => {
    stuck = 0;
    watchdog = new LoadWatchdog(TIMEOUT, () => stuck++);
  });
  afterEach(() => watchdog.dispose());

  it('reports a visible page that never posts ready, once', async () => {
    watchdog.shown();
    watchdog.shown();
    await wait(TIMEOUT * 3);
    assert.equal(stuck, 1);
  });

  it('stays quiet when the page posts ready in time', async () => {
    watchdog.shown();
    await wait(TIMEOUT / 4);
    watchdog.ready();
    await wait(TIMEOUT * 2);
    assert.equal(stuck, 0);
  });

  it('does not count time while the panel is hidden, and times each showing afresh', async () => {
    watchdog.shown();
    await wait(TIMEOUT / 2);
    watchdog.hidden();
    await wait(TIMEOUT * 2);
    assert.equal(stuck, 0, 'a hidden panel is not reported');
    watchdog.shown();
    await wait(TIMEOUT * 3);
    assert.equal(stuck, 1, 'a page that does not load after being shown again is reported');
  });

  it('times the reload after hide and show even when the page had loaded before', async () => {
    watchdog.shown();
    watchdog.ready();
    watchdog.shown();
    await wait(TIMEOUT * 2);
    assert.equal(stuck, 0, 'shown again while loaded: nothing to wait for');
    watchdog.hidden();
    watchdog.shown();
    await wait(TIMEOUT * 3);
    assert.equal(stuck, 1);
  });

  it('is silent once disposed', async () => {
    watchdog.shown();
    watchdog.dispose();
    await wait(TIMEOUT * 2);
    assert.equal(stuck, 0);
  });
});
