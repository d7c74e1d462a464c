/**
 * The frames the dashboard's "Animated GIF" export encodes, captured from a built webview harness in
 * headless chromium (the real bundle, CSP and renderer): `getImageData` of every 480 × 480 frame is
 * recorded while the export runs, and the last N (N = frames of the exported GIF) are kept. Used by
 * bench/gifExport.ts; exported so a harness built by the render suite can be replayed offline.
 */
import { GifReader } from 'omggif';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../test/vscode/runInHost';
import { CHROMIUM_PATH } from '../scripts/requirements';

export interface CapturedExport {
  frames: Uint8ClampedArray[];
  /** The GIF the page made, as saved. */
  gif: Uint8Array;
  /** Milliseconds from the click to the saved export, in the page (rendering included). */
  pageMs: number;
  /** Console errors, page errors and CSP violations the page reported. */
  errors: string[];
}

interface CaptureWindow {
  __frames: string[];
  __harness: { exports: { format: string; data: string }[]; errors: string[] };
}

/** Opens `base/index.html?run=<run>` and exports the samples GIF. */
export async function captureExport(base: string, run: string): Promise<CapturedExport> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    await page.addInitScript(() => {
      const w = window as unknown as CaptureWindow;
      w.__frames = [];
      const original = CanvasRenderingContext2D.prototype.getImageData;
      CanvasRenderingContext2D.prototype.getImageData = function (this: CanvasRenderingContext2D, ...args: Parameters<typeof original>) {
        const data = original.apply(this, args);
        if (data.width === 480 && data.height === 480) {
          let s = '';
          for (let i = 0; i < data.data.length; i += 0x8000) s += String.fromCharCode(...data.data.subarray(i, i + 0x8000));
          w.__frames.push(btoa(s));
        }
        return data;
      };
    });
    await page.goto(`${base}/index.html?run=${run}&theme=dark`);
    await page.waitForFunction(() => (window as unknown as { __harness?: { snapshotSent: boolean } }).__harness?.snapshotSent === true);
    const started = Date.now();
    await page.getByRole('button', { name: 'Animated GIF' }).click();
    await page.waitForFunction(() => (window as unknown as CaptureWindow).__harness.exports.some((e) => e.format === 'gif'), null, {
      timeout: 120_000,
    });
    const pageMs = Date.now() - started;
    const { frames, gif, pageErrors } = await page.evaluate(() => {
      const w = window as unknown as CaptureWindow;
      return { frames: w.__frames, gif: w.__harness.exports.find((e) => e.format === 'gif')!.data, pageErrors: w.__harness.errors };
    });
    const bytes = new Uint8Array(Buffer.from(gif, 'base64'));
    const count = new GifReader(bytes).numFrames();
    const captured = frames.slice(-count).map((f) => new Uint8ClampedArray(Buffer.from(f, 'base64')));
    return { frames: captured, gif: bytes, pageMs, errors: [...errors, ...pageErrors] };
  } finally {
    await browser.close();
  }
}
