// Builds the webview harness into out/harness/: the two real webview bundles (same esbuild options
// as esbuild.mjs), harness.js (a fake acquireVsCodeApi that feeds recorded runs) and one HTML page
// per view, served with the same CSP as the extension's panels.
//
//   node webview/harness/build.mjs [runs-root]   (default /tmp/harness-runs)
//
// runs-root holds <experiment>/<run id>/ directories written by gan-train; the newest run of each
// experiment is inlined into harness.js as JSON.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const out = join(root, 'out', 'harness');
const runsRoot = process.argv[2] ?? '/tmp/harness-runs';

const readJsonl = (file) =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l))
    : [];

function readRun(dir) {
  const meta = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
  const config = JSON.parse(readFileSync(join(dir, 'experiment.json'), 'utf8'));
  const samplesDir = join(dir, 'samples');
  const samples = existsSync(samplesDir)
    ? readdirSync(samplesDir)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => JSON.parse(readFileSync(join(samplesDir, f), 'utf8')))
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
  };
}

const runs = {};
if (existsSync(runsRoot)) {
  for (const experiment of readdirSync(runsRoot).sort()) {
    const ids = readdirSync(join(runsRoot, experiment)).filter((id) => existsSync(join(runsRoot, experiment, id, 'run.json')));
    if (ids.length === 0) continue;
    runs[experiment] = readRun(join(runsRoot, experiment, ids.sort().at(-1)));
  }
}
if (Object.keys(runs).length === 0) console.warn(`harness: no runs under ${runsRoot}; the pages will show their empty states`);

const harnessData = {
  name: 'harness-data',
  setup(build) {
    build.onResolve({ filter: /^harness-data$/ }, () => ({ path: 'harness-data', namespace: 'harness-data' }));
    build.onLoad({ filter: /.*/, namespace: 'harness-data' }, () => ({ contents: JSON.stringify({ runs }), loader: 'json' }));
  },
};

mkdirSync(out, { recursive: true });
const browser = {
  bundle: true,
  sourcemap: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  logLevel: 'warning',
  mainFields: ['module', 'main'],
};
await esbuild.build({
  ...browser,
  entryPoints: { main: join(root, 'webview/src/main.ts'), samples: join(root, 'webview/src/samplesMain.ts') },
  outdir: out,
});
await esbuild.build({ ...browser, entryPoints: { harness: join(here, 'harness.ts') }, outdir: out, plugins: [harnessData] });

const template = readFileSync(join(here, 'harness.html'), 'utf8');
writeFileSync(join(out, 'index.html'), template.replaceAll('{{ENTRY}}', 'main.js').replaceAll('{{TITLE}}', 'GAN run dashboard (harness)'));
writeFileSync(
  join(out, 'samples.html'),
  template.replaceAll('{{ENTRY}}', 'samples.js').replaceAll('{{TITLE}}', 'GAN samples view (harness)'),
);
console.log(`harness: ${Object.keys(runs).join(', ') || 'no runs'} → ${out}`);
