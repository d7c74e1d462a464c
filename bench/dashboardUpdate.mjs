/* global window, performance, requestAnimationFrame, MessageChannel, setTimeout -- used only inside functions that run in the page */
// Benchmark: the dashboard's cost per live update on a long run. Loads the real dashboard bundle
// (the webview harness, served with the extension's CSP) in headless chromium with no host, sends
// a snapshot of 200,000 metric records, then 100 batches of 10 records at 10 batches/s (as the
// host batches a live run's metrics), and measures each batch from postMessage to the end of the
// animation frame that drew it (performance.now in the page: a rAF queued after the dashboard's
// own, then a task after that frame's rendering). The same is measured on a 1,000-record snapshot
// as the reference, in a second page taking turns with the first; the script prints medians, p95s
// and their ratios (it asserts nothing: times depend on the machine, ratios much less).
//
//   node bench/dashboardUpdate.mjs [--records 200000] [--batches 100] [--reference 1000]
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { buildHarness } from '../webview/harness/build.mjs';
import { CHROMIUM_ARGS, serveHarness } from '../webview/harness/serve.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RECORDS = arg('--records', 200_000);
const BATCHES = arg('--batches', 100);
const REFERENCE = arg('--reference', 1_000);
const BATCH_SIZE = 10;
const INTERVAL_MS = 100;

const outDir = join(root, 'out', 'bench', 'harness');
await buildHarness({ runsRoot: join(root, 'out', 'bench', 'no-runs'), outDir, quiet: true });
const server = await serveHarness(outDir);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });

/**
 * Opens a fresh dashboard page, sends it a snapshot of `records` metric records and installs
 * `window.__bench.batch()`: sends the next batch of records, resolves with its time (ms).
 */
async function openScenario(records) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${server.base}/index.html?mode=manual&theme=dark`);
  await page.waitForFunction(() => window.__harness?.posted.some((m) => m.type === 'ready'));
  const snapshotMs = await page.evaluate(
    async ({ records, batchSize }) => {
      const every = 10;
      const record = (i) => {
        const step = (i + 1) * every;
        const t = i / 5000;
        const noise = Math.sin(i * 12.9898) * 0.08;
        return {
          step,
          time: 1.7e12 + i * 40,
          elapsed: i * 0.04,
          stepsPerSecond: 250,
          dLoss: 1.3 + 0.1 * Math.sin(t) + noise,
          gLoss: 0.8 + 0.2 * Math.cos(t) - noise,
          components: { 'd.real': 0.65 + noise, 'd.fake': 0.65 - noise, 'g.adversarial': 0.8 + 0.2 * Math.cos(t) - noise },
          dReal: 0.5 + 0.1 * Math.sin(t) + noise / 2,
          dFake: 0.5 - 0.1 * Math.sin(t) - noise / 2,
          gradNormD: 1 + noise,
          gradNormG: 1 - noise,
        };
      };
      const run = {
        runDir: '/bench/run',
        runId: 'bench',
        experimentName: 'bench',
        experimentFile: '',
        phase: 'running',
        live: true,
        meta: null,
        config: null,
        error: null,
        warnings: [],
      };
      /** Resolves at the end of the frame that handles the next message of `type`. */
      const frameAfter = (type) =>
        new Promise((resolve) => {
          const onMessage = (e) => {
            if (e.data?.type !== type) return;
            window.removeEventListener('message', onMessage);
            // The dashboard's listener ran first and queued its frame; this rAF runs after its draw,
            // the channel message after that frame's rendering.
            requestAnimationFrame(() => {
              const channel = new MessageChannel();
              channel.port1.onmessage = () => resolve(performance.now());
              channel.port2.postMessage(0);
            });
          };
          window.addEventListener('message', onMessage);
        });
      const metrics = Array.from({ length: records }, (_, i) => record(i));
      const snapshot = {
        type: 'snapshot',
        payload: { run, metrics, quality: [], events: [], histograms: [], sampleSteps: [], samples: null },
      };
      const t0 = performance.now();
      const done = frameAfter('snapshot');
      window.postMessage(snapshot, '*');
      const ms = (await done) - t0;
      window.__harness.snapshotSent = true;
      let next = records;
      window.__bench = {
        batch: async () => {
          const batch = Array.from({ length: batchSize }, () => record(next++));
          const drawn = frameAfter('metricsAppended');
          const start = performance.now();
          window.postMessage({ type: 'metricsAppended', payload: { records: batch } }, '*');
          return (await drawn) - start;
        },
      };
      await new Promise((r) => setTimeout(r, 500));
      return ms;
    },
    { records, batchSize: BATCH_SIZE },
  );
  return {
    page,
    snapshotMs,
    times: [],
    batch: async function () {
      this.times.push(await page.evaluate(() => window.__bench.batch()));
    },
    finish: async function () {
      this.step = await page.locator('.gw-stats b').first().textContent();
      this.longTasks = await page.evaluate(() => window.__harness.longTasks);
      await page.close();
      if (errors.length > 0) throw new Error(`the page reported errors: ${errors.join('; ')}`);
    },
  };
}

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const ms = (v) => `${v.toFixed(1)} ms`;

try {
  // Both pages are open at once and take turns, so the machine's load at any moment weighs on both alike.
  const reference = await openScenario(REFERENCE);
  const large = await openScenario(RECORDS);
  for (let b = 0; b < BATCHES; b++) {
    const started = Date.now();
    await reference.batch();
    await large.batch();
    // Each page gets at most 10 batches a second, as the host sends them.
    await new Promise((r) => setTimeout(r, Math.max(0, INTERVAL_MS - (Date.now() - started))));
  }
  await reference.finish();
  await large.finish();
  const line = (name, r) =>
    `${name.padEnd(28)} snapshot ${ms(r.snapshotMs).padStart(9)}   batch median ${ms(quantile(r.times, 0.5)).padStart(8)}   p95 ${ms(
      quantile(r.times, 0.95),
    ).padStart(8)}   max ${ms(Math.max(...r.times)).padStart(8)}   (header: step ${r.step})`;
  console.log(`dashboard update: ${BATCHES} batches of ${BATCH_SIZE} records at ${1000 / INTERVAL_MS}/s, postMessage → end of the frame`);
  console.log(line(`${REFERENCE.toLocaleString('en')} records (reference)`, reference));
  console.log(line(`${RECORDS.toLocaleString('en')} records`, large));
  console.log(
    `ratio ${RECORDS.toLocaleString('en')} / ${REFERENCE.toLocaleString('en')}: median ${(quantile(large.times, 0.5) / quantile(reference.times, 0.5)).toFixed(2)}×, p95 ${(
      quantile(large.times, 0.95) / quantile(reference.times, 0.95)
    ).toFixed(2)}×`,
  );
  console.log(`long tasks (> 50 ms) during the ${RECORDS.toLocaleString('en')}-record batches: ${large.longTasks.length}`);
} finally {
  await browser.close();
  await server.close();
}
