/**
 * Conv2DBackpropFilter as one product of dy with x's patches, for layers whose patches are narrower
 * than dy (kh·kw·inChannels < outChannels: a DCGAN's first layer on one- or three-channel images):
 *   dWᵀ [o, (i, j, c)] = Σ_{y, x, n} dy[n, y, x, o] · xPadded[n, y·sh + i, x·sw + j, c]
 * with the sum's index laid out (y, x, n) on both sides. The dilated convolution of
 * conv2dBackpropFilter.ts makes dy its filter, which XNNPACK packs anew on every call (dy is new
 * each step): for 64×14×14×64 that packing was 6 of the kernel's 7 ms. Here the packed operand is
 * the patches, kh·kw·inChannels wide instead of outChannels. The product adds over (y, x, n) in the
 * order the convolution adds over its taps (y, x) and channels n, so the results are the same bit
 * for bit (tested against it).
 */
import * as tf from '@tensorflow/tfjs';
import type { ConvGeometry } from './convGeometry';
import type { KernelScope } from './kernelScope';

type TensorInfo = tf.TensorInfo;

/** [(y, x, n), (i, j, c)]: x's padded patch under output position (y, x) of image n, row by row. */
function patches(s: KernelScope, x: TensorInfo, g: ConvGeometry): TensorInfo {
  const { batch, outHeight, outWidth, filterHeight: kh, filterWidth: kw, inChannels: ci, inHeight, inWidth } = g;
  const width = kh * kw * ci;
  return s.filled([outHeight * outWidth * batch, width], (out) => {
    const xs = s.view(x);
    out.fill(0);
    let row = 0;
    for (let y = 0; y < outHeight; y++)
      for (let xo = 0; xo < outWidth; xo++)
        for (let n = 0; n < batch; n++, row += width) {
          let to = row;
          for (let i = 0; i < kh; i++) {
            const h = y * g.strideHeight + i - g.padTop;
            for (let j = 0; j < kw; j++, to += ci) {
              const w = xo * g.strideWidth + j - g.padLeft;
              if (h < 0 || h >= inHeight || w < 0 || w >= inWidth) continue;
              const from = ((n * inHeight + h) * inWidth + w) * ci;
              for (let c = 0; c < ci; c++) out[to + c] = xs[from + c]!;
            }
          }
        }
  });
}

/** dW [kh, kw, inChannels, outChannels] from NHWC x and dy, or undefined where the patches are not the narrower operand. */
export function backpropFilterByPatches(s: KernelScope, x: TensorInfo, dy: TensorInfo, g: ConvGeometry): TensorInfo | undefined {
  const { batch, outHeight, outWidth, filterHeight: kh, filterWidth: kw, inChannels: ci, outChannels: co } = g;
  if (kh * kw * ci >= co) return undefined;
  const columns = patches(s, x, g);
  // dy [n, y, x, o] → [o, (y, x, n)]
  const dyRows = s.reshape(s.transpose(dy, [3, 1, 2, 0]), [co, outHeight * outWidth * batch]);
  const dwT = s.run(
    'BatchMatMul',
    { a: s.reshape(dyRows, [1, co, outHeight * outWidth * batch]), b: s.reshape(columns, [1, ...columns.shape]) },
    {
      transposeA: false,
      transposeB: false,
    },
  );
  return s.reshape(s.transpose(s.reshape(dwT, [co, kh * kw * ci]), [1, 0]), [kh, kw, ci, co]);
}
