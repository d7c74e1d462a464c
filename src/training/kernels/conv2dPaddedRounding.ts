/**
 * The wasm backend's Conv2D hands XNNPACK the padding but not the output size, and XNNPACK
 * derives the size rounding down. With a numeric or explicit pad and dimRoundingMode 'ceil' or
 * 'round', tfjs can expect one more output row or column than the padding reaches, and the wasm
 * kernel fills it with garbage (found by test/unit/convKernels.test.ts). This wrapper adds the
 * missing zero padding below and right, which is what the cpu kernel computes.
 */
import * as tf from '@tensorflow/tfjs';

type TensorInfo = tf.TensorInfo;
type Shape4 = [number, number, number, number];

export function conv2dPaddedRoundingConfig(stock: tf.KernelConfig): tf.KernelConfig {
  return {
    ...stock,
    kernelFunc: (args) => {
      const attrs = args.attrs as unknown as tf.Conv2DAttrs;
      if (typeof attrs.pad === 'string' || attrs.dimRoundingMode === undefined) return stock.kernelFunc(args);
      const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
      const format = tf.backend_util.convertConv2DDataFormat(attrs.dataFormat);
      const info = tf.backend_util.computeConv2DInfo(
        x.shape as Shape4,
        filter.shape as Shape4,
        attrs.strides,
        attrs.dilations,
        attrs.pad,
        attrs.dimRoundingMode,
        false,
        format,
      );
      const { top, bottom, left, right } = info.padInfo;
      const missingRows = (info.outHeight - 1) * info.strideHeight + info.effectiveFilterHeight - (info.inHeight + top + bottom);
      const missingCols = (info.outWidth - 1) * info.strideWidth + info.effectiveFilterWidth - (info.inWidth + left + right);
      if (missingRows <= 0 && missingCols <= 0) return stock.kernelFunc(args);
      const rows: [number, number] = [top, bottom + Math.max(0, missingRows)];
      const cols: [number, number] = [left, right + Math.max(0, missingCols)];
      const pad: tf.Conv2DAttrs['pad'] = format === 'channelsLast' ? [[0, 0], rows, cols, [0, 0]] : [[0, 0], [0, 0], rows, cols];
      const explicit: tf.Conv2DAttrs = { ...attrs, pad, dimRoundingMode: undefined };
      return stock.kernelFunc({ ...args, attrs: explicit as unknown as tf.NamedAttrMap });
    },
  };
}
