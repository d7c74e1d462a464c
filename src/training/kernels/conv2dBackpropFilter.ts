/**
 * Conv2DBackpropFilter (conv2d's filter gradient) as one dilated convolution on the backend's own
 * Conv2D kernel:
 *   dW[i, j, c, o] = Σ_{n,y,x} xPadded[n, y·sh + i, x·sw + j, c] · dy[n, y, x, o]
 * is a stride-1 convolution of x laid out [c, h, w, n] (c as the batch, n as the channels) by dy
 * laid out [y, x, n, o] as the filter, dilated by the strides, whose output [c, i, j, o] is dW
 * with its axes permuted. The wasm backend has no kernel for it, and the stock cpu kernel reads
 * every element through TensorBuffer.get (bench/convKernels.mjs measures both). im2col through
 * strided slices lost to this on both backends: their StridedSlice is an element-wise loop.
 */
import * as tf from '@tensorflow/tfjs';
import { backpropFilterByPatches } from './conv2dBackpropFilterPatches';
import { convGeometry, TO_CHANNELS_LAST } from './convGeometry';
import { inKernelScope } from './kernelScope';

type TensorInfo = tf.TensorInfo;

export function assertFloat32(kernelName: string, inputs: Record<string, TensorInfo>): void {
  for (const [name, t] of Object.entries(inputs)) {
    if (t.dtype !== 'float32') throw new Error(`${kernelName}: input ${name} must be float32, got ${t.dtype}`);
  }
}

export function assertShape(kernelName: string, name: string, actual: readonly number[], expected: readonly number[]): void {
  if (actual.length !== expected.length || actual.some((d, i) => d !== expected[i])) {
    throw new Error(`${kernelName}: ${name} has shape [${actual}], expected [${expected}]`);
  }
}

/** `usePatches: false` keeps to the dilated convolution (for benchmarks and tests). */
export function conv2dBackpropFilterConfig(backendName: string, { usePatches = true }: { usePatches?: boolean } = {}): tf.KernelConfig {
  return {
    kernelName: 'Conv2DBackpropFilter',
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
      const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
      assertFloat32('Conv2DBackpropFilter', { x, dy });
      const g = convGeometry(x.shape, filterShape, strides, pad, dataFormat, dimRoundingMode);
      return inKernelScope(backend, backendName, (s) => {
        const xNhwc = g.channelsLast ? x : s.transpose(x, TO_CHANNELS_LAST);
        const dyNhwc = g.channelsLast ? dy : s.transpose(dy, TO_CHANNELS_LAST);
        assertShape('Conv2DBackpropFilter', 'dy', dyNhwc.shape, [g.batch, g.outHeight, g.outWidth, g.outChannels]);
        const byPatches = usePatches ? backpropFilterByPatches(s, xNhwc, dyNhwc, g) : undefined;
        if (byPatches) return byPatches;
        // Rows of x past the last one the filter reaches are cropped; rows short of it are zero-padded.
        const padBottom = (g.outHeight - 1) * g.strideHeight + g.filterHeight - g.inHeight - g.padTop;
        const padRight = (g.outWidth - 1) * g.strideWidth + g.filterWidth - g.inWidth - g.padLeft;
        let xT = s.transpose(xNhwc, [3, 1, 2, 0]);
        if (padBottom < 0 || padRight < 0) {
          xT = s.slice(xT, [0, 0, 0, 0], [g.inChannels, g.inHeight + Math.min(0, padBottom), g.inWidth + Math.min(0, padRight), g.batch]);
        }
        const dyT = s.transpose(dyNhwc, [1, 2, 0, 3]);
        const dwT = s.conv2d(xT, dyT, {
          strides: [1, 1],
          pad: [
            [0, 0],
            [g.padTop, Math.max(0, padBottom)],
            [g.padLeft, Math.max(0, padRight)],
            [0, 0],
          ],
          dataFormat: 'NHWC',
          dilations: [g.strideHeight, g.strideWidth],
        });
        return s.transpose(dwT, [1, 2, 0, 3]);
      });
    },
  };
}
