/**
 * Which of the wasm backend's own kernels a training step of the benchmark's MLP (ring-8, 2×256)
 * and DCGAN (28×28, width 64), and of that DCGAN as a WGAN-GP critic with layer normalisation (the
 * penalty's second-order gradients), reaches, and how: every kernel that does the step's products is
 * wrapped before the backend starts (so the project's kernels, registered over them, call the
 * wrappers), and one step after a warm-up is recorded. Prints one JSON line per model:
 * { model, calls: { "<kernel> <form>": count } }, where form is "plain", "transposed" or "batched"
 * for BatchMatMul, and "SIMD product" and "SIMD conv" count the project's own product and
 * convolution (simdKernels.ts). Run by test/process/wasmThreads.test.ts in a fresh process, on the
 * threads given as its argument (default 2).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { benchModel } from '../../bench/vsPytorch/benchModels';
import type { Experiment } from '../../src/shared/experiment/schema';
import { StepLoop } from '../../bench/vsPytorch/stepLoop';
import { startWasmWith } from '../../src/training/backends/wasm';
import { simdKernelsOf, simdReady } from '../../src/training/kernels/simdKernels';

const calls = new Map<string, number>();

function form(name: string, args: { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap }): string {
  if (name !== 'BatchMatMul') return name;
  const { transposeA, transposeB } = (args.attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
  const batched = Object.values(args.inputs).some((t) => t !== undefined && t.shape.length > 2 && t.shape.slice(0, -2).some((d) => d > 1));
  return `BatchMatMul ${transposeA || transposeB ? 'transposed' : batched ? 'batched' : 'plain'}`;
}

for (const name of ['BatchMatMul', '_FusedMatMul', 'Conv2D', 'FusedConv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter']) {
  const stock = tf.getKernel(name, 'wasm');
  if (!stock) continue;
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({
    ...stock,
    kernelFunc: (args) => {
      const key = form(name, args);
      calls.set(key, (calls.get(key) ?? 0) + 1);
      return stock.kernelFunc(args);
    },
  });
}

async function main(): Promise<void> {
  await startWasmWith({ threads: Number(process.argv[2] ?? '2') });
  const kernels = simdKernelsOf(tf.backend());
  if (!simdReady(kernels)) throw new Error(`the SIMD kernels did not start: ${kernels.failed}`);
  const { gemm, conv } = kernels;
  kernels.gemm = (...args) => {
    calls.set('SIMD product', (calls.get('SIMD product') ?? 0) + 1);
    gemm(...args);
  };
  kernels.conv = (...args) => {
    calls.set('SIMD conv', (calls.get('SIMD conv') ?? 0) + 1);
    conv(...args);
  };
  const dcgan = benchModel('dcgan').config;
  const models: Array<[string, Experiment]> = [
    ['ring8', benchModel('ring8').config],
    ['dcgan', dcgan],
    [
      'dcgan-wgan-gp',
      { ...dcgan, loss: { kind: 'wganGp', lambda: 10 }, discriminator: { ...dcgan.discriminator, normalization: 'layer' } },
    ],
  ];
  for (const [model, config] of models) {
    const loop = new StepLoop(config);
    loop.runStep();
    calls.clear();
    loop.runStep();
    loop.dispose();
    process.stdout.write(`${JSON.stringify({ model, calls: Object.fromEntries(calls) })}\n`);
  }
}

void main();
