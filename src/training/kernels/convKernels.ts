/**
 * Registers the composite conv kernels on the backends where the stock ones are missing or far
 * slower (bench/convKernels.ts measures each, tfjs 4.22):
 * - wasm: Conv2DBackpropFilter, which it lacks (conv nets cannot train without it), and
 *   Conv2DBackpropInput, whose stock direct loop is ~10× slower than the XNNPACK Conv2D the
 *   composite runs on (conv2dTranspose's forward pass and every conv input gradient use it).
 * - cpu: Conv2DBackpropFilter, whose stock kernel is ~50× slower. cpu keeps its own
 *   Conv2DBackpropInput and Conv2D: composites of them would run on cpu's Conv2D, no faster.
 * Both backends keep their own Conv2D (XNNPACK on wasm); wasm's is wrapped to pad for
 * dimRoundingMode 'ceil'/'round', which it gets wrong (conv2dPaddedRounding.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { conv2dBackpropFilterConfig } from './conv2dBackpropFilter';
import { conv2dBackpropInputConfig } from './conv2dBackpropInput';
import { conv2dPaddedRoundingConfig } from './conv2dPaddedRounding';
import { simdConv2DConfig } from './wasmConv2D';

type Replacement = (backendName: string, stock: tf.KernelConfig | undefined) => tf.KernelConfig | undefined;

const wrapConv2D: Replacement = (_, stock) => (stock ? conv2dPaddedRoundingConfig(simdConv2DConfig(stock)) : undefined);

const REPLACEMENTS: Record<string, Array<[string, Replacement]>> = {
  wasm: [
    ['Conv2D', wrapConv2D],
    ['Conv2DBackpropFilter', (backendName) => conv2dBackpropFilterConfig(backendName)],
    ['Conv2DBackpropInput', (backendName) => conv2dBackpropInputConfig(backendName)],
  ],
  cpu: [['Conv2DBackpropFilter', (backendName) => conv2dBackpropFilterConfig(backendName, { usePatches: false })]],
};

const registered = new Set<string>();
const stock = new Map<string, tf.KernelConfig | undefined>();

export function useFastConvKernels(backendName: string): void {
  if (registered.has(backendName)) return;
  for (const [kernelName, replace] of REPLACEMENTS[backendName] ?? []) {
    const original = tf.getKernel(kernelName, backendName);
    const config = replace(backendName, original);
    if (!config) continue;
    stock.set(`${backendName}/${kernelName}`, original);
    if (original) tf.unregisterKernel(kernelName, backendName);
    tf.registerKernel(config);
  }
  registered.add(backendName);
}

/** The kernel a backend had before `useFastConvKernels` replaced it (for tests and benchmarks). */
export function stockKernel(kernelName: string, backendName: string): tf.KernelConfig | undefined {
  const key = `${backendName}/${kernelName}`;
  return stock.has(key) ? stock.get(key) : tf.getKernel(kernelName, backendName);
}
