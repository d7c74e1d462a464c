/**
 * A long run (issue 20): a metrics.jsonl of 600 MB (about 1.5 million records, more than one string
 * holds) is resumed by `gan-train --resume` within a memory bound, and read by the host within one;
 * resume drops the records after the checkpoint and the torn last line. A resume's summary counts
 * training time only. The 600 MB file is made once (test/helpers/largeRun.ts) and deleted after.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RunMeta } from '../../src/shared/runFormat';
import { formatDuration } from '../../src/training/cli/progress';
import { GAN_TRAIN } from '../helpers/cli';
import { tempDir } from '../helpers/experiments';
import { makeLargeRun, metricLine, trainTinyRun, type LargeRun } from '../helpers/largeRun';

/** Peak RSS allowed to `gan-train --resume` (start-up and a tiny network included; about 120 MB whatever the file's size). */
const RESUME_RSS_MB = 256;
/** Peak RSS allowed to the host's reads in a child process (tsx included; about 100 MB). */
const HOST_RSS_MB = 256;
const RECORDS = 1_500_000; // 25 steps apart, about 420 bytes each

interface Child {
  code: number | null;
  stdout: string;
  stderr: string;
  maxRssMb: number;
  seconds: number;
}

/** A preload printing the process's own peak RSS at exit (peakRss.cjs says why not getrusage's). */
const PEAK_RSS_PRELOAD = join(__dirname, '..', 'helpers', 'peakRssAtExit.cjs');

/** Runs node with `args`, a preload reporting its peak RSS at exit. */
function node(args: string[], preload = PEAK_RSS_PRELOAD): Promise<Child> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--require', preload, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => {
      const rss = /^maxrss-kb (\d+)$/m.exec(stderr);
      resolve({ code, stdout, stderr, maxRssMb: rss ? Number(rss[1]) / 1024 : NaN, seconds: (Date.now() - started) / 1000 });
    });
  });
}

/** The bytes of `file` from `start` to its end (a small range). */
function tail(file: string, start: number): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(statSync(file).size - start);
    readSync(fd, buffer, 0, buffer.length, start);
    return buffer.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

describe('a long run: 600 MB of metrics', function () {
  this.timeout(300_000);
  let run: LargeRun;

  before(async () => {
    run = await makeLargeRun({ records: RECORDS });
    assert.ok(run.metricsBytes > 600e6, `${run.metricsBytes} bytes`);
  });

  after(() => rmSync(run.root, { recursive: true, force: true }));

  it(`the host's snapshot and summary read it within ${HOST_RSS_MB} MB`, async () => {
    const child = await node(['--import', 'tsx', join(__dirname, '..', 'helpers', 'hostReadsChild.ts'), run.dir]);
    assert.equal(child.code, 0, child.stderr);
    const read = JSON.parse(child.stdout) as Record<string, unknown>;
    const lastWhole = run.checkpointStep + 40 * run.metricsEvery;
    assert.ok(child.maxRssMb < HOST_RSS_MB, `peak RSS ${child.maxRssMb} MB`);
    assert.ok((read.records as number) <= 10_000 && (read.records as number) > 9_000, `${String(read.records)} records`);
    assert.equal(read.first, run.metricsEvery);
    assert.equal(read.last, lastWhole, 'the last whole record');
    assert.equal(read.increasing, true);
    assert.equal(read.offset, run.metricsBytes - 97, 'read up to the torn last line');
    assert.deepEqual(read.warnings, []);
    assert.equal(read.summaryLast, lastWhole);
    console.log(`      host reads: ${(read.snapshotSeconds as number).toFixed(2)} s, peak RSS ${child.maxRssMb.toFixed(0)} MB`);
  });

  it(`gan-train --resume drops the records after the checkpoint within ${RESUME_RSS_MB} MB and counts training time only`, async () => {
    const target = run.checkpointStep + run.metricsEvery;
    const child = await node([GAN_TRAIN, '--resume', run.dir, '--steps', String(target), '--quiet']);
    assert.equal(child.code, 0, child.stderr + child.stdout);
    assert.ok(child.maxRssMb < RESUME_RSS_MB, `peak RSS ${child.maxRssMb} MB`);
    console.log(`      resume: ${child.seconds.toFixed(2)} s, peak RSS ${child.maxRssMb.toFixed(0)} MB`);

    const metrics = join(run.dir, 'metrics.jsonl');
    const resumed = tail(metrics, run.keptBytes - 1000);
    const lines = resumed.slice(1000).trim().split('\n');
    assert.equal(lines.length, 1, 'one record after the kept ones: the resumed run’s');
    assert.equal((JSON.parse(lines[0]!) as { step: number }).step, target);
    assert.ok(resumed.slice(0, 1000).endsWith(metricLine(run.checkpointStep)), 'the records up to the checkpoint, as they were');
    const steps = (name: string) =>
      readFileSync(join(run.dir, name), 'utf8')
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { step: number }).step);
    assert.deepEqual(steps('quality.jsonl'), [0, run.checkpointStep, target]);
    assert.deepEqual(steps('histograms.jsonl'), [run.checkpointStep, target]);
    assert.match(
      readFileSync(join(run.dir, 'events.jsonl'), 'utf8'),
      new RegExp(`resumed from the checkpoint at step ${run.checkpointStep}\\b`),
    );

    const meta = JSON.parse(readFileSync(join(run.dir, 'run.json'), 'utf8')) as RunMeta;
    assert.equal(meta.status, 'completed');
    assert.equal(meta.lastStep, target);
    // The generated records say the run had trained 0.004 s a step up to its checkpoint.
    const before = Number((run.checkpointStep * 0.004).toFixed(3));
    assert.ok(meta.trainingSeconds! >= before && meta.trainingSeconds! < before + 60, `${meta.trainingSeconds} s`);
    assert.match(
      child.stdout,
      new RegExp(`^completed: ${target}/${target} steps in ${formatDuration(meta.trainingSeconds!)} on cpu$`, 'm'),
    );
  });
});

describe('a resumed run’s summary', function () {
  this.timeout(120_000);

  it('leaves out the time between the sessions', async () => {
    const root = tempDir('gan-downtime-');
    try {
      const dir = await trainTinyRun(root);
      const DOWNTIME_S = 5;
      await new Promise((resolve) => setTimeout(resolve, DOWNTIME_S * 1000));
      const resumed = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [GAN_TRAIN, '--resume', dir, '--steps', '100', '--quiet'], {
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
      assert.equal(resumed.code, 0, resumed.stderr);
      const meta = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunMeta;
      const fromFirstStart = (Date.parse(meta.endedAt!) - Date.parse(meta.startedAt)) / 1000;
      assert.ok(
        meta.trainingSeconds! < fromFirstStart - DOWNTIME_S + 0.5,
        `${meta.trainingSeconds} s of training, ${fromFirstStart} s from the first start`,
      );
      const shown = /^completed: 100\/100 steps in (\d\d):(\d\d) on cpu$/m.exec(resumed.stdout);
      assert.ok(shown, resumed.stdout);
      assert.ok(Number(shown[1]) * 60 + Number(shown[2]) < DOWNTIME_S, resumed.stdout);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
