/**
 * The wasm backend's threaded build (src/training/backends/wasmThreadsLoader.ts), each case in a
 * fresh process because the backend starts once per process: it starts at the thread count asked
 * for, computes bit for bit what one thread computes, falls back to one thread with the reason
 * when the worker script cannot be written or a worker fails, and never keeps a process from
 * exiting; gan-train with --threads records the threads in run.json and trains exactly as one
 * thread does, for an MLP and a DCGAN.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunMeta } from '../../src/shared/runFormat';
import { runCli } from '../helpers/cli';
import { ringExperiment, tempDir, writeExperimentFile, type Json } from '../helpers/experiments';

const CHILD = join(__dirname, '..', 'helpers', 'wasmThreadsChild.ts');
const ROUTING_CHILD = join(__dirname, '..', 'helpers', 'wasmRoutingChild.ts');
/** A process that has printed its line must be gone within this (the start itself takes ~0.2 s; the machine may be loaded). */
const EXIT_BOUND_MS = 20_000;

interface ChildLine {
  started: { ok: boolean; reason: string };
  backend: string;
  xnnpackThreads: number;
  productThreads: number | string;
  hash: string;
  tensors: number;
}

/** Runs the child with `args`; resolves with its line and how long it took to exit after printing it. */
function runChild(args: string[]): Promise<{ line: ChildLine; code: number | null; exitAfterLineMs: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let printedAt: number | undefined;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the child did not exit (hung workers?); stdout: ${stdout}; stderr: ${stderr}`));
    }, 60_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('\n')) printedAt ??= Date.now();
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => {
      clearTimeout(timer);
      const exitAfterLineMs = Date.now() - (printedAt ?? Date.now());
      try {
        resolve({ line: JSON.parse(stdout.trim()) as ChildLine, code, exitAfterLineMs, stderr });
      } catch {
        reject(new Error(`no result line; exit ${code}; stdout: ${stdout}; stderr: ${stderr}`));
      }
    });
  });
}

describe('wasm backend threads', function () {
  this.timeout(120_000);
  let oneThread: ChildLine;

  before(async () => {
    oneThread = (await runChild(['1'])).line;
    assert.equal(oneThread.xnnpackThreads, 1);
    assert.equal(oneThread.productThreads, 1);
    assert.match(oneThread.started.reason, /single-threaded \(1 thread requested\)/);
  });

  it('starts the threaded build at the count asked for, computes bit for bit what one thread does, and lets the process exit', async () => {
    const { line, code, exitAfterLineMs } = await runChild(['2']);
    assert.equal(code, 0);
    assert.ok(exitAfterLineMs < EXIT_BOUND_MS, `exited ${exitAfterLineMs} ms after its result`);
    assert.equal(line.backend, 'wasm');
    assert.equal(line.started.reason, 'WebAssembly with SIMD, 2 threads (2 requested)');
    assert.equal(line.productThreads, 2, "the project's SIMD product and convolution run on the threads");
    assert.equal(line.xnnpackThreads, 1, "XNNPACK's own pool stays at one thread (its wake-ups cost more than they share out)");
    assert.equal(line.hash, oneThread.hash);
    assert.equal(line.tensors, 0);
  });

  it("runs more threads than the build's own pool could (8) when asked, bit for bit as one", async () => {
    const { line, code } = await runChild(['12']);
    assert.equal(code, 0);
    assert.equal(line.productThreads, 12);
    assert.equal(line.started.reason, 'WebAssembly with SIMD, 12 threads (12 requested)');
    assert.equal(line.hash, oneThread.hash);
  });

  it('falls back to one thread, saying why, when the worker script cannot be written', async () => {
    const { line, code } = await runChild(['2', 'unwritableCache']);
    assert.equal(code, 0);
    assert.equal(line.productThreads, 1);
    assert.match(
      line.started.reason,
      /^WebAssembly with SIMD, single-threaded: the threaded build did not start \(cannot write the worker script: ENOTDIR/,
    );
    assert.equal(line.hash, oneThread.hash);
  });

  it('falls back to one thread, saying why, when a worker fails, and still exits', async () => {
    const { line, code, exitAfterLineMs } = await runChild(['2', 'brokenWorker']);
    assert.equal(code, 0);
    assert.ok(exitAfterLineMs < EXIT_BOUND_MS, `exited ${exitAfterLineMs} ms after its result`);
    assert.equal(line.productThreads, 1);
    assert.match(line.started.reason, /single-threaded: the threaded build did not start \(a worker failed: injected worker failure\)/);
    assert.equal(line.hash, oneThread.hash);
  });
});

describe('wasm kernels the threads serve', function () {
  this.timeout(120_000);

  it("routes every product and convolution of an MLP and a DCGAN training step, gradients and a penalty's second-order ones included, to the project's SIMD product and convolution, which run on the threads", async () => {
    const stdout = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', ROUTING_CHILD, '2'], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${out}`))));
    });
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { model: string; calls: Record<string, number> });
    assert.deepEqual(
      lines.map((l) => l.model),
      ['ring8', 'dcgan', 'dcgan-wgan-gp'],
    );
    // XNNPACK runs on one thread in the threaded build (wasmThreadsLoader.ts); transposed and batched
    // BatchMatMul and the stock conv gradients are the wasm binary's naive single-threaded loops.
    const threaded = new Set(['SIMD product', 'SIMD conv']);
    for (const { model, calls } of lines) {
      const outside = Object.keys(calls).filter((k) => !threaded.has(k));
      assert.deepEqual(outside, [], `${model}: products outside the threaded forms`);
    }
    assert.ok((lines[0]!.calls['SIMD product'] ?? 0) >= 18, 'forward and both gradients of each of the 6 dense layers');
    assert.ok((lines[1]!.calls['SIMD conv'] ?? 0) >= 18, 'forward and both gradients of each conv layer');
  });
});

