/**
 * A float32 2-D convolution (NHWC input, filter [kh, kw, inChannels, outChannels]) in WebAssembly
 * SIMD, as a function body for the project's kernel module (simdKernels.ts): the product of each
 * output pixel's input patch with the filter, read through an indirection table as XNNPACK's
 * "indirect GEMM" does, so no patch matrix is written.
 *
 * The wasm backend runs Conv2D on XNNPACK, which packs the filter into its own layout on every call
 * whose filter is new — every call of a training step: the weights change after each update, and
 * the filter gradient and the transposed convolution's sub-pixel filters are new tensors. Its
 * arithmetic ran at 24–27 GFLOP/s on a DCGAN's layers, 60% of wasm SIMD's ceiling
 * (bench/convKernels.ts).
 *
 * Each output adds its terms as XNNPACK does: from +0, tap by tap in the filter's row-major order
 * (kh, then kw), channel by channel, each product rounded, then each sum; a tap outside the input
 * reads zeros (so a NaN or ∞ weight there still poisons the sum, as in XNNPACK). The results are
 * XNNPACK's bit for bit (the tests compare bits).
 */
import { accumulateTile, panelledTiles, rowPointers } from './simdTiles';
import { FunctionBody, I32, V128 } from './wasmAssembler';

const IND = 0;
const X = 1;
const ZERO = 2;
const PACKED = 3;
const OUT = 4;
const PIXELS = 5;
const TAPS = 6;
const CHANNELS_IN = 7;
const CHANNELS_OUT = 8;

/**
 * out[p, o] = Σ_t Σ_c x[ind[p, t] + c] · w[t, c, o] for `pixels` output pixels: ind [pixels, taps]
 * holds each tap's input pixel as a byte offset from x, or −1 where the tap falls in the padding
 * (read from `zero`, at least inChannels zeros); `packed` is the filter w's 8-column tiles as
 * packTilesBody lays them out (the last zero-padded), in 4×8 tiles of pixels × output channels
 * (simdTiles.ts). Byte addresses; out must not overlap the others.
 */
export function convBody(): FunctionBody {
  const f = new FunctionBody([I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const tileBytes = f.local(I32);
  const thirtyTwo = f.local(I32);
  const nBytes = f.local(I32);
  const tiledBytes = f.local(I32);
  const terms = f.local(I32);
  const tapBytes = f.local(I32);
  const four = f.local(I32);
  const i = f.local(I32);
  const jb = f.local(I32);
  const t = f.local(I32);
  const kk = f.local(I32);
  const pb = f.local(I32);
  const off = f.local(I32);
  const q = [f.local(I32), f.local(I32), f.local(I32), f.local(I32)];
  const p = [f.local(I32), f.local(I32), f.local(I32), f.local(I32)];
  const acc = Array.from({ length: 8 }, () => f.local(V128));
  const b0 = f.local(V128);
  const b1 = f.local(V128);
  const x = f.local(V128);

  /** p[r] ← the input pixel row q[r] points at (or the zeros); q[r] moves to the next tap. */
  const tapPointer = (r: number) => {
    f.get(q[r]!).i32Load().set(off);
    f.get(ZERO).get(X).get(off).i32Add().get(off).i32(0).i32LtS().select().set(p[r]!);
    f.get(q[r]!).i32(4).i32Add().set(q[r]!);
  };

  f.i32(4).set(four);
  f.i32(32).set(thirtyTwo);
  f.get(TAPS).get(CHANNELS_IN).i32Mul().set(terms);
  f.get(terms).i32(32).i32Mul().set(tileBytes);
  f.get(CHANNELS_OUT).i32(4).i32Mul().set(nBytes);
  f.get(nBytes).i32(31).i32Add().i32(-32).i32And().set(tiledBytes);
  f.get(TAPS).i32(4).i32Mul().set(tapBytes);

  panelledTiles(f, {
    rows: PIXELS,
    out: OUT,
    rowBytes: nBytes,
    tiledBytes,
    terms,
    i,
    jb,
    acc,
    accumulate: (rows) => {
      rowPointers(f, q, IND, i, tapBytes, rows); // the indirection rows of pixels i, i+1, …
      // Tile jb/32's rows: jb/32 · (taps · inChannels · 32) bytes into `packed`.
      f.get(PACKED).get(jb).i32(5).i32ShrU().get(tileBytes).i32Mul().i32Add().set(pb);
      f.get(TAPS).set(t);
      f.until(
        () => f.get(t).i32Eqz(),
        () => {
          for (let r = 0; r < rows; r++) tapPointer(r);
          f.get(CHANNELS_IN).set(kk);
          accumulateTile(f, { rows, acc, a: p, b: pb, count: kk, aStep: four, bStep: thirtyTwo, x, b0, b1 });
          f.get(t).i32(1).i32Sub().set(t);
        },
      );
    },
  });
  return f;
}
