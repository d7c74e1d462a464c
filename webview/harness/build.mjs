// Builds the webview harness: the two real webview bundles (same esbuild options as esbuild.mjs),
// harness.js (a fake acquireVsCodeApi that plays the host with recorded runs) and one HTML page per
// view, served with the same CSP as the extension's panels.
//
//   node webview/harness/build.mjs [runs-root]   (default /tmp/harness-runs; output out/harness/)
//
// runs-root holds <experiment>/<run id>/ directories written by gan-train; the newest run of each
// experiment is inlined into harness.js as JSON. Importable: `buildHarness({ runsRoot, outDir })`
// (the render tests and the benchmark build their own copy).
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { BROWSER_BUILD, inlineDataPlugin } from './bundleOptions.mjs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Buffer } from 'node:buffer';
import { PNG } from 'pngjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
export const DEFAULT_OUT_DIR = join(root, 'out', 'harness');
export const DEFAULT_RUNS_ROOT = '/tmp/harness-runs';

const readJsonl = (file) =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l))
    : [];

/**
 * An `images` record as the host sends it to a dashboard: with its PNG grids' pixels (and those of
 * its nearest training images, when it has them), per pixel the colour values then alpha, base64
 * (GridReader in src/extension/trainingRuns/sampleGrids.ts does the same).
 */
function withGrids(dir, record) {
  if (record.layout !== 'images' || !record.images) return record;
  const channels = record.images.shape.channels;
  const read = (relative) => readGridPixels(join(dir, ...relative.split('/')), channels);
  const grids = { fixed: read(record.images.fixedPng), real: read(record.images.realPng) };
  if (record.images.nearest) grids.nearest = read(record.images.nearest.png);
  return { ...record, grids };
}

/** PNG → GridPixels (colour values then alpha per pixel, base64), or null when missing. */
function readGridPixels(file, channels) {
  if (!existsSync(file)) return null;
  const png = PNG.sync.read(readFileSync(file));
  const bpp = channels + 1;
  const out = Buffer.alloc(png.width * png.height * bpp);
  for (let p = 0; p < png.width * png.height; p++) {
    for (let c = 0; c < channels; c++) out[p * bpp + c] = png.data[p * 4 + c];
    out[p * bpp + channels] = png.data[p * 4 + 3];
  }
  return { width: png.width, height: png.height, channels, data: out.toString('base64') };
}

/** The run's gan-sample results, newest first, as the host sends them (samplingResults.ts: image grids decoded). */
function readSamplingResults(dir) {
  const root = join(dir, 'sampling');
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((id) => !id.startsWith('.') && existsSync(join(root, id, 'sampling.json')))
    .map((id) => {
      const record = JSON.parse(readFileSync(join(root, id, 'sampling.json'), 'utf8'));
      if (!record.images) return record;
      const channels = record.images.shape.channels;
      const grid = (name) => readGridPixels(join(root, id, name), channels);
      return { ...record, grids: { before: grid(record.images.beforePng), after: grid(record.images.afterPng) } };
    })
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1));
}

/** One run directory as the harness plays it (what a host snapshot is made of, plus every samples file). */
export function readRun(dir) {
  const meta = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
  const config = JSON.parse(readFileSync(join(dir, 'experiment.json'), 'utf8'));
  const samplesDir = join(dir, 'samples');
  const samples = existsSync(samplesDir)
    ? readdirSync(samplesDir)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => withGrids(dir, JSON.parse(readFileSync(join(samplesDir, f), 'utf8'))))
    : [];
  return {
    run: {
      runDir: dir,
      runId: meta.runId,
      experimentName: meta.experimentName,
      experimentFile: meta.experimentFile,
      phase: meta.status,
      live: false,
      meta,
      config,
      error: meta.error,
      warnings: [],
    },
    metrics: readJsonl(join(dir, 'metrics.jsonl')),
    quality: readJsonl(join(dir, 'quality.jsonl')),
    events: readJsonl(join(dir, 'events.jsonl')),
    histograms: readJsonl(join(dir, 'histograms.jsonl')),
    samples,
    sampling: readSamplingResults(dir),
  };
}

/** The newest run of each experiment under runsRoot, by experiment directory name. */
export function readRuns(runsRoot) {
  const runs = {};
  if (!existsSync(runsRoot)) return runs;
  for (const experiment of readdirSync(runsRoot).sort()) {
    const ids = readdirSync(join(runsRoot, experiment)).filter((id) => existsSync(join(runsRoot, experiment, id, 'run.json')));
    if (ids.length === 0) continue;
    runs[experiment] = readRun(join(runsRoot, experiment, ids.sort().at(-1)));
  }
  return runs;
}

/**
 * Builds the harness into outDir (index.html: dashboard, samples.html: samples view) with the runs
 * under runsRoot inlined; returns the names of the runs.
 */
export async function buildHarness({ runsRoot = DEFAULT_RUNS_ROOT, outDir = DEFAULT_OUT_DIR, quiet = false } = {}) {
  const runs = readRuns(runsRoot);
  if (Object.keys(runs).length === 0 && !quiet) console.warn(`harness: no runs under ${runsRoot}; the pages will show their empty states`);
  const harnessData = inlineDataPlugin('harness-data', { runs });
  mkdirSync(outDir, { recursive: true });
  const browser = BROWSER_BUILD;
  await esbuild.build({
    ...browser,
    entryPoints: { main: join(root, 'webview/src/main.ts'), samples: join(root, 'webview/src/samplesMain.ts') },
    outdir: outDir,
  });
  await esbuild.build({ ...browser, entryPoints: { harness: join(here, 'harness.ts') }, outdir: outDir, plugins: [harnessData] });

  const template = readFileSync(join(here, 'harness.html'), 'utf8');
  const page = (entry, title) => template.replaceAll('{{ENTRY}}', entry).replaceAll('{{TITLE}}', title);
  writeFileSync(join(outDir, 'index.html'), page('main.js', 'GAN run dashboard (harness)'));
  writeFileSync(join(outDir, 'samples.html'), page('samples.js', 'GAN samples view (harness)'));
  if (!quiet) console.log(`harness: ${Object.keys(runs).join(', ') || 'no runs'} → ${outDir}`);
  return Object.keys(runs);
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  await buildHarness({ runsRoot: process.argv[2] ?? DEFAULT_RUNS_ROOT });
}
