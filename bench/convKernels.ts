/**
 * Speed of the composite conv kernels (src/training/kernels/) against the stock tfjs 4.22 kernels
 * they replace, on the cpu and wasm backends (wasm at --threads, 1 by default), on a DCGAN's layers
 * for 28×28 images at batch 64: Conv2DBackpropFilter (every conv weight gradient) and
 * Conv2DBackpropInput (every conv input gradient and conv2dTranspose's forward pass: the
 * generator's 7²×128→14²×64 and 14²×64→28²×1 layers are the rows 14²×64→7²×128 and
 * 28²×1→14²×64 read backwards), with the stock Conv2D of the same layer as a yardstick. Kernels
 * run directly (no engine), each the median of runs totalling ≥ 1 s (one run when a run alone
 * takes longer); prints the speed-up stock / composite and asserts nothing. The row
 * "BackpropInput phases" sets the input gradient's one-convolution form (as "stock") against the
 * form by phase (conv2dBackpropInputPhases.ts), which the composite takes where it serves.
 * Run: npx tsx bench/convKernels.ts [--batch N] [--backends cpu,wasm] [--threads 1] [--skip-slow]
 * (--skip-slow leaves out the stock cpu Conv2DBackpropFilter, minutes per layer at batch 64).
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/training/backend';
import { setWasmThreads } from '../src/training/backends/wasmThreadsSetting';
import { conv2dBackpropFilterConfig } from '../src/training/kernels/conv2dBackpropFilter';
import { conv2dBackpropInputConfig } from '../src/training/kernels/conv2dBackpropInput';
import { stockKernel } from '../src/training/kernels/convKernels';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const BATCH = Number(arg('--batch') ?? 64);
const BACKENDS = (arg('--backends') ?? 'cpu,wasm').split(',') as Array<'cpu' | 'wasm'>;
const SKIP_SLOW = process.argv.includes('--skip-slow');
const THREADS = Number(arg('--threads') ?? 1);

interface Layer {
  name: string;
  x: [number, number, number, number];
  outChannels: number;
  kernel: number;
  stride: number;
}

const LAYERS: Layer[] = [
  { name: '28²×1→14²×64 k4 s2', x: [BATCH, 28, 28, 1], outChannels: 64, kernel: 4, stride: 2 },
  { name: '14²×64→7²×128 k4 s2', x: [BATCH, 14, 14, 64], outChannels: 128, kernel: 4, stride: 2 },
  { name: '28²×1→14²×64 k5 s2', x: [BATCH, 28, 28, 1], outChannels: 64, kernel: 5, stride: 2 },
  { name: '14²×64→7²×128 k5 s2', x: [BATCH, 14, 14, 64], outChannels: 128, kernel: 5, stride: 2 },
  { name: '28²×64→28²×1 k5 s1', x: [BATCH, 28, 28, 64], outChannels: 1, kernel: 5, stride: 1 },
];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Median ms of one kernel call on the active backend; the output is disposed after each. */
function time(config: tf.KernelConfig, inputs: tf.NamedTensorInfoMap, attrs: object): number {
  const backend = tf.backend();
  const once = () => {
    const start = performance.now();
    const out = config.kernelFunc({ inputs, backend, attrs: attrs as tf.NamedAttrMap }) as tf.TensorInfo;
    const ms = performance.now() - start;
    backend.disposeData(out.dataId);
    return ms;
  };
  const first = once();
  if (first > 1000) return first;
  const times: number[] = [];
  let total = 0;
  while (total < 1000 || times.length < 3) {
    const ms = once();
    times.push(ms);
    total += ms;
  }
  return median(times);
}

const ms = (v: number | string) => (typeof v === 'string' ? v : v < 10 ? v.toFixed(2) : v.toFixed(1)).padStart(10);
const ratio = (stock: number | string, ours: number) => (typeof stock === 'string' ? '—' : `${(stock / ours).toFixed(1)}×`).padStart(9);

async function main(): Promise<void> {
  setWasmThreads(THREADS);
  console.log(
    `conv kernels, batch ${BATCH}, 'same' padding, wasm at ${THREADS} thread(s); ms per call (median), speed-up = stock / composite`,
  );
  console.log(
    `${'backend'.padEnd(8)}${'layer'.padEnd(22)}${'kernel'.padEnd(22)}${ms('stock')}${ms('composite')}${'speed-up'.padStart(9)}${ms('Conv2D')}`,
  );
  for (const backendName of BACKENDS) {
    await selectBackend(backendName);
    for (const layer of LAYERS) {
      const [x, filter] = tf.tidy(() => [
        tf.randomNormal(layer.x),
        tf.randomNormal([layer.kernel, layer.kernel, layer.x[3], layer.outChannels]),
      ]) as [tf.Tensor4D, tf.Tensor4D];
      const dy = tf.tidy(() => tf.randomNormal(tf.conv2d(x, filter, layer.stride, 'same').shape));
      const conv = time(
        stockKernel('Conv2D', backendName)!,
        { x, filter },
        { strides: layer.stride, pad: 'same', dataFormat: 'NHWC', dilations: 1 },
      );
      const common = { strides: layer.stride, pad: 'same', dataFormat: 'NHWC' };
      const cases: Array<[string, tf.KernelConfig, tf.KernelConfig | undefined, tf.NamedTensorInfoMap, object]> = [
        [
          'Conv2DBackpropFilter',
          conv2dBackpropFilterConfig(backendName),
          stockKernel('Conv2DBackpropFilter', backendName),
          { x, dy },
          { ...common, filterShape: filter.shape },
        ],
        [
          'Conv2DBackpropInput',
          conv2dBackpropInputConfig(backendName),
          stockKernel('Conv2DBackpropInput', backendName),
          { dy, filter },
          { ...common, inputShape: x.shape },
        ],
        [
          'BackpropFilter patches',
          conv2dBackpropFilterConfig(backendName),
          conv2dBackpropFilterConfig(backendName, { usePatches: false }),
          { x, dy },
          { ...common, filterShape: filter.shape },
        ],
        [
          'BackpropInput phases',
          conv2dBackpropInputConfig(backendName),
          conv2dBackpropInputConfig(backendName, { byPhase: false }),
          { dy, filter },
          { ...common, inputShape: x.shape },
        ],
      ];
      for (const [kernelName, ours, stock, inputs, attrs] of cases) {
        const skip = SKIP_SLOW && backendName === 'cpu' && kernelName === 'Conv2DBackpropFilter';
        const stockMs = !stock ? 'missing' : skip ? 'skipped' : time(stock, inputs, attrs);
        const oursMs = time(ours, inputs, attrs);
        console.log(
          `${backendName.padEnd(8)}${layer.name.padEnd(22)}${kernelName.padEnd(22)}${ms(stockMs)}${ms(oursMs)}${ratio(stockMs, oursMs)}${ms(conv)}`,
        );
      }
      tf.dispose([x, filter, dy]);
    }
  }
}

void main();
