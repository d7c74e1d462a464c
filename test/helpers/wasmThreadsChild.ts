/**
 * Starts the wasm backend in a fresh process (the backend starts once per process) as the
 * process test test/process/wasmThreads.test.ts asks, computes gradients through every kernel the
 * threads serve (matMul both ways, conv2d, conv2dTranspose, their gradients) and prints one JSON
 * line: the start's result, XNNPACK's pool size as tfjs reports it, the threads the project's SIMD
 * product and convolution run on, and a sha256 of the values' bytes.
 * Arguments: THREADS [unwritableCache | brokenWorker]. The process must then exit by itself.
 */
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWasmWith, type WasmStartOptions } from '../../src/training/backends/wasm';
import { simdKernelsOf, simdReady, simdThreadCount } from '../../src/training/kernels/simdKernels';

const threads = Number(process.argv[2]);
const fault = process.argv[3];

/** A file standing where the cache folder should be (removed once the backend has started). */
const notAFolder = join(tmpdir(), `gan-workbench-not-a-folder-${process.pid}`);

function loaderOptions(): WasmStartOptions['loader'] {
  if (fault === 'unwritableCache') {
    writeFileSync(notAFolder, 'a file where the cache folder should be');
    return { cacheDir: join(notAFolder, 'cache') };
  }
  if (fault === 'brokenWorker') return { workerScript: 'throw new Error("injected worker failure");', timeoutMs: 20_000 };
  return undefined;
}

/** Gradients of a small conv generator and an MLP on seeded data, flattened. */
function gradientValues(): Float32Array[] {
  return tf.tidy(() => {
    // 18×5×5 = 450 output pixels: the SIMD convolution's bands on two threads are 228 and 222 pixels.
    const x = tf.randomNormal([18, 10, 10, 16], 0, 1, 'float32', 1);
    const w = tf.randomNormal([4, 4, 16, 32], 0, 0.1, 'float32', 2);
    const wt = tf.randomNormal([4, 4, 16, 32], 0, 0.1, 'float32', 3);
    // 70 rows: the SIMD product's bands on two threads are 36 and 34 rows.
    const a = tf.randomNormal([70, 96], 0, 1, 'float32', 4);
    const b = tf.randomNormal([96, 128], 0, 0.1, 'float32', 5);
    const loss = (xs: tf.Tensor[]) => {
      const [xi, wi, wti, ai, bi] = xs as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D, tf.Tensor2D, tf.Tensor2D];
      const h = tf.relu(tf.conv2d(xi, wi, 2, 'same'));
      const up = tf.conv2dTranspose(h, wti, [18, 10, 10, 16], 2, 'same');
      const m = tf.matMul(tf.relu(tf.matMul(ai, bi)), bi, false, true);
      return tf.add(tf.sum(tf.square(up)), tf.sum(tf.square(m)));
    };
    const grads = tf.grads((...xs: tf.Tensor[]) => loss(xs))([x, w, wt, a, b]);
    return grads.map((g) => g.dataSync() as Float32Array);
  });
}

function productThreads(): number | string {
  const kernels = simdKernelsOf(tf.backend());
  return simdReady(kernels) ? simdThreadCount(kernels) : kernels.failed;
}

async function main(): Promise<void> {
  const loader = loaderOptions();
  const started = await startWasmWith({ threads, ...(loader && { loader }) });
  rmSync(notAFolder, { force: true });
  const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
  const hash = createHash('sha256');
  for (const values of gradientValues()) hash.update(Buffer.from(values.buffer, values.byteOffset, values.byteLength));
  const line = {
    started,
    backend: tf.getBackend(),
    xnnpackThreads: wasm.getThreadsCount(),
    productThreads: productThreads(),
    hash: hash.digest('hex'),
    tensors: tf.memory().numTensors,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

void main();
