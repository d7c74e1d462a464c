/**
 * Looks at the dashboards from the browser's side: which dashboard frames paint (hidden webviews do
 * not), how long the visible one takes to paint a frame when asked, and the step its header shows
 * against the newest step in that run's metrics.jsonl.
 */
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import type { DashboardProbe } from './hostLoadFormat';

const HEADER = '.gw-header';
const STEP = '.gw-header .gw-stats > span:first-child > b';
const RUN_ID = '.gw-header .gw-run-id';

/** The step of the last complete line of a metrics.jsonl (reads its last 16 KiB). */
function lastMetricsStep(file: string): number | null {
  if (!existsSync(file)) return null;
  const size = statSync(file).size;
  const length = Math.min(size, 16 * 1024);
  const buffer = Buffer.alloc(length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, length, size - length);
  } finally {
    closeSync(fd);
  }
  const lines = buffer.toString('utf8').split('\n').filter(Boolean);
  for (let i = lines.length - 1; i >= 0; i--) {
    const match = /^\{"step":(\d+),/.exec(lines[i]!);
    if (match) return Number(match[1]);
  }
  return null;
}

/** `<runsRoot>/<experiment>/<runId>/metrics.jsonl` for a run id, wherever its experiment folder is. */
function metricsFileOf(runsRoot: string, runId: string): string | null {
  if (!existsSync(runsRoot)) return null;
  for (const experiment of readdirSync(runsRoot)) {
    const file = join(runsRoot, experiment, runId, 'metrics.jsonl');
    if (existsSync(file)) return file;
  }
  return null;
}

async function dashboardFrames(page: Page): Promise<Frame[]> {
  const found: Frame[] = [];
  for (const frame of page.frames()) {
    if (frame.isDetached()) continue;
    const has = await frame.evaluate((selector) => document.querySelector(selector) !== null, HEADER).catch(() => false);
    if (has) found.push(frame);
  }
  return found;
}

/** Asks the frame for an animation frame; resolves with the wait in ms, or null if none came in 2 s (hidden). */
async function frameLatency(frame: Frame): Promise<number | null> {
  const started = performance.now();
  const painted = await frame
    .evaluate(
      () =>
        new Promise<boolean>((resolve) => {
          requestAnimationFrame(() => resolve(true));
          setTimeout(() => resolve(false), 2000);
        }),
    )
    .catch(() => false);
  return painted ? performance.now() - started : null;
}

export async function probeDashboards(page: Page, runsRoot: string, startedAt: number): Promise<DashboardProbe> {
  const probe: DashboardProbe = { atMs: Date.now() - startedAt, visible: 0, frameMs: null, shownStep: null, diskStep: null };
  for (const frame of await dashboardFrames(page)) {
    const frameMs = await frameLatency(frame);
    if (frameMs === null) continue;
    probe.visible++;
    if (probe.frameMs !== null) continue; // measured on the first visible one
    probe.frameMs = frameMs;
    const [stepText, runId] = await Promise.all([
      frame.locator(STEP).first().textContent({ timeout: 5000 }),
      frame.locator(RUN_ID).first().textContent({ timeout: 5000 }),
    ]);
    const shown = (stepText ?? '').split('/')[0]!.replace(/\D/g, ''); // "12,345 / 200,000 (6%)"
    probe.shownStep = shown ? Number(shown) : null;
    const file = runId ? metricsFileOf(runsRoot, runId.trim()) : null;
    probe.diskStep = file ? lastMetricsStep(file) : null;
  }
  return probe;
}
