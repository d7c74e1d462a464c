/**
 * Resume of a long run (issue 20): `gan-train --resume` on a run whose metrics.jsonl holds N records
 * (about 420 bytes each) up to its checkpoint, plus 40 records past it and a torn last line, as a
 * crash leaves them. Prints the wall time and peak RSS (`/usr/bin/time -v`) of the whole command
 * (start-up, resume, 25 steps of a tiny network, exit) beside the same on a 100-record run, and the
 * host's reads of the same directory (the dashboard's snapshot of 10,000 records, the Runs tree's
 * summary) in a child process with its peak RSS. The run is made with `test/helpers/largeRun.ts`
 * and deleted afterwards.
 *
 *   npx tsx bench/resumeLarge.ts [--records 1000000] [--bytes 600e6] [--bin bin/gan-train.js] [--no-host]
 *
 * `--bin` chooses the gan-train to measure (e.g. an older checkout's, to compare). Needs a build
 * (`node esbuild.mjs`) and /usr/bin/time.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { GAN_TRAIN } from '../test/helpers/cli';
import { makeLargeRun, metricLine } from '../test/helpers/largeRun';

const { ownPeakRssKb } = require('../test/helpers/peakRss.cjs') as { ownPeakRssKb: () => number };

const argValue = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

interface Measured {
  code: number | null;
  seconds: number;
  maxRssMb: number;
  output: string;
}

/** Runs `command` under /usr/bin/time -v: its exit code, wall seconds and peak RSS. */
function timed(command: string[]): Promise<Measured> {
  return new Promise((done) => {
    const child = spawn('/usr/bin/time', ['-v', ...command], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => {
      const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(out)?.[1] ?? NaN) / 1024;
      const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(out);
      const seconds = wall ? Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]) : NaN;
      const output = out.split('\tCommand being timed')[0]!.trim();
      done({ code, seconds, maxRssMb: rss, output });
    });
  });
}

/** The host's reads, in this child: prints JSON with their times and the process's peak RSS. */
async function hostChild(dir: string): Promise<void> {
  const { readRunSnapshot } = await import('../src/extension/trainingRuns/runSnapshot');
  const { readRunSummary } = await import('../src/extension/trainingRuns/runReader');
  let t = performance.now();
  const snapshot = await readRunSnapshot(dir, 10_000);
  const snapshotSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const summary = await readRunSummary(dir);
  const summarySeconds = (performance.now() - t) / 1000;
  process.stdout.write(
    `${JSON.stringify({
      snapshotSeconds,
      snapshotRecords: snapshot.metrics.length,
      summarySeconds,
      lastStep: summary.lastMetrics?.step,
      maxRssMb: ownPeakRssKb() / 1024,
    })}\n`,
  );
}

async function resumeOnce(records: number, bin: string): Promise<Measured & { bytes: number; checkpointStep: number }> {
  const run = await makeLargeRun({ records, ganTrain: bin });
  try {
    const bytes = statSync(join(run.dir, 'metrics.jsonl')).size;
    const measured = await timed([process.execPath, bin, '--resume', run.dir, '--steps', String(run.checkpointStep + 25), '--quiet']);
    return { ...measured, bytes, checkpointStep: run.checkpointStep };
  } finally {
    rmSync(run.root, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const child = argValue('--host-child');
  if (child) return hostChild(child);
  const bin = resolve(argValue('--bin') ?? GAN_TRAIN);
  const bytesWanted = Number(argValue('--bytes') ?? NaN);
  const lineBytes = Buffer.byteLength(metricLine(25_000_000));
  const records = Number(argValue('--records') ?? (Number.isFinite(bytesWanted) ? Math.ceil(bytesWanted / lineBytes) : 1_000_000));
  const mb = (n: number) => (n / 1e6).toFixed(0);
  console.log(
    `gan-train: ${bin}; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${cpus().length} cores`,
  );

  const small = await resumeOnce(100, bin);
  console.log(
    `| 100 records (${(small.bytes / 1e3).toFixed(0)} kB) | ${small.seconds.toFixed(2)} s | ${small.maxRssMb.toFixed(0)} MB | exit ${small.code} |`,
  );

  const run = await makeLargeRun({ records, ganTrain: bin });
  try {
    const bytes = statSync(join(run.dir, 'metrics.jsonl')).size;
    if (!process.argv.includes('--no-host')) {
      const host = await timed([process.execPath, '--import', 'tsx', __filename, '--host-child', run.dir]);
      console.log(
        `host reads of ${records} records (${mb(bytes)} MB): ${host.output.split('\n').pop()} (exit ${host.code}, ${host.seconds.toFixed(2)} s in all)`,
      );
      if (host.code !== 0) console.log(host.output.slice(-2000));
    }
    const measured = await timed([process.execPath, bin, '--resume', run.dir, '--steps', String(run.checkpointStep + 25), '--quiet']);
    const after = statSync(join(run.dir, 'metrics.jsonl')).size;
    console.log(
      `| ${records.toLocaleString('en')} records (${mb(bytes)} MB) | ${measured.seconds.toFixed(2)} s | ${measured.maxRssMb.toFixed(0)} MB | exit ${measured.code} |`,
    );
    console.log(`metrics.jsonl: ${bytes} bytes before, ${after} after (kept ${run.keptBytes} + the resumed run's records)`);
    if (measured.code !== 0) console.log(measured.output.slice(-2000));
    else console.log(measured.output.split('\n').slice(0, 2).join('\n'));
    const meta = JSON.parse(readFileSync(join(run.dir, 'run.json'), 'utf8')) as { status: string; lastStep: number };
    console.log(`run.json: ${meta.status} at step ${meta.lastStep}`);
  } finally {
    rmSync(run.root, { recursive: true, force: true });
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
