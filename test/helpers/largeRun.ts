/**
 * A long run's directory, made quickly: a tiny run trained for real by `gan-train` (so its
 * checkpoint, run.json and experiment.json are the trainer's own), whose checkpoint is then moved to
 * a late step and whose metrics.jsonl is replaced by generated records up to that step (written in
 * 8 MiB chunks: about 2 s for 600 MB), followed by records past the checkpoint (a crash's leftovers)
 * that a resume must drop. Used by the process test of resume's memory bound and by
 * bench/resumeLarge.ts. Delete the folder when done (`rmSync(dir, { recursive: true })`).
 */
import { closeSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './cli';
import { tempDir, writeExperimentFile } from './experiments';

export interface LargeRunOptions {
  /** Records up to the checkpoint (at steps metricsEvery, 2·metricsEvery, …). */
  records: number;
  /** Records after the checkpoint, left by a crash (default 40). */
  pastCheckpoint?: number;
  /** End the file with a line cut short (default true). */
  tornLastLine?: boolean;
  /** Line ends (default '\n'). */
  newline?: '\n' | '\r\n';
  /** Where to make it (default a fresh temp folder). */
  parent?: string;
  /** The gan-train bin to train the tiny run with (default this checkout's). */
  ganTrain?: string;
}

export interface LargeRun {
  /** The run directory. */
  dir: string;
  /** Folder holding the experiment file and the runs (delete it when done). */
  root: string;
  checkpointStep: number;
  metricsEvery: number;
  /** Size of metrics.jsonl in bytes. */
  metricsBytes: number;
  /** Byte length of metrics.jsonl's records up to the checkpoint (what a resume keeps). */
  keptBytes: number;
}

export const LARGE_RUN_METRICS_EVERY = 25;

/** One metric record as the trainer writes it (about 420 bytes). */
export function metricLine(step: number, newline = '\n'): string {
  const v = (k: number) => 0.5 + 0.25 * Math.sin(step * 1e-3 + k);
  return (
    `{"step":${step},"time":${1_700_000_000_000 + step * 4},"elapsed":${(step * 0.004).toFixed(3)},"stepsPerSecond":250.123456789,` +
    `"dLoss":${v(1)},"gLoss":${v(2)},"components":{"d.real":${v(3)},"d.fake":${v(4)},"g.adversarial":${v(2)}},` +
    `"dReal":${v(5)},"dFake":${v(6)},"gradNormD":${v(7)},"gradNormG":${v(8)},"memory":{"tensors":24,"rssMb":121}}${newline}`
  );
}

/** Writes `count` metric lines from step `first` (every `every` steps) to `fd` in 8 MiB chunks; returns the bytes written. */
export function writeMetricLines(fd: number, first: number, count: number, every: number, newline = '\n'): number {
  let bytes = 0;
  let chunk: string[] = [];
  let chunkLength = 0;
  const flush = () => {
    const buffer = Buffer.from(chunk.join(''), 'utf8');
    writeSync(fd, buffer);
    bytes += buffer.length;
    chunk = [];
    chunkLength = 0;
  };
  for (let i = 0; i < count; i++) {
    const line = metricLine(first + i * every, newline);
    chunk.push(line);
    chunkLength += line.length;
    if (chunkLength >= 8 << 20) flush();
  }
  if (chunk.length > 0) flush();
  return bytes;
}

/** Trains a tiny ring run (50 steps on cpu, checkpoint at 50) with gan-train; returns its directory. */
export async function trainTinyRun(root: string, ganTrain?: string): Promise<string> {
  const experiment = writeExperimentFile(
    {
      name: 'long-run',
      seed: 3,
      data: { kind: 'ring', modes: 8, radius: 2, std: 0.02 },
      latent: { dim: 2 },
      generator: { kind: 'mlp', hidden: [8] },
      discriminator: { kind: 'mlp', hidden: [8] },
      loss: { kind: 'nonSaturating' },
      schedule: { steps: 50, batchSize: 16 },
      logging: {
        metricsEvery: LARGE_RUN_METRICS_EVERY,
        histogramsEvery: 50,
        samplesEvery: 50,
        checkpointEvery: 50,
        sampleCount: 16,
        gridResolution: 4,
      },
      backend: 'cpu',
    },
    root,
  );
  const trained = await runCli([experiment, '--out', join(root, 'runs'), '--quiet'], root, ganTrain).done;
  if (trained.code !== 0) throw new Error(`gan-train failed: ${trained.stderr}${trained.stdout}`);
  const dir = /run directory: (.+)/.exec(trained.stdout)?.[1]?.trim();
  if (!dir) throw new Error(`no run directory in: ${trained.stdout}`);
  return dir;
}

/** Moves the run's only checkpoint (step 50) to `step`, as if the run had trained that far. */
export function moveCheckpoint(dir: string, step: number): void {
  const from = join(dir, 'checkpoints', 'step-00000050');
  const to = join(dir, 'checkpoints', `step-${String(step).padStart(8, '0')}`);
  const manifestFile = join(from, 'checkpoint.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { step: number };
  manifest.step = step;
  writeFileSync(manifestFile, JSON.stringify(manifest));
  renameSync(from, to);
}

/** A run of `records` metric records up to its checkpoint, plus a crash's leftovers after it. */
export async function makeLargeRun(options: LargeRunOptions): Promise<LargeRun> {
  const root = options.parent ?? tempDir('gan-large-run-');
  const dir = await trainTinyRun(root, options.ganTrain);
  const every = LARGE_RUN_METRICS_EVERY;
  const checkpointStep = options.records * every;
  moveCheckpoint(dir, checkpointStep);
  const past = options.pastCheckpoint ?? 40;
  const newline = options.newline ?? '\n';
  const fd = openSync(join(dir, 'metrics.jsonl'), 'w');
  let metricsBytes: number;
  let keptBytes: number;
  try {
    keptBytes = writeMetricLines(fd, every, options.records, every, newline);
    metricsBytes = keptBytes + writeMetricLines(fd, checkpointStep + every, past, every, newline);
    if (options.tornLastLine ?? true) {
      const torn = Buffer.from(metricLine(checkpointStep + (past + 1) * every).slice(0, 97));
      writeSync(fd, torn);
      metricsBytes += torn.length;
    }
  } finally {
    closeSync(fd);
  }
  // run.json as a crash leaves it: running, at a step past the checkpoint, its trainer gone.
  const metaFile = join(dir, 'run.json');
  const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as Record<string, unknown>;
  const lastStep = checkpointStep + past * every;
  writeFileSync(
    metaFile,
    JSON.stringify({ ...meta, status: 'running', endedAt: null, lastStep, totalSteps: lastStep + 1000, pid: 2 ** 22 + 7 }, null, 2),
  );
  // Quality and histogram records before and after the checkpoint, and an event line cut short.
  const quality = (step: number) => `{"step":${step},"metrics":{"js":0.5,"modesCovered":4,"modesTotal":8}}${newline}`;
  writeFileSync(join(dir, 'quality.jsonl'), [0, checkpointStep, checkpointStep + every].map(quality).join(''));
  const histogram = (step: number) => `{"step":${step},"min":0,"max":1,"scale":"probability","real":[1,2,3],"fake":[3,2,1]}${newline}`;
  writeFileSync(join(dir, 'histograms.jsonl'), [checkpointStep, checkpointStep + 2 * every].map(histogram).join(''));
  writeFileSync(
    join(dir, 'events.jsonl'),
    `${readFileSync(join(dir, 'events.jsonl'), 'utf8').replace(/\n/g, newline)}{"step":${lastStep},"time":1,"kind":"info","mess`,
  );
  return { dir, root, checkpointStep, metricsEvery: every, metricsBytes, keptBytes };
}
