/** Opening a page of the webview harness in chromium, for the render suites. */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../vscode/runInHost';

export interface HarnessView {
  posted: { type: string; payload: Record<string, unknown> }[];
  exports: { format: string; suggestedName: string; data: string }[];
  errors: string[];
  snapshotSent: boolean;
}
/** The page's window (the harness keeps what the page posted in __harness). */
export type HarnessWindow = { __harness: HarnessView };

/** Waits for two animation frames (a redraw requested now has happened). */
export const frames = (page: Page) =>
  page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));

/**
 * Opens `base/path` with a fresh view state and waits for its snapshot to be drawn. `clean()`
 * asserts no console errors, page errors or CSP violations happened so far.
 */
export async function openHarnessPage(context: BrowserContext, base: string, path: string, viewport = { width: 1280, height: 900 }) {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  // Functions passed to page.evaluate are compiled by tsx, which names inner functions with __name.
  await page.addInitScript('globalThis.__name = globalThis.__name || ((f) => f);');
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`${base}/${path}`);
  await page.waitForFunction(() => (window as unknown as HarnessWindow).__harness?.snapshotSent === true);
  await frames(page);
  const posted = () => page.evaluate(() => (window as unknown as HarnessWindow).__harness.posted);
  const clean = async () => {
    const errors = await page.evaluate(() => (window as unknown as HarnessWindow).__harness.errors);
    assert.deepEqual([...problems, ...errors], [], 'no console errors, page errors or CSP violations');
  };
  return { page, problems, posted, clean };
}

/** The harness built from a runs folder, served over HTTP, with a chromium to open its pages. */
export interface HarnessSession {
  base: string;
  context: BrowserContext;
  /** The runs the harness plays, sorted. */
  built: string[];
  /** Closes chromium and the server and removes the runs folder. */
  close(): Promise<void>;
}

/** Builds the harness of `runsRoot`'s runs into `outDir`, serves it and launches chromium. */
export async function startHarness(runsRoot: string, outDir: string): Promise<HarnessSession> {
  const { buildHarness } = await import('../../webview/harness/build.mjs');
  const { serveHarness } = await import('../../webview/harness/serve.mjs');
  const built = [...(await buildHarness({ runsRoot, outDir, quiet: true }))].sort();
  const server = await serveHarness(outDir);
  const chromium = await launchChromium();
  return {
    base: server.base,
    context: chromium.context,
    built,
    async close() {
      await chromium.close();
      await server.close();
      rmSync(runsRoot, { recursive: true, force: true });
    },
  };
}