describe('gan-train --threads', function () {
  this.timeout(240_000);

  const metricsWithoutTimes = (runDir: string) =>
    readFileSync(join(runDir, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => {
        const { time: _time, elapsed: _elapsed, stepsPerSecond: _speed, memory: _memory, ...rest } = JSON.parse(l) as Json;
        return rest;
      });

  async function train(config: Json, threads: number, steps: number): Promise<{ runDir: string; meta: RunMeta; seconds: number }> {
    const out = tempDir();
    const started = Date.now();
    const { code, stderr } = await runCli([
      writeExperimentFile(config),
      '--steps',
      String(steps),
      '--out',
      out,
      '--threads',
      String(threads),
      '--quiet',
    ]).done;
    assert.equal(code, 0, stderr);
    const name = readdirSync(out)[0]!;
    const runDir = join(out, name, readdirSync(join(out, name))[0]!);
    return { runDir, meta: JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunMeta, seconds: (Date.now() - started) / 1000 };
  }

  const dcgan: Json = ringExperiment({
    name: 'test-dcgan',
    data: { kind: 'shapes', size: 28, channels: 1 },
    latent: { dim: 16 },
    generator: { kind: 'dcgan', channels: 16 },
    discriminator: { kind: 'dcgan', channels: 16, normalization: 'none' },
    schedule: { steps: 6, batchSize: 16 },
    logging: { metricsEvery: 2, histogramsEvery: 6, samplesEvery: 6, checkpointEvery: 6, sampleCount: 16 },
  });

  for (const [title, config, steps] of [
    ['an MLP (ring)', ringExperiment(), 30],
    ['a DCGAN (shapes)', dcgan, 6],
  ] as const) {
    it(`trains ${title} on 2 threads exactly as on 1, records the threads and exits with 0`, async () => {
      const threaded = await train(config, 2, steps);
      const single = await train(config, 1, steps);
      assert.ok(threaded.seconds < 120, `the threaded run took ${threaded.seconds} s to exit`);
      assert.match(threaded.meta.backend?.reason ?? '', /WebAssembly with SIMD, 2 threads \(2 requested\)/);
      assert.match(single.meta.backend?.reason ?? '', /single-threaded \(1 thread requested\)/);
      assert.deepEqual(metricsWithoutTimes(threaded.runDir), metricsWithoutTimes(single.runDir));
      assert.equal(
        readFileSync(join(threaded.runDir, 'quality.jsonl'), 'utf8').replace(/"(time|elapsed)":[\d.]+,?/g, ''),
        readFileSync(join(single.runDir, 'quality.jsonl'), 'utf8').replace(/"(time|elapsed)":[\d.]+,?/g, ''),
      );
    });
  }
});
