/**
 * A float32 matrix product and a transpose in WebAssembly SIMD, as function bodies for the
 * project's kernel module (simdKernels.ts). The product reads its right operand where it lies, for
 * the wasm backend's products whose right operand is new at every call.
 *
 * The backend runs a product through XNNPACK's fully-connected operator, which first packs the right
 * operand into its own layout and caches the operator on that tensor. That pays when the operand is
 * a layer's weights reused across calls, but in a training step nearly every product's right
 * operand is fresh — a gradient, a transposed weight, a weight the optimiser has just replaced — so
 * every call builds and packs an operator it uses once: 0.3–0.4 ms of a 256³ product's 1.2–1.6 ms
 * (bench/matMulKernels.ts). And a transposed left operand costs an explicit transpose first.
 *
 * Here a 4×8 tile of C accumulates over k with one broadcast of A's element per row and two
 * four-lane rows of B, which is the order XNNPACK's wasm kernels add in: for each output,
 * 0 + a₀b₀ + a₁b₁ + … in float32, each product rounded, then each sum, with no fused multiply-add
 * in wasm SIMD. So the results are bit for bit XNNPACK's (the tests compare bits). A's rows and
 * columns are addressed by byte strides, so a transposed A is read in place.
 */
import { accumulateTile, panelledTiles, rowPointers } from './simdTiles';
import { F32, FunctionBody, I32, V128 } from './wasmAssembler';

const A = 0;
const B = 1;
const PACKED = 2;
const C = 3;
const M = 4;
const K = 5;
const N = 6;
const A_ROW = 7;
const A_COL = 8;

/**
 * C[M,N] = A·B for B row-major [K,N] and A's element (i,k) at a + i·aRow + k·aCol (bytes), in 4×8
 * tiles (simdTiles.ts). `packed` is 0, or B's 8-column tiles as packTilesBody lays them out, the
 * last zero-padded (then read from there, every column in tiles); read in place, B's last N mod 8
 * columns are computed one output at a time, in the same order.
 */
