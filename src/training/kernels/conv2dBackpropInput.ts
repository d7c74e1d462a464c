/**
 * Conv2DBackpropInput (conv2d's input gradient, and conv2dTranspose's forward pass) as one
 * stride-1 convolution on the backend's own Conv2D kernel followed by depth-to-space (the
 * sub-pixel form of a transposed convolution). Padded input row hp = s·u + a only receives taps
 * i ≡ a (mod s):
 *   dxPadded[s·u + a] = Σ_m dy[u − m] · W[a + s·m]
 * a full correlation of dy with the reversed taps a, a+s, … of W. The filter is regrouped so that
 * every phase (a, b) is a block of output channels; every phase uses ceil(k/s) taps (W padded
 * with zero taps), so no work goes to the zeros a dilated dy would hold. The wasm backend's own
 * kernel is a direct loop several times slower than the XNNPACK Conv2D this runs on.
 */
import * as tf from '@tensorflow/tfjs';
import { assertFloat32, assertShape } from './conv2dBackpropFilter';
import { convGeometry, TO_CHANNELS_FIRST, TO_CHANNELS_LAST, type ConvGeometry } from './convGeometry';
import { backpropInputByPhase } from './conv2dBackpropInputPhases';
import { subPixelFilter } from './subPixelFilter';
import { inKernelScope, type KernelScope } from './kernelScope';

type TensorInfo = tf.TensorInfo;

/** dx from NHWC dy by one convolution over a lattice that covers every phase: the form for any geometry. */
export function backpropInputNhwc(s: KernelScope, dy: TensorInfo, filter: TensorInfo, g: ConvGeometry): TensorInfo {
  const { batch: n, strideHeight: sh, strideWidth: sw, inChannels: ci, outChannels: co } = g;
  const th = Math.ceil(g.filterHeight / sh);
  const tw = Math.ceil(g.filterWidth / sw);
  // Phase lattice covering padded rows [0, padTop + inHeight); dy rows past it reach no input.
  const u = Math.ceil((g.padTop + g.inHeight) / sh);
  const v = Math.ceil((g.padLeft + g.inWidth) / sw);
  const rows = Math.min(g.outHeight, u);
  const cols = Math.min(g.outWidth, v);
  const dyUsed = rows < g.outHeight || cols < g.outWidth ? s.slice(dy, [0, 0, 0, 0], [n, rows, cols, co]) : dy;
  const phases = s.conv2d(dyUsed, subPixelFilter(s, s.read(filter), g, th, tw), {
    strides: [1, 1],
    pad: [
      [0, 0],
      [th - 1, u - rows],
      [tw - 1, v - cols],
      [0, 0],
    ],
    dataFormat: 'NHWC',
    dilations: [1, 1],
  });
  // Depth to space: [n·u, v, a, (b, c)] → [n·u, a, v, (b, c)] is the padded dx, row-major.
  const interleaved = s.transpose(s.reshape(phases, [n * u, v, sh, sw * ci]), [0, 2, 1, 3]);
  const padded = s.reshape(interleaved, [n, u * sh, v * sw * ci]);
  const cropped = s.slice(padded, [0, g.padTop, g.padLeft * ci], [n, g.inHeight, g.inWidth * ci]);
  return s.reshape(cropped, [n, g.inHeight, g.inWidth, ci]);
}

/** `byPhase: false` keeps to the one-convolution form (for benchmarks). */
export function conv2dBackpropInputConfig(backendName: string, { byPhase = true }: { byPhase?: boolean } = {}): tf.KernelConfig {
  return {
    kernelName: 'Conv2DBackpropInput',
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
      const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as tf.Conv2DBackpropInputAttrs;
      assertFloat32('Conv2DBackpropInput', { dy, filter });
      const g = convGeometry(inputShape, filter.shape, strides, pad, dataFormat, dimRoundingMode);
      return inKernelScope(backend, backendName, (s) => {
        const dyNhwc = g.channelsLast ? dy : s.transpose(dy, TO_CHANNELS_LAST);
        assertShape('Conv2DBackpropInput', 'dy', dyNhwc.shape, [g.batch, g.outHeight, g.outWidth, g.outChannels]);
        const dx = (byPhase ? backpropInputByPhase(s, dyNhwc, filter, g) : undefined) ?? backpropInputNhwc(s, dyNhwc, filter, g);
        return g.channelsLast ? dx : s.transpose(dx, TO_CHANNELS_FIRST);
      });
    },
  };
}
