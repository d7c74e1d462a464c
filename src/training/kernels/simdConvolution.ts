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
import { accumulateTile, storeTile } from './simdProduct';
import { F32, FunctionBody, I32, V128 } from './wasmAssembler';

const IND = 0;
const X = 1;
const ZERO = 2;
const W = 3;
const PACKED = 4;
const OUT = 5;
const PIXELS = 6;
const TAPS = 7;
const CHANNELS_IN = 8;
const CHANNELS_OUT = 9;

/** As in simdProduct.ts: one panel of the filter's columns should stay in a core's L2 cache. */
const PANEL_BUDGET_BYTES = 256 * 1024;

/**
 * out[p, o] = Σ_t Σ_c x[ind[p, t] + c] · w[t, c, o] for `pixels` output pixels: ind [pixels, taps]
 * holds each tap's input pixel as a byte offset from x, or −1 where the tap falls in the padding
 * (read from `zero`, at least inChannels zeros); `packed` is w's full 8-column tiles as
 * packTilesBody lays them out (the last outChannels mod 8 columns are read from w). Byte
 * addresses; out must not overlap the others.
 */
export function convBody(): FunctionBody {
  const f = new FunctionBody([I32, I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const tileBytes = f.local(I32);
  const thirtyTwo = f.local(I32);
  const nBytes = f.local(I32);
  const n8Bytes = f.local(I32);
  const tapBytes = f.local(I32);
  const four = f.local(I32);
  const panelBytes = f.local(I32);
  const p0 = f.local(I32);
  const pEnd = f.local(I32);
  const i = f.local(I32);
  const jb = f.local(I32);
  const t = f.local(I32);
  const kk = f.local(I32);
  const pb = f.local(I32);
  const pc = f.local(I32);
  const off = f.local(I32);
  const q = [f.local(I32), f.local(I32), f.local(I32), f.local(I32)];
  const p = [f.local(I32), f.local(I32), f.local(I32), f.local(I32)];
  const acc = Array.from({ length: 8 }, () => f.local(V128));
  const b0 = f.local(V128);
  const b1 = f.local(V128);
  const x = f.local(V128);
  const s = f.local(F32);

  /** q[0..rows) ← the indirection rows of pixels i, i+1, …; */
  const indirectionRows = (rows: number) => {
    f.get(IND).get(i).get(tapBytes).i32Mul().i32Add().set(q[0]!);
    for (let r = 1; r < rows; r++)
      f.get(q[r - 1]!)
        .get(tapBytes)
        .i32Add()
        .set(q[r]!);
  };
  /** p[r] ← the input pixel row q[r] points at (or the zeros); q[r] moves to the next tap. */
  const tapPointer = (r: number) => {
    f.get(q[r]!).i32Load().set(off);
    f.get(ZERO).get(X).get(off).i32Add().get(off).i32(0).i32LtS().select().set(p[r]!);
    f.get(q[r]!).i32(4).i32Add().set(q[r]!);
  };

  /** For pixels i … i+rows−1, every full 8-column tile of the output in the panel [p0, pEnd). */
  const tiles = (rows: number) => {
    f.get(p0).set(jb);
    f.until(
      () => f.get(pEnd).get(jb).i32Sub().i32(32).i32LtU(),
      () => {
        for (let a = 0; a < 2 * rows; a++) f.v128Zero().set(acc[a]!);
        indirectionRows(rows);
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
        f.get(OUT).get(i).get(nBytes).i32Mul().i32Add().get(jb).i32Add().set(pc);
        storeTile(f, rows, acc, pc, nBytes);
        f.get(jb).i32(32).i32Add().set(jb);
      },
    );
  };

  f.i32(4).set(four);
  f.i32(32).set(thirtyTwo);
  f.get(TAPS).get(CHANNELS_IN).i32Mul().i32(32).i32Mul().set(tileBytes);
  f.get(CHANNELS_OUT).i32(4).i32Mul().set(nBytes);
  f.get(nBytes).i32(-32).i32And().set(n8Bytes);
  f.get(TAPS).i32(4).i32Mul().set(tapBytes);

  // The filter's columns in panels that stay in cache; in each, four pixels at a time, then one.
  f.i32(PANEL_BUDGET_BYTES).get(TAPS).get(CHANNELS_IN).i32Mul().i32DivU().i32(-32).i32And().set(panelBytes);
  f.block(() => f.get(panelBytes).i32Eqz().i32Eqz().brIf(0).i32(32).set(panelBytes));
  f.i32(0).set(p0);
  f.until(
    () => f.get(p0).get(n8Bytes).i32LtU().i32Eqz(),
    () => {
      f.get(p0).get(panelBytes).i32Add().set(pEnd);
      f.block(() => f.get(pEnd).get(n8Bytes).i32GtU().i32Eqz().brIf(0).get(n8Bytes).set(pEnd));
      f.i32(0).set(i);
      f.until(
        () => f.get(PIXELS).get(i).i32Sub().i32(4).i32LtU(),
        () => {
          tiles(4);
          f.get(i).i32(4).i32Add().set(i);
        },
      );
      f.until(
        () => f.get(i).get(PIXELS).i32LtU().i32Eqz(),
        () => {
          tiles(1);
          f.get(i).i32(1).i32Add().set(i);
        },
      );
      f.get(pEnd).set(p0);
    },
  );

  // The last outChannels mod 8 columns, one output at a time, in the same order.
  f.i32(0).set(i);
  f.until(
    () => f.get(i).get(PIXELS).i32LtU().i32Eqz(),
    () => {
      f.get(n8Bytes).set(jb);
      f.until(
        () => f.get(jb).get(nBytes).i32LtU().i32Eqz(),
        () => {
          f.f32Const0().set(s);
          indirectionRows(1);
          f.get(W).get(jb).i32Add().set(pb);
          f.get(TAPS).set(t);
          f.until(
            () => f.get(t).i32Eqz(),
            () => {
              tapPointer(0);
              f.get(CHANNELS_IN).set(kk);
              f.until(
                () => f.get(kk).i32Eqz(),
                () => {
                  f.get(s).get(p[0]!).f32Load().get(pb).f32Load().f32Mul().f32Add().set(s);
                  f.addTo(p[0]!, four);
                  f.addTo(pb, nBytes);
                  f.get(kk).i32(1).i32Sub().set(kk);
                },
              );
              f.get(t).i32(1).i32Sub().set(t);
            },
          );
          f.get(OUT).get(i).get(nBytes).i32Mul().i32Add().get(jb).i32Add().get(s).f32Store();
          f.get(jb).i32(4).i32Add().set(jb);
        },
      );
      f.get(i).i32(1).i32Add().set(i);
    },
  );
  return f;
}
