/**
 * The 4×8 output tiles both SIMD products of the kernel module are made of (simdProduct.ts's gemm,
 * simdConvolution.ts's convolution): the walk over the output in panels of columns, four rows at a
 * time and then one, each tile's accumulation over its terms, and its store. The two kernels differ
 * only in where a tile's left-operand rows are found, which they emit themselves (`accumulate`).
 *
 * Each output lane adds its terms from +0 in order, each product rounded, then each sum — XNNPACK's
 * order — so the bits are XNNPACK's. A last tile of fewer than 8 columns is computed as a full one
 * against the right operand's zero-padded packed copy (packTilesBody), and only its real columns
 * are stored: the padding lanes' sums are never read.
 */
import { FunctionBody, I32 } from './wasmAssembler';

/** The bytes of B one panel of columns may take: the panel is read once per four rows, so it should stay in a core's L2 (256 KiB on most x86 and ARM cores of the last decade). */
const PANEL_BUDGET_BYTES = 256 * 1024;

/** Locals of one 4×8 tile's accumulation (see accumulateTile). */
export interface TileLocals {
  rows: number;
  /** 2·rows v128 accumulators: row r's columns 0–3 and 4–7. */
  acc: number[];
  /** Per row, the byte address of its next A element. */
  a: number[];
  /** Byte address of B's next row's 8 columns. */
  b: number;
  /** Terms left to add (counted down to 0). */
  count: number;
  /** i32 locals: bytes from one A element to the next, and from one B row to the next. */
  aStep: number;
  bStep: number;
  x: number;
  b0: number;
  b1: number;
}

/** ptr[r] ← base + (i + r)·stride for r < rows (i32 locals; base, i and stride locals or parameters). */
export function rowPointers(f: FunctionBody, ptr: number[], base: number, i: number, stride: number, rows: number): void {
  f.get(base).get(i).get(stride).i32Mul().i32Add().set(ptr[0]!);
  for (let r = 1; r < rows; r++)
    f.get(ptr[r - 1]!)
      .get(stride)
      .i32Add()
      .set(ptr[r]!);
}

/**
 * acc[r] += A[r, k] · B[k, 0..7] for `count` values of k, in order: per k one broadcast of A's element
 * per row and two four-lane rows of B, each product rounded, then each sum (XNNPACK's order).
 * (Unrolled by 2 or 4 over k, this ran 1.7× slower in V8: its scheduler hoists the later terms'
 * loads and spills accumulators.)
 */
export function accumulateTile(f: FunctionBody, t: TileLocals): void {
  f.until(
    () => f.get(t.count).i32Eqz(),
    () => {
      f.get(t.b).v128Load(0).set(t.b0);
      f.get(t.b).v128Load(16).set(t.b1);
      for (let r = 0; r < t.rows; r++) {
        f.get(t.a[r]!).v128Load32Splat().set(t.x);
        for (const [half, b] of [t.b0, t.b1].entries()) {
          const acc = t.acc[2 * r + half]!;
          f.get(acc).get(t.x).get(b).f32x4Mul().f32x4Add().set(acc);
        }
        f.addTo(t.a[r]!, t.aStep);
      }
      f.addTo(t.b, t.bStep);
      f.get(t.count).i32(1).i32Sub().set(t.count);
    },
  );
}

/**
 * Stores `rows` rows of a tile's accumulators at byte address `at` (local, advanced), `rowBytes`
 * (local) apart: all 8 columns where `left` (local: the row's bytes from the tile on) holds 32 or
 * more, else only the first left/4.
 */
function storeTile(f: FunctionBody, rows: number, acc: number[], at: number, rowBytes: number, left: number): void {
  f.block(() => {
    f.block(() => {
      f.get(left).i32(32).i32LtU().brIf(0);
      for (let r = 0; r < rows; r++) {
        f.get(at)
          .get(acc[2 * r]!)
          .v128Store(0);
        f.get(at)
          .get(acc[2 * r + 1]!)
          .v128Store(16);
        if (r < rows - 1) f.addTo(at, rowBytes);
      }
      f.br(1);
    });
    for (let r = 0; r < rows; r++) {
      f.block(() => {
        for (let lane = 0; lane < 8; lane++) {
          if (lane > 0)
            f.get(left)
              .i32(4 * lane)
              .i32GtU()
              .i32Eqz()
              .brIf(0);
          f.get(at)
            .get(acc[2 * r + (lane >> 2)]!)
            .f32x4ExtractLane(lane & 3)
            .f32Store(4 * lane);
        }
      });
      if (r < rows - 1) f.addTo(at, rowBytes);
    }
  });
}

export interface PanelledTiles {
  /** Local or parameter: the output's rows (a product's M, a convolution's pixels). */
  rows: number;
  /** Parameter: the output's byte address. */
  out: number;
  /** Local: bytes per output row. */
  rowBytes: number;
  /** Local: bytes of each row computed in tiles, a multiple of 32 (past rowBytes where the last tile is partial). */
  tiledBytes: number;
  /** Local or parameter: terms per output (sizes the panels). */
  terms: number;
  /** i32 locals the walk sets for `accumulate`: the tile's first row and its first column's byte offset. */
  i: number;
  jb: number;
  /** 8 v128 locals, zeroed before each tile. */
  acc: number[];
  /** Emits the accumulation of the tile at (i, jb) for `rows` (4 or 1) rows into acc. */
  accumulate(rows: number): void;
}

/** Every tile of the output's first tiledBytes of each row: panel by panel of columns, in each four rows at a time, then one. */
export function panelledTiles(f: FunctionBody, t: PanelledTiles): void {
  const panelBytes = f.local(I32);
  const p0 = f.local(I32);
  const pEnd = f.local(I32);
  const pc = f.local(I32);
  const left = f.local(I32);

  const rowTiles = (rows: number) => {
    f.get(p0).set(t.jb);
    f.until(
      () => f.get(pEnd).get(t.jb).i32Sub().i32(32).i32LtU(),
      () => {
        for (let a = 0; a < 2 * rows; a++) f.v128Zero().set(t.acc[a]!);
        t.accumulate(rows);
        f.get(t.out).get(t.i).get(t.rowBytes).i32Mul().i32Add().get(t.jb).i32Add().set(pc);
        f.get(t.rowBytes).get(t.jb).i32Sub().set(left);
        storeTile(f, rows, t.acc, pc, t.rowBytes, left);
        f.get(t.jb).i32(32).i32Add().set(t.jb);
      },
    );
  };

  f.i32(PANEL_BUDGET_BYTES).get(t.terms).i32DivU().i32(-32).i32And().set(panelBytes);
  f.block(() => f.get(panelBytes).i32Eqz().i32Eqz().brIf(0).i32(32).set(panelBytes));
  f.i32(0).set(p0);
  f.until(
    () => f.get(p0).get(t.tiledBytes).i32LtU().i32Eqz(),
    () => {
      f.get(p0).get(panelBytes).i32Add().set(pEnd);
      f.block(() => f.get(pEnd).get(t.tiledBytes).i32GtU().i32Eqz().brIf(0).get(t.tiledBytes).set(pEnd));
      f.i32(0).set(t.i);
      f.until(
        () => f.get(t.rows).get(t.i).i32Sub().i32(4).i32LtU(),
        () => {
          rowTiles(4);
          f.get(t.i).i32(4).i32Add().set(t.i);
        },
      );
      f.until(
        () => f.get(t.i).get(t.rows).i32LtU().i32Eqz(),
        () => {
          rowTiles(1);
          f.get(t.i).i32(1).i32Add().set(t.i);
        },
      );
      f.get(pEnd).set(p0);
    },
  );
}
