/**
 * Conv2DBackpropInput as one stride-1 convolution per phase of the sub-pixel form, where every
 * phase covers exactly its share of dx: when the input's height and width are multiples of the
 * strides, phase (a, b) owns the dx rows ≡ rA and columns ≡ rB (mod the strides), inHeight/sh by
 * inWidth/sw of them. The one-convolution form (conv2dBackpropInput.ts) runs every phase over one
 * lattice that covers the padded rows of all of them, ⌈(pad + in)/s⌉ per axis where each phase needs
 * in/s: for a DCGAN's k4 s2 'same' layer on 14×14 that is 8×8 positions for 7×7 used, 31% more
 * arithmetic than the layer has. Each phase's convolution adds its taps in the same order as the
 * one-convolution form, so the results are the same bit for bit; the phases are interleaved into
 * dx in one pass over host memory.
 */
import * as tf from '@tensorflow/tfjs';
import type { ConvGeometry } from './convGeometry';
import type { KernelScope } from './kernelScope';
import { subPixelFilterValues } from './subPixelFilter';

type TensorInfo = tf.TensorInfo;

/**
 * Fewer input channels than this and a phase's convolution has too few output channels for
 * XNNPACK's tiles: a DCGAN's last layer (one channel) took 2.7× longer by phase than as one
 * convolution (bench/convKernels.ts).
 */
const MIN_CHANNELS = 16;

/** One phase along one axis: which dy rows its convolution reads, with what padding, and where its rows land in dx. */
interface AxisPhase {
  phase: number;
  /** dx row of the phase's first output row; its later rows follow every `stride`. */
  offset: number;
  padBefore: number;
  padAfter: number;
  sliceStart: number;
  sliceEnd: number;
}

/**
 * Along an axis of input size `size`, padding `pad` before it, stride `stride`, `taps` filter taps
 * per phase and `dySize` rows of dy: each phase's window, or undefined when a phase reads no dy row
 * (then the one-convolution form serves).
 */
function axisPhases(size: number, pad: number, stride: number, taps: number, dySize: number): AxisPhase[] | undefined {
  const count = size / stride;
  const phases: AxisPhase[] = [];
  for (let phase = 0; phase < stride; phase++) {
    // Lattice positions u with stride·u + phase − pad in [0, size): u from `first` on, `count` of them.
    const first = Math.ceil((pad - phase) / stride);
    const lowest = first - (taps - 1);
    const highest = first + count - 1;
    const sliceStart = Math.max(0, lowest);
    const sliceEnd = Math.min(dySize, highest + 1);
    if (sliceEnd <= sliceStart) return undefined;
    phases.push({
      phase,
      offset: stride * first + phase - pad,
      padBefore: Math.max(0, -lowest),
      padAfter: Math.max(0, highest + 1 - dySize),
      sliceStart,
      sliceEnd,
    });
  }
  return phases;
}

/** dx [n, inHeight, inWidth, inChannels] from NHWC dy, or undefined where the phases do not tile dx evenly or have too few channels. */
export function backpropInputByPhase(s: KernelScope, dy: TensorInfo, filter: TensorInfo, g: ConvGeometry): TensorInfo | undefined {
  const { batch: n, strideHeight: sh, strideWidth: sw, inChannels: ci, outChannels: co, inHeight, inWidth } = g;
  if (ci < MIN_CHANNELS || inHeight % sh !== 0 || inWidth % sw !== 0) return undefined;
  const th = Math.ceil(g.filterHeight / sh);
  const tw = Math.ceil(g.filterWidth / sw);
  const rowPhases = axisPhases(inHeight, g.padTop, sh, th, g.outHeight);
  const columnPhases = axisPhases(inWidth, g.padLeft, sw, tw, g.outWidth);
  if (!rowPhases || !columnPhases) return undefined;
  const rows = inHeight / sh;
  const columns = inWidth / sw;
  // Every phase's filter is built from a view of W before anything is allocated (which may detach it).
  const w = s.view(filter);
  const filters = rowPhases.flatMap((r) =>
    columnPhases.map((c) => subPixelFilterValues(w, g, th, tw, [{ row: r.phase, column: c.phase }])),
  );
  const filterShape = [th, tw, co, ci];
  const parts: Array<{ values: TensorInfo; row: number; column: number }> = [];
  for (const r of rowPhases) {
    for (const c of columnPhases) {
      const whole = r.sliceStart === 0 && r.sliceEnd === g.outHeight && c.sliceStart === 0 && c.sliceEnd === g.outWidth;
      const window = whole
        ? dy
        : s.slice(dy, [0, r.sliceStart, c.sliceStart, 0], [n, r.sliceEnd - r.sliceStart, c.sliceEnd - c.sliceStart, co]);
      const values = s.conv2d(window, s.constant(filters[parts.length]!, filterShape), {
        strides: [1, 1],
        pad: [
          [0, 0],
          [r.padBefore, r.padAfter],
          [c.padBefore, c.padAfter],
          [0, 0],
        ],
        dataFormat: 'NHWC',
        dilations: [1, 1],
      });
      parts.push({ values, row: r.offset, column: c.offset });
    }
  }
  return s.filled([n, inHeight, inWidth, ci], (dx) => {
    for (const part of parts) interleave(dx, s.view(part.values), n, rows, columns, inHeight, inWidth, ci, sh, sw, part.row, part.column);
  });
}

/**
 * Writes a phase's [n, rows, columns, ci] values `p` to dx rows sh·i + row and columns sw·j + column.
 * Runs of ci values are contiguous on both sides: on one heap (wasm) they move with copyWithin.
 */
function interleave(
  dx: Float32Array,
  p: Float32Array,
  n: number,
  rows: number,
  columns: number,
  inHeight: number,
  inWidth: number,
  ci: number,
  sh: number,
  sw: number,
  row: number,
  column: number,
): void {
  const sameHeap = dx.buffer === p.buffer;
  const heap = new Float32Array(dx.buffer);
  const dxStart = dx.byteOffset / 4;
  let from = p.byteOffset / 4;
  const pStart = from;
  for (let b = 0; b < n; b++)
    for (let i = 0; i < rows; i++) {
      let to = ((b * inHeight + sh * i + row) * inWidth + column) * ci;
      for (let j = 0; j < columns; j++, to += sw * ci, from += ci) {
        if (sameHeap) heap.copyWithin(dxStart + to, from, from + ci);
        else dx.set(p.subarray(from - pStart, from - pStart + ci), to);
      }
    }
}
