/**
 * What keeping every recorded step costs (issue 24: no thinning of samples or histograms), for a
 * 200,000-step run. A run directory is synthesized per histogram interval (`--every 100,10,1`;
 * 100 is the examples' default): histograms.jsonl with one 64-bin record per interval (counts of a
 * batch of 256, as the trainer writes them) and a samples/ folder with a file per 250 steps (only
 * the names are read up front; a record is read when the timeline reaches it). Per interval it
 * measures, each in a child process (so one does not inflate the next):
 * - host: the file's size, the time and the V8 heap the snapshot read holds (readRunSnapshot, the
 *   same read the dashboards use, now without HISTOGRAMS_LIMIT), and the bytes of the snapshot's
 *   histograms as the JSON the webview is posted;
 * - webview: the heap of the records as the page received them (objects with arrays: what the
 *   dashboard held before), and of the compact HistogramTrack (typed arrays) it now keeps, with its
 *   buffers' bytes; the timeline's step list; building the heat strip (at most 2,048 columns).
 * The webview's code runs here in Node: the same V8 as the page's chromium, without the DOM.
 *
 *   node --expose-gc --import tsx bench/timelineMemory.ts [--steps 200000] [--every 100,10,1]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HistogramRecord } from '../src/shared/runFormat';
import { readRunSnapshot } from '../src/extension/trainingRuns/runSnapshot';
import { buildHeatStrip } from '../webview/src/logic/heatStrip';
import { mergeSteps } from '../webview/src/logic/timeline';
import { HistogramTrack } from '../webview/src/model/histogramTrack';

const BINS = 64;
const BATCH = 256;
const SAMPLES_EVERY = 250;

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : fallback;
};

const gc = (globalThis as { gc?: () => void }).gc;
const heap = () => {
  gc?.();
  gc?.();
  // Typed arrays' buffers live outside the V8 heap: counted with it.
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** A batch's histogram that drifts with the step (so records differ, as a run's do). */
function histogram(step: number, steps: number): HistogramRecord {
  const real = new Array<number>(BINS).fill(0);
  const fake = new Array<number>(BINS).fill(0);
  let seed = step + 1;
  const uniform = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const centre = 0.5 + 0.3 * Math.sin((step / steps) * 7);
  for (let i = 0; i < BATCH; i++) {
    const r = Math.min(BINS - 1, Math.max(0, Math.floor((0.7 + 0.1 * (uniform() - 0.5)) * BINS)));
    const f = Math.min(BINS - 1, Math.max(0, Math.floor((centre + 0.2 * (uniform() - 0.5)) * BINS)));
    real[r]!++;
    fake[f]!++;
  }
  return { step, min: 0, max: 1, scale: 'probability', real, fake };
}

function writeRun(steps: number, every: number): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'gan-timeline-bench-')), 'run');
  mkdirSync(join(dir, 'samples'), { recursive: true });
  const lines: string[] = [];
  for (let step = every; step <= steps; step += every) lines.push(JSON.stringify(histogram(step, steps)));
  writeFileSync(join(dir, 'histograms.jsonl'), `${lines.join('\n')}\n`);
  for (let step = 0; step <= steps; step += SAMPLES_EVERY)
    writeFileSync(join(dir, 'samples', `step-${String(step).padStart(8, '0')}.json`), '{}');
  writeFileSync(
    join(dir, 'run.json'),
    JSON.stringify({ runId: 'bench', experimentName: 'bench', status: 'completed', lastStep: steps, totalSteps: steps }),
  );
  return dir;
}

/** One interval, measured in this process (run as a child). */
async function measure(steps: number, every: number): Promise<Record<string, string | number>> {
  const dir = writeRun(steps, every);
  try {
    const fileBytes = statSync(join(dir, 'histograms.jsonl')).size;
    const base = heap();
    const started = performance.now();
    let snapshot: Awaited<ReturnType<typeof readRunSnapshot>> | null = await readRunSnapshot(dir, 1);
    const readMs = performance.now() - started;
    const hostHeap = heap() - base;
    const histogramCount = snapshot.histograms.length;
    const sampleSteps = snapshot.sampleSteps;
    // What the host posts: the snapshot's histograms as JSON (the message's part that grows with the run).
    const json = JSON.stringify(snapshot.histograms);
    const messageBytes = Buffer.byteLength(json);
    snapshot = null;

    // The page: the records as posted (the message parsed), then kept compactly once they are dropped.
    const pageBase = heap();
    let received: HistogramRecord[] | null = JSON.parse(json) as HistogramRecord[];
    const receivedHeap = heap() - pageBase;
    const track = new HistogramTrack();
    track.replace(received);
    received = null;
    const trackHeap = heap() - pageBase;
    const mergeStarted = performance.now();
    const timeline = mergeSteps([sampleSteps, track.steps]);
    const mergeMs = performance.now() - mergeStarted;
    const stripStarted = performance.now();
    const strip = buildHeatStrip(track, 64);
    const stripMs = performance.now() - stripStarted;
    return {
      every,
      histograms: histogramCount,
      sampleSteps: sampleSteps.length,
      timelineSteps: timeline.length,
      histogramsJsonl: mib(fileBytes),
      hostRead: `${readMs.toFixed(0)} ms`,
      hostHeld: mib(hostHeap),
      message: mib(messageBytes),
      pageAsRecords: mib(receivedHeap),
      pageTrack: mib(trackHeap),
      trackBuffers: mib(track.bytes),
      timelineMerge: `${mergeMs.toFixed(0)} ms`,
      heatStrip: `${strip.columns} columns, ${stripMs.toFixed(0)} ms`,
    };
  } finally {
    rmSync(join(dir, '..'), { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const steps = Number(arg('--steps', '200000'));
  const child = arg('--child', '');
  if (child !== '') {
    process.stdout.write(JSON.stringify(await measure(steps, Number(child))));
    return;
  }
  if (!gc) throw new Error('run with node --expose-gc --import tsx bench/timelineMemory.ts');
  const rows: Record<string, string | number>[] = [];
  for (const every of arg('--every', '100,10,1').split(',').map(Number)) {
    const out = execFileSync(
      process.execPath,
      ['--expose-gc', '--max-old-space-size=4096', '--import', 'tsx', __filename, '--steps', String(steps), '--child', String(every)],
      { encoding: 'utf8', maxBuffer: 1 << 20 },
    );
    rows.push(JSON.parse(out) as Record<string, string | number>);
    console.error(`every ${every}: done`);
  }
  const keys = Object.keys(rows[0]!);
  console.log(`${steps.toLocaleString('en')} steps, ${BINS}-bin histograms, samples every ${SAMPLES_EVERY}\n`);
  console.log(`| ${keys.join(' | ')} |`);
  console.log(`| ${keys.map(() => '---').join(' | ')} |`);
  for (const row of rows)
    console.log(`| ${keys.map((k) => (typeof row[k] === 'number' ? row[k].toLocaleString('en') : row[k])).join(' | ')} |`);
}

void main();
