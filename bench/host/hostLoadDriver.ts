/**
 * Runs inside the VS Code extension host (code-server) for bench/extensionHostLoad.ts: starts the
 * experiments named in GAN_BENCH_PARAMS with the extension's own Start Training command (each opens
 * its dashboard), then until the runs end (soak) or the window closes (load) samples, every
 * `sampleEveryMs`: the extension host's heap and RSS after a full GC, each trainer's RSS and live
 * tensors (from its metrics records), the host's event-loop delay, and the latency of real commands
 * (refresh the Runs tree, reveal a dashboard, pause and resume a run). Writes everything to `out`.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as vscode from 'vscode';
import type { GanWorkbenchApi } from '../../src/extension/extension';
import type { LiveRun } from '../../src/extension/trainingRuns/liveRun';
import type { HostLoadParams, HostLoadResult, HostSample } from './hostLoadFormat';

const EXTENSION_ID = 'gan-workbench.gan-workbench';
const DASHBOARD_SWITCH_ROUNDS = 5;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A full collection before each heap reading, so the trend is the live heap's, not garbage's. */
function collector(): () => void {
  setFlagsFromString('--expose_gc');
  return runInNewContext('gc') as () => void;
}

async function timed(action: () => Thenable<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

function processRssMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null; // the trainer ended meanwhile
  }
}

async function commandLatencies(runs: LiveRun[], round: number): Promise<Record<string, number>> {
  const live = runs.filter((r) => r.phase === 'running');
  const out: Record<string, number> = {
    refreshRuns: await timed(() => vscode.commands.executeCommand('ganWorkbench.refreshRuns')),
  };
  // Every fifth round brings the next run's dashboard to the front, as a user switching tabs would
  // (the shown one then reloads: dashboards do not keep their page while hidden).
  if (round % DASHBOARD_SWITCH_ROUNDS === 0) {
    const target = runs[(round / DASHBOARD_SWITCH_ROUNDS) % runs.length]!;
    out.openDashboard = await timed(() => vscode.commands.executeCommand('ganWorkbench.openDashboard', target));
  }
  const toPause = live[round % Math.max(1, live.length)];
  if (toPause) {
    out.pauseTraining = await timed(() => vscode.commands.executeCommand('ganWorkbench.pauseTraining', toPause));
    out.resumeTraining = await timed(() => vscode.commands.executeCommand('ganWorkbench.resumeTraining', toPause));
  }
  return out;
}

export async function run(): Promise<void> {
  const params = JSON.parse(process.env.GAN_BENCH_PARAMS ?? 'null') as HostLoadParams | null;
  if (!params) throw new Error('GAN_BENCH_PARAMS is not set: run this through bench/extensionHostLoad.ts');
  const extension = vscode.extensions.getExtension<GanWorkbenchApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  await extension.activate();
  const gc = collector();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();

  const runs: LiveRun[] = [];
  for (const file of params.files) {
    const run = await vscode.commands.executeCommand<LiveRun | undefined>('ganWorkbench.startTraining', vscode.Uri.file(file));
    if (!run) throw new Error(`Start Training returned no run for ${file}`);
    runs.push(run);
  }
  const started = Date.now();
  const samples: HostSample[] = [];
  const ended = () => runs.every((r) => r.ended);
  const windowOver = () => params.windowMs !== undefined && Date.now() - started >= params.windowMs;
  let cpu = process.cpuUsage();
  let cpuSince = performance.now();
  for (let round = 0; !ended() && !windowOver(); round++) {
    await sleep(params.sampleEveryMs);
    const commands = await commandLatencies(runs, round);
    const loopMs = { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 };
    gc();
    const memory = process.memoryUsage();
    loop.reset(); // after the forced GC: its pause is the bench's, not the extension's
    const used = process.cpuUsage(cpu);
    const cpuPercent = ((used.user + used.system) / 1000 / (performance.now() - cpuSince)) * 100;
    cpu = process.cpuUsage();
    cpuSince = performance.now();
    samples.push({
      atMs: Date.now() - started,
      host: { heapUsedMb: memory.heapUsed / 2 ** 20, rssMb: memory.rss / 2 ** 20, cpuPercent },
      eventLoopMs: loopMs,
      commandsMs: commands,
      trainers: runs.map((r) => ({
        step: r.lastMetrics?.step ?? 0,
        stepsPerSecond: r.lastMetrics?.stepsPerSecond ?? 0,
        phase: r.phase,
        rssMb: processRssMb(r.pid),
        tensors: r.lastMetrics?.memory?.tensors ?? null,
        reportedRssMb: r.lastMetrics?.memory?.rssMb ?? null,
      })),
    });
    writeFileSync(params.out, JSON.stringify({ params, samples, finished: false } satisfies HostLoadResult));
  }
  // The first run's dashboard comes to the front and stays while the runner probes it (until it
  // writes `probedFile`): how long it takes to show, and whether it answers.
  await vscode.commands.executeCommand('ganWorkbench.openDashboard', runs[0]);
  writeFileSync(params.readyForFinalProbeFile, JSON.stringify({ steps: runs.map((r) => r.lastMetrics?.step ?? 0) }));
  const deadline = Date.now() + 120_000;
  while (!existsSync(params.probedFile) && Date.now() < deadline) await sleep(200);
  for (const r of runs) if (r.live) await vscode.commands.executeCommand('ganWorkbench.stopTraining', r);
  while (!ended() && Date.now() < deadline) await sleep(200);
  const result: HostLoadResult = {
    params,
    samples,
    finished: true,
    runs: runs.map((r) => ({ runDir: r.runDir ?? '', phase: r.phase, lastStep: r.lastMetrics?.step ?? 0, error: r.error ?? null })),
  };
  writeFileSync(params.out, JSON.stringify(result));
  loop.disable();
}
