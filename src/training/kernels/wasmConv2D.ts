/**
 * The wasm backend's Conv2D on the project's SIMD convolution (simdConvolution.ts) where it applies:
 * float32, channels last, and 4 or more input channels where the SIMD kernels run on one thread.
 * Everything else keeps the backend's XNNPACK kernel, which `stock` is. Every conv of a training step runs through Conv2D on wasm (the
 * composite input and filter gradients of convKernels.ts too), so all of them gain.
 *
 * The indirection table (each output pixel's input pixel per tap, as byte offsets from x) depends
 * only on the geometry, so it is built once per geometry and copied into the heap per call.
 */
import * as tf from '@tensorflow/tfjs';
import { simdKernelsOf, simdReady, simdThreadCount, type SimdKernels } from './simdKernels';

type TensorInfo = tf.TensorInfo;
type Shape4 = [number, number, number, number];

interface WasmHeapBackend {
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): tf.backend_util.TypedArray;
  disposeData(dataId: object): void;
}

/**
 * Fewer input channels than this and each tap adds too few terms to pay for finding its input
 * pixel: a DCGAN's first layer on one-channel images ran 1.1× longer than on XNNPACK inside a
 * training step, on one thread. On several the SIMD kernel takes it: XNNPACK runs on one thread
 * there (wasmThreadsLoader.ts says why) and the SIMD kernel on all of them.
 */
const MIN_IN_CHANNELS = 4;
/** Bytes of indirection tables kept across calls (a DCGAN step's ten geometries take about 3 MB), oldest dropped first. */
const TABLE_BUDGET_BYTES = 64 << 20;

const tables = new Map<string, Int32Array>();
let tableBytes = 0;

/** For each output pixel (n, y, x) and tap (i, j): the byte offset of its input pixel from x's start, or −1 in the padding. */
export function indirectionTable(info: tf.backend_util.Conv2DInfo): Int32Array {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth } = info;
  const { strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
  const { top, left } = info.padInfo;
  const key = [
    batchSize,
    inHeight,
    inWidth,
    inChannels,
    outHeight,
    outWidth,
    filterHeight,
    filterWidth,
    strideHeight,
    strideWidth,
    dilationHeight,
    dilationWidth,
    top,
    left,
  ].join();
  const kept = tables.get(key);
  if (kept) return kept;
  const taps = filterHeight * filterWidth;
  const table = new Int32Array(batchSize * outHeight * outWidth * taps);
  let at = 0;
  for (let n = 0; n < batchSize; n++)
    for (let y = 0; y < outHeight; y++)
      for (let x = 0; x < outWidth; x++)
        for (let i = 0; i < filterHeight; i++) {
          const h = y * strideHeight + i * dilationHeight - top;
          for (let j = 0; j < filterWidth; j++) {
            const w = x * strideWidth + j * dilationWidth - left;
            table[at++] = h < 0 || h >= inHeight || w < 0 || w >= inWidth ? -1 : ((n * inHeight + h) * inWidth + w) * inChannels * 4;
          }
        }
  if (table.byteLength > TABLE_BUDGET_BYTES) return table;
  for (const [oldest, kept] of tables) {
    if (tableBytes + table.byteLength <= TABLE_BUDGET_BYTES) break;
    tables.delete(oldest);
    tableBytes -= kept.byteLength;
  }
  tables.set(key, table);
  tableBytes += table.byteLength;
  return table;
}

function offsetOf(backend: WasmHeapBackend, info: TensorInfo): number {
  const entry = backend.dataIdMap.get(info.dataId);
  if (!entry) throw new Error('Conv2D: a tensor is not on the wasm heap');
  return entry.memoryOffset;
}

/** The conv's geometry where the SIMD kernel applies to it, else undefined. */
function simdGeometry(x: TensorInfo, filter: TensorInfo, attrs: tf.Conv2DAttrs, threads: number): tf.backend_util.Conv2DInfo | undefined {
  if (x.dtype !== 'float32' || filter.dtype !== 'float32' || x.shape.length !== 4 || filter.shape.length !== 4) return undefined;
  if (tf.backend_util.convertConv2DDataFormat(attrs.dataFormat) !== 'channelsLast') return undefined;
  let info: tf.backend_util.Conv2DInfo;
  try {
    info = tf.backend_util.computeConv2DInfo(
      x.shape as Shape4,
      filter.shape as Shape4,
      attrs.strides,
      attrs.dilations,
      attrs.pad,
      attrs.dimRoundingMode,
    );
  } catch {
    return undefined; // the stock kernel reports the error
  }
  const { outChannels, inChannels } = info;
  const pixels = info.batchSize * info.outHeight * info.outWidth;
  // Rows of a multiple of 4 KiB fall in the same cache sets (simdProductPays says more); byte offsets must fit an i32.
  if ((inChannels < MIN_IN_CHANNELS && threads === 1) || (outChannels * 4) % 4096 === 0 || pixels === 0) return undefined;
  if (x.shape.reduce((a, b) => a * b, 1) * 4 >= 2 ** 31) return undefined;
  return info;
}

function simdConv2D(
  kernels: SimdKernels,
  backend: WasmHeapBackend,
  x: TensorInfo,
  filter: TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): TensorInfo {
  const table = indirectionTable(info);
  const ind = backend.makeOutput([table.length], 'int32');
  const zero = backend.makeOutput([info.inChannels], 'float32');
  const taps = info.filterHeight * info.filterWidth;
  const rows = taps * info.inChannels;
  const packed = backend.makeOutput([rows * Math.ceil(info.outChannels / 8) * 8], 'float32');
  try {
    (backend.typedArrayFromHeap(ind) as Int32Array).set(table);
    (backend.typedArrayFromHeap(zero) as Float32Array).fill(0);
    const out = backend.makeOutput([info.batchSize, info.outHeight, info.outWidth, info.outChannels], 'float32');
    const pixels = info.batchSize * info.outHeight * info.outWidth;
    const w = offsetOf(backend, filter);
    const packedAt = offsetOf(backend, packed);
    kernels.packTiles(w, packedAt, rows, info.outChannels);
    kernels.conv(
      offsetOf(backend, ind),
      offsetOf(backend, x),
      offsetOf(backend, zero),
      packedAt,
      offsetOf(backend, out),
      pixels,
      taps,
      info.inChannels,
      info.outChannels,
    );
    return out;
  } finally {
    backend.disposeData(packed.dataId);
    backend.disposeData(ind.dataId);
    backend.disposeData(zero.dataId);
  }
}

/** Conv2D on the SIMD kernel where it applies, else on `stock` (the backend's own). */
export function simdConv2DConfig(stock: tf.KernelConfig): tf.KernelConfig {
  return {
    ...stock,
    kernelFunc: (args) => {
      const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
      const kernels = simdKernelsOf(args.backend as tf.KernelBackend);
      const info = simdReady(kernels)
        ? simdGeometry(x, filter, args.attrs as unknown as tf.Conv2DAttrs, simdThreadCount(kernels))
        : undefined;
      if (!info || !simdReady(kernels)) return stock.kernelFunc(args);
      return simdConv2D(kernels, args.backend as unknown as WasmHeapBackend, x, filter, info);
    },
  };
}
