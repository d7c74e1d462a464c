/**
 * Soak and load of the extension as users run it: code-server's real extension host with this
 * checkout's extension, headless chromium showing the workbench, runs started with Start Training
 * (each opens its dashboard).
 *
 *   npx tsx bench/extensionHostLoad.ts --mode soak [--steps 200000] [--metrics-every N]
 *     one parabola run (examples/parabola-minimax.gan.json, its logging as shipped unless
 *     --metrics-every changes how often it records metrics) to the end:
 *     trainer RSS and live tensors, extension host heap and RSS, over the whole run; the dashboard
 *     probed from the browser throughout and at the end.
 *   npx tsx bench/extensionHostLoad.ts --mode load [--runs 4] [--window 180]
 *     four ring-8 runs training at once, each with its dashboard: command latency in the extension
 *     host (refresh the tree, reveal a dashboard, pause, resume) and its event-loop delay.
 *
 * Prints a summary and writes out/bench/<mode>.json and out/bench/<mode>-dashboard.png.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { requireChromium, requireCodeServer } from '../scripts/requirements';
import { runInHost } from '../test/vscode/runInHost';
import { probeDashboards } from './host/dashboardProbe';
import type { DashboardProbe, HostLoadParams, HostLoadResult } from './host/hostLoadFormat';
import { summarizeLoad } from './host/loadSummary';

const root = resolve(__dirname, '..');
const outDir = join(root, 'out', 'bench');
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} needs a non-negative number, got ${process.argv[at + 1]}`);
  return value;
}

const modeAt = process.argv.indexOf('--mode');
const modeArg = modeAt >= 0 ? process.argv[modeAt + 1] : 'soak';
if (modeArg !== 'soak' && modeArg !== 'load') throw new Error(`--mode is soak or load, got ${modeArg}`);
const mode: HostLoadParams['mode'] = modeArg;

/** An example with its step budget (and, for load, its name) changed; everything else as shipped. */
function experimentFrom(example: string, steps: number, name?: string): string {
  const config = JSON.parse(readFileSync(join(root, 'examples', example), 'utf8')) as Record<string, unknown> & {
    schedule: Record<string, unknown>;
  };
  delete config.$schema;
  config.schedule.steps = steps;
  const metricsEvery = option('metrics-every', 0);
  if (metricsEvery) (config.logging as Record<string, unknown>).metricsEvery = metricsEvery;
  if (name) config.name = name;
  return `${JSON.stringify(config, null, 2)}\n`;
}

async function buildDriver(into: string): Promise<string> {
  const file = join(into, 'hostLoadDriver.js');
  await esbuild.build({
    entryPoints: [join(__dirname, 'host', 'hostLoadDriver.ts')],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
  });
  return file;
}

async function main(): Promise<void> {
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
  requireCodeServer(); // npm run setup installs it
  requireChromium();
  mkdirSync(outDir, { recursive: true });
  const temp = mkdtempSync(join(tmpdir(), `gan-bench-${mode}-`));
  try {
    const workspace = join(temp, 'workspace');
    mkdirSync(workspace);
    const files: string[] = [];
    if (mode === 'soak') {
      files.push(join(workspace, 'soak.gan.json'));
      writeFileSync(files[0]!, experimentFrom('parabola-minimax.gan.json', option('steps', 200_000)));
    } else {
      for (let i = 1; i <= option('runs', 4); i++) {
        const file = join(workspace, `load-${i}.gan.json`);
        writeFileSync(file, experimentFrom('ring8-nonsaturating.gan.json', 1_000_000, `load-${i}`));
        files.push(file);
      }
    }
    const params: HostLoadParams = {
      mode,
      files,
      out: join(temp, 'result.json'),
      sampleEveryMs: mode === 'soak' ? 15_000 : 2_000,
      ...(mode === 'load' && { windowMs: option('window', 180) * 1000 }),
      readyForFinalProbeFile: join(temp, 'ready-for-final-probe'),
      probedFile: join(temp, 'probed'),
    };
    const driver = await buildDriver(temp);
    const probes: DashboardProbe[] = [];
    const finalProbes: DashboardProbe[] = [];
    let revealToPaintMs: number | null = null;
    const startedAt = Date.now();
    const screenshot = join(outDir, `${mode}-dashboard.png`);
    const code = await runInHost({
      extensionDevelopmentPath: root,
      extensionTestsPath: driver,
      workspace,
      env: { GAN_BENCH_PARAMS: JSON.stringify(params) },
      settings: { 'ganWorkbench.maxConcurrentRuns': Math.max(2, files.length) },
      timeoutMs: 4 * 3600_000,
      whileRunning: async (page) => {
        const runsRoot = join(workspace, 'runs');
        while (!existsSync(params.readyForFinalProbeFile)) {
          probes.push(await probeDashboards(page, runsRoot, startedAt));
          await sleep(mode === 'soak' ? 15_000 : 5_000);
        }
        // The driver has just brought a dashboard to the front: wait until it shows the run (its
        // snapshot drawn: a step in the header), then probe it.
        const revealedAt = Date.now();
        while (Date.now() - revealedAt < 60_000) {
          const probe = await probeDashboards(page, runsRoot, startedAt);
          if (probe.frameMs !== null && (probe.shownStep ?? 0) > 0) break;
          await sleep(100);
        }
        revealToPaintMs = Date.now() - revealedAt;
        for (let i = 0; i < 5; i++) finalProbes.push(await probeDashboards(page, runsRoot, startedAt));
        await page.screenshot({ path: screenshot });
        writeFileSync(params.probedFile, 'done');
      },
    });
    if (!existsSync(params.out)) throw new Error(`the in-host driver wrote no result (exit ${code})`);
    const result = JSON.parse(readFileSync(params.out, 'utf8')) as HostLoadResult;
    if (code !== 0 || !result.finished) throw new Error(`the in-host driver failed (exit ${code}); partial result in ${params.out}`);
    const summary = summarizeLoad(result, probes, finalProbes, revealToPaintMs);
    writeFileSync(join(outDir, `${mode}.json`), JSON.stringify({ summary, result, probes, finalProbes }, null, 1));
    console.log(summary.text);
    console.log(`\nfull samples: out/bench/${mode}.json; screenshot at the end: out/bench/${mode}-dashboard.png`);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`extensionHostLoad failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(1);
});