export function gemmBody(): FunctionBody {
  const f = new FunctionBody([I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const tileBase = f.local(I32);
  const tileStride = f.local(I32);
  const bStep = f.local(I32);
  const nBytes = f.local(I32);
  const tiledBytes = f.local(I32);
  const i = f.local(I32);
  const jb = f.local(I32);
  const k = f.local(I32);
  const pb = f.local(I32);
  const p = [f.local(I32), f.local(I32), f.local(I32), f.local(I32)];
  const acc = Array.from({ length: 8 }, () => f.local(V128));
  const b0 = f.local(V128);
  const b1 = f.local(V128);
  const x = f.local(V128);
  const s = f.local(F32);

  f.get(N).i32(4).i32Mul().set(nBytes);
  f.get(nBytes).i32(31).i32Add().i32(-32).i32And().get(nBytes).i32(-32).i32And().get(PACKED).select().set(tiledBytes);
  // Tile t's rows start at tileBase + t·tileStride, bStep apart: packed, or B's own rows.
  f.get(PACKED).get(B).get(PACKED).select().set(tileBase);
  f.get(K).i32(32).i32Mul().i32(32).get(PACKED).select().set(tileStride);
  f.i32(32).get(nBytes).get(PACKED).select().set(bStep);

  panelledTiles(f, {
    rows: M,
    out: C,
    rowBytes: nBytes,
    tiledBytes,
    terms: K,
    i,
    jb,
    acc,
    accumulate: (rows) => {
      rowPointers(f, p, A, i, A_ROW, rows);
      f.get(tileBase).get(jb).i32(5).i32ShrU().get(tileStride).i32Mul().i32Add().set(pb);
      f.get(K).set(k);
      accumulateTile(f, { rows, acc, a: p, b: pb, count: k, aStep: A_COL, bStep, x, b0, b1 });
    },
  });

  // Columns past the tiles (B read in place), one output at a time, in the same order.
  f.i32(0).set(i);
  f.until(
    () => f.get(i).get(M).i32LtU().i32Eqz(),
    () => {
      f.get(tiledBytes).set(jb);
      f.until(
        () => f.get(jb).get(nBytes).i32LtU().i32Eqz(),
        () => {
          f.f32Const0().set(s);
          f.get(A).get(i).get(A_ROW).i32Mul().i32Add().set(p[0]!);
          f.get(B).get(jb).i32Add().set(pb);
          f.get(K).set(k);
          f.until(
            () => f.get(k).i32Eqz(),
            () => {
              f.get(s).get(p[0]!).f32Load().get(pb).f32Load().f32Mul().f32Add().set(s);
              f.addTo(p[0]!, A_COL);
              f.addTo(pb, nBytes);
              f.get(k).i32(1).i32Sub().set(k);
            },
          );
          f.get(C).get(i).get(nBytes).i32Mul().i32Add().get(jb).i32Add().get(s).f32Store();
          f.get(jb).i32(4).i32Add().set(jb);
        },
      );
      f.get(i).i32(1).i32Add().set(i);
    },
  );
  return f;
}

/**
 * A matrix's 8-column tiles, each as its rows × 8 values one after another: packed
 * [⌈n/8⌉, rows, 8] from w [rows, n], the last tile's missing columns zeros, so a product reads each
 * tile's column block contiguously (w's own rows are n·4 bytes apart, and a tile's walk down them
 * touched twice the cache lines it used and defeated the prefetcher: a DCGAN conv ran at 30 GFLOP/s
 * unpacked, 44 packed) and computes the last columns in a tile too (simdTiles.ts).
 */
export function packTilesBody(): FunctionBody {
  const f = new FunctionBody([I32, I32, I32, I32]);
  const [FROM, TO, ROWS, COLUMNS] = [0, 1, 2, 3];
  const rowBytes = f.local(I32);
  const tileEnd = f.local(I32);
  const column = f.local(I32);
  const from = f.local(I32);
  const to = f.local(I32);
  const row = f.local(I32);
  const j = f.local(I32);
  f.get(COLUMNS).i32(4).i32Mul().set(rowBytes);
  f.get(rowBytes).i32(-32).i32And().set(tileEnd);
  f.get(TO).set(to);
  f.i32(0).set(column);
  f.until(
    () => f.get(column).get(tileEnd).i32LtU().i32Eqz(),
    () => {
      f.get(FROM).get(column).i32Add().set(from);
      f.get(ROWS).set(row);
      f.until(
        () => f.get(row).i32Eqz(),
        () => {
          f.get(to).get(from).v128Load(0).v128Store(0);
          f.get(to).get(from).v128Load(16).v128Store(16);
          f.addTo(from, rowBytes);
          f.get(to).i32(32).i32Add().set(to);
          f.get(row).i32(1).i32Sub().set(row);
        },
      );
      f.get(column).i32(32).i32Add().set(column);
    },
  );
  // The last n mod 8 columns (if any), after zeros for the rest of their tile.
  f.block(() => {
    f.get(column).get(rowBytes).i32LtU().i32Eqz().brIf(0);
    f.get(FROM).get(column).i32Add().set(from);
    f.get(ROWS).set(row);
    f.until(
      () => f.get(row).i32Eqz(),
      () => {
        f.get(to).v128Zero().v128Store(0);
        f.get(to).v128Zero().v128Store(16);
        f.i32(0).set(j);
        f.until(
          () => f.get(column).get(j).i32Add().get(rowBytes).i32LtU().i32Eqz(),
          () => {
            f.get(to).get(j).i32Add().get(from).get(j).i32Add().i32Load().i32Store();
            f.get(j).i32(4).i32Add().set(j);
          },
        );
        f.addTo(from, rowBytes);
        f.get(to).i32(32).i32Add().set(to);
        f.get(row).i32(1).i32Sub().set(row);
      },
    );
  });
  return f;
}

/** y[c,r] = x[r,c] for x row-major [rows, cols] of any 4-byte type, copied bit for bit. */
export function transposeBody(): FunctionBody {
  const f = new FunctionBody([I32, I32, I32, I32]);
  const [X, Y, ROWS, COLS] = [0, 1, 2, 3];
  const rowBytes = f.local(I32);
  const colBytes = f.local(I32);
  const r = f.local(I32);
  const c = f.local(I32);
  const py = f.local(I32);
  const px = [f.local(I32), f.local(I32), f.local(I32), f.local(I32)];
  const rowStart = () => {
    f.get(X).get(r).get(rowBytes).i32Mul().i32Add().set(px[0]!);
    f.get(Y).get(r).i32(4).i32Mul().i32Add().set(py);
    f.get(COLS).set(c);
  };
  f.get(COLS).i32(4).i32Mul().set(rowBytes);
  f.get(ROWS).i32(4).i32Mul().set(colBytes);
  f.i32(0).set(r);
  // Four rows at a time: each column of them becomes four adjacent outputs.
  f.until(
    () => f.get(ROWS).get(r).i32Sub().i32(4).i32LtU(),
    () => {
      rowStart();
      for (let q = 1; q < 4; q++)
        f.get(px[q - 1]!)
          .get(rowBytes)
          .i32Add()
          .set(px[q]!);
      f.until(
        () => f.get(c).i32Eqz(),
        () => {
          for (let q = 0; q < 4; q++) {
            f.get(py)
              .get(px[q]!)
              .i32Load()
              .i32Store(4 * q);
            f.get(px[q]!).i32(4).i32Add().set(px[q]!);
          }
          f.addTo(py, colBytes);
          f.get(c).i32(1).i32Sub().set(c);
        },
      );
      f.get(r).i32(4).i32Add().set(r);
    },
  );
  f.until(
    () => f.get(r).get(ROWS).i32LtU().i32Eqz(),
    () => {
      rowStart();
      f.until(
        () => f.get(c).i32Eqz(),
        () => {
          f.get(py).get(px[0]!).i32Load().i32Store();
          f.get(px[0]!).i32(4).i32Add().set(px[0]!);
          f.addTo(py, colBytes);
          f.get(c).i32(1).i32Sub().set(c);
        },
      );
      f.get(r).i32(1).i32Add().set(r);
    },
  );
  return f;
}
