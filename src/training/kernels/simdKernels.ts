/**
 * The project's WebAssembly SIMD kernels, compiled into a module that shares the wasm backend's
 * memory, so they work on tensors where they lie: a matrix product, a transpose and Adam's update.
 *
 * The product reads its right operand where it lies, for the wasm backend's products whose right
 * operand is new at every call.
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
import type * as tf from '@tensorflow/tfjs';
import { GemmThreads } from './simdGemmThreads';
import { assembleModule, F32, FunctionBody, I32, V128 } from './wasmAssembler';

const A = 0;
const B = 1;
const C = 2;
const M = 3;
const K = 4;
const N = 5;
const A_ROW = 6;
const A_COL = 7;

/**
 * The bytes of B one panel of columns may take: the panel is read once per four rows of A, so it
 * should stay in a core's L2 cache (256 KiB on most x86 and ARM cores of the last decade).
 */
const PANEL_BUDGET_BYTES = 256 * 1024;

/**
 * C[M,N] = A·B for B row-major [K,N] and A's element (i,k) at a + i·aRow + k·aCol (bytes), panel by
 * panel of B's columns (PANEL_BUDGET_BYTES), the last N mod 8 columns one output at a time.
 */
function gemmBody(): FunctionBody {
  const f = new FunctionBody([I32, I32, I32, I32, I32, I32, I32, I32]);
  const panelBytes = f.local(I32);
  const p0 = f.local(I32);
  const pEnd = f.local(I32);
  const nBytes = f.local(I32);
  const n8Bytes = f.local(I32);
  const i = f.local(I32);
  const jb = f.local(I32);
  const k = f.local(I32);
  const pb = f.local(I32);
  const pc = f.local(I32);
  const rowPtr = [f.local(I32), f.local(I32), f.local(I32), f.local(I32)];
  const p = [f.local(I32), f.local(I32), f.local(I32), f.local(I32)];
  const acc = Array.from({ length: 8 }, () => f.local(V128));
  const b0 = f.local(V128);
  const b1 = f.local(V128);
  const x = f.local(V128);
  const s = f.local(F32);

  const rowStart = (row: number) => f.get(A).get(i).get(A_ROW).i32Mul().i32Add().set(rowPtr[row]!);

  /** For rows i … i+rows−1 (their pointers in rowPtr), every full 8-column tile of C. */
  const tiles = (rows: number) => {
    f.get(p0).set(jb);
    f.block(() =>
      f.loop(() => {
        f.get(pEnd).get(jb).i32Sub().i32(32).i32LtU().brIf(1);
        for (let a = 0; a < 2 * rows; a++) f.v128Zero().set(acc[a]!);
        for (let r = 0; r < rows; r++) f.get(rowPtr[r]!).set(p[r]!);
        f.get(B).get(jb).i32Add().set(pb);
        f.get(K).set(k);
        f.block(() =>
          f.loop(() => {
            f.get(k).i32Eqz().brIf(1);
            f.get(pb).v128Load(0).set(b0);
            f.get(pb).v128Load(16).set(b1);
            for (let r = 0; r < rows; r++) {
              f.get(p[r]!).v128Load32Splat().set(x);
              f.get(acc[2 * r]!)
                .get(x)
                .get(b0)
                .f32x4Mul()
                .f32x4Add()
                .set(acc[2 * r]!);
              f.get(acc[2 * r + 1]!)
                .get(x)
                .get(b1)
                .f32x4Mul()
                .f32x4Add()
                .set(acc[2 * r + 1]!);
              f.addTo(p[r]!, A_COL);
            }
            f.addTo(pb, nBytes);
            f.get(k).i32(1).i32Sub().set(k);
            f.br(0);
          }),
        );
        f.get(C).get(i).get(nBytes).i32Mul().i32Add().get(jb).i32Add().set(pc);
        for (let r = 0; r < rows; r++) {
          f.get(pc)
            .get(acc[2 * r]!)
            .v128Store(0);
          f.get(pc)
            .get(acc[2 * r + 1]!)
            .v128Store(16);
          if (r < rows - 1) f.addTo(pc, nBytes);
        }
        f.get(jb).i32(32).i32Add().set(jb);
        f.br(0);
      }),
    );
  };

  f.get(N).i32(4).i32Mul().set(nBytes);
  f.get(nBytes).i32(-32).i32And().set(n8Bytes);

  // B's columns in panels that stay in cache; in each, four rows at a time, then one.
  f.i32(PANEL_BUDGET_BYTES).get(K).i32DivU().i32(-32).i32And().set(panelBytes);
  f.block(() => f.get(panelBytes).i32Eqz().i32Eqz().brIf(0).i32(32).set(panelBytes));
  f.i32(0).set(p0);
  f.block(() =>
    f.loop(() => {
      f.get(p0).get(n8Bytes).i32LtU().i32Eqz().brIf(1);
      f.get(p0).get(panelBytes).i32Add().set(pEnd);
      f.block(() => f.get(pEnd).get(n8Bytes).i32GtU().i32Eqz().brIf(0).get(n8Bytes).set(pEnd));
      f.i32(0).set(i);
      f.block(() =>
        f.loop(() => {
          f.get(M).get(i).i32Sub().i32(4).i32LtU().brIf(1);
          rowStart(0);
          for (let r = 1; r < 4; r++)
            f.get(rowPtr[r - 1]!)
              .get(A_ROW)
              .i32Add()
              .set(rowPtr[r]!);
          tiles(4);
          f.get(i).i32(4).i32Add().set(i);
          f.br(0);
        }),
      );
      f.block(() =>
        f.loop(() => {
          f.get(i).get(M).i32LtU().i32Eqz().brIf(1);
          rowStart(0);
          tiles(1);
          f.get(i).i32(1).i32Add().set(i);
          f.br(0);
        }),
      );
      f.get(pEnd).set(p0);
      f.br(0);
    }),
  );

  // The last N mod 8 columns, one output at a time, in the same order.
  f.i32(0).set(i);
  f.block(() =>
    f.loop(() => {
      f.get(i).get(M).i32LtU().i32Eqz().brIf(1);
      rowStart(0);
      f.get(n8Bytes).set(jb);
      f.block(() =>
        f.loop(() => {
          f.get(jb).get(nBytes).i32LtU().i32Eqz().brIf(1);
          f.f32Const0().set(s);
          f.get(rowPtr[0]!).set(p[0]!);
          f.get(B).get(jb).i32Add().set(pb);
          f.get(K).set(k);
          f.block(() =>
            f.loop(() => {
              f.get(k).i32Eqz().brIf(1);
              f.get(s).get(p[0]!).f32Load().get(pb).f32Load().f32Mul().f32Add().set(s);
              f.addTo(p[0]!, A_COL);
              f.addTo(pb, nBytes);
              f.get(k).i32(1).i32Sub().set(k);
              f.br(0);
            }),
          );
          f.get(C).get(i).get(nBytes).i32Mul().i32Add().get(jb).i32Add().get(s).f32Store();
          f.get(jb).i32(4).i32Add().set(jb);
          f.br(0);
        }),
      );
      f.get(i).i32(1).i32Add().set(i);
      f.br(0);
    }),
  );
  return f;
}

/** y[c,r] = x[r,c] for x row-major [rows, cols] of any 4-byte type, copied bit for bit. */
function transposeBody(): FunctionBody {
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
  f.block(() =>
    f.loop(() => {
      f.get(ROWS).get(r).i32Sub().i32(4).i32LtU().brIf(1);
      rowStart();
      for (let q = 1; q < 4; q++)
        f.get(px[q - 1]!)
          .get(rowBytes)
          .i32Add()
          .set(px[q]!);
      f.block(() =>
        f.loop(() => {
          f.get(c).i32Eqz().brIf(1);
          for (let q = 0; q < 4; q++) {
            f.get(py)
              .get(px[q]!)
              .i32Load()
              .i32Store(4 * q);
            f.get(px[q]!).i32(4).i32Add().set(px[q]!);
          }
          f.addTo(py, colBytes);
          f.get(c).i32(1).i32Sub().set(c);
          f.br(0);
        }),
      );
      f.get(r).i32(4).i32Add().set(r);
      f.br(0);
    }),
  );
  f.block(() =>
    f.loop(() => {
      f.get(r).get(ROWS).i32LtU().i32Eqz().brIf(1);
      rowStart();
      f.block(() =>
        f.loop(() => {
          f.get(c).i32Eqz().brIf(1);
          f.get(py).get(px[0]!).i32Load().i32Store();
          f.get(px[0]!).i32(4).i32Add().set(px[0]!);
          f.addTo(py, colBytes);
          f.get(c).i32(1).i32Sub().set(c);
          f.br(0);
        }),
      );
      f.get(r).i32(1).i32Add().set(r);
      f.br(0);
    }),
  );
  return f;
}

/**
 * One Adam update of n float32 parameters (pointers p, m, v, g in, p′, m′, v′ out), four lanes at a
 * time: the float32 operations of hostAdam.ts's loop, in its order, each one rounded as there.
 */
function adamBody(): FunctionBody {
  const f = new FunctionBody([I32, I32, I32, I32, I32, I32, I32, I32, F32, F32, F32, F32, F32, F32, F32]);
  const [P, Mo, V, G, NEXT_P, NEXT_M, NEXT_V, COUNT] = [0, 1, 2, 3, 4, 5, 6, 7];
  const scalars = [8, 9, 10, 11, 12, 13, 14]; // beta1, keep1, beta2, keep2, correction2, epsilon, stepSize
  const at = f.local(I32);
  const end = f.local(I32);
  const whole = f.local(I32);
  const lanes = scalars.map(() => f.local(V128));
  const [beta1, keep1, beta2, keep2, correction2, epsilon, stepSize] = lanes as [number, number, number, number, number, number, number];
  const g = f.local(V128);
  const m = f.local(V128);
  const v = f.local(V128);
  const gs = f.local(F32);
  const ms = f.local(F32);
  const vs = f.local(F32);
  scalars.forEach((s, i) => f.get(s).f32x4Splat().set(lanes[i]!));
  f.get(COUNT).i32(4).i32Mul().set(end);
  f.get(end).i32(-16).i32And().set(whole);
  f.i32(0).set(at);
  const address = (base: number) => f.get(base).get(at).i32Add();
  f.block(() =>
    f.loop(() => {
      f.get(at).get(whole).i32LtU().i32Eqz().brIf(1);
      address(G).v128Load().set(g);
      address(Mo).v128Load().get(beta1).f32x4Mul().get(g).get(keep1).f32x4Mul().f32x4Add().set(m);
      address(V).v128Load().get(beta2).f32x4Mul().get(g).get(g).f32x4Mul().get(keep2).f32x4Mul().f32x4Add().set(v);
      address(NEXT_M).get(m).v128Store();
      address(NEXT_V).get(v).v128Store();
      address(NEXT_P);
      address(P).v128Load();
      f.get(m).get(v).get(correction2).f32x4Div().f32x4Sqrt().get(epsilon).f32x4Add().f32x4Div();
      f.get(stepSize).f32x4Mul().f32x4Sub().v128Store();
      f.get(at).i32(16).i32Add().set(at);
      f.br(0);
    }),
  );
  const [b1, k1, b2, k2, c2, eps, step] = scalars as [number, number, number, number, number, number, number];
  f.block(() =>
    f.loop(() => {
      f.get(at).get(end).i32LtU().i32Eqz().brIf(1);
      address(G).f32Load().set(gs);
      address(Mo).f32Load().get(b1).f32Mul().get(gs).get(k1).f32Mul().f32Add().set(ms);
      address(V).f32Load().get(b2).f32Mul().get(gs).get(gs).f32Mul().get(k2).f32Mul().f32Add().set(vs);
      address(NEXT_M).get(ms).f32Store();
      address(NEXT_V).get(vs).f32Store();
      address(NEXT_P);
      address(P).f32Load();
      f.get(ms).get(vs).get(c2).f32Div().f32Sqrt().get(eps).f32Add().f32Div();
      f.get(step).f32Mul().f32Sub().f32Store();
      f.get(at).i32(4).i32Add().set(at);
      f.br(0);
    }),
  );
  return f;
}

export type BinaryOp = 'add' | 'sub' | 'mul' | 'div';
const BINARY_OPS: BinaryOp[] = ['add', 'sub', 'mul', 'div'];

function binaryLanes(f: FunctionBody, op: BinaryOp): FunctionBody {
  return op === 'add' ? f.f32x4Add() : op === 'sub' ? f.f32x4Sub() : op === 'mul' ? f.f32x4Mul() : f.f32x4Div();
}
function binaryScalar(f: FunctionBody, op: BinaryOp): FunctionBody {
  return op === 'add' ? f.f32Add() : op === 'sub' ? f.f32Sub() : op === 'mul' ? f.f32Mul() : f.f32Div();
}

/**
 * out[r, j] = a[r·aStride + j] op b[r·bStride + j] for `rows` rows of `cols` (strides in bytes: a
 * row's length, or 0 for a row repeated down the rows). Each result is one float32 operation, so
 * the bits are the backend's.
 */
function binaryRowsBody(op: BinaryOp): FunctionBody {
  const f = new FunctionBody([I32, I32, I32, I32, I32, I32, I32]);
  const [Aa, A_STRIDE, Bb, B_STRIDE, OUT, ROWS, COLS] = [0, 1, 2, 3, 4, 5, 6];
  const colBytes = f.local(I32);
  const whole = f.local(I32);
  const j = f.local(I32);
  const pa = f.local(I32);
  const pb = f.local(I32);
  const po = f.local(I32);
  const r = f.local(I32);
  f.get(COLS).i32(4).i32Mul().set(colBytes);
  f.get(colBytes).i32(-16).i32And().set(whole);
  f.get(Aa).set(pa);
  f.get(Bb).set(pb);
  f.get(OUT).set(po);
  f.get(ROWS).set(r);
  f.block(() =>
    f.loop(() => {
      f.get(r).i32Eqz().brIf(1);
      f.i32(0).set(j);
      f.block(() =>
        f.loop(() => {
          f.get(j).get(whole).i32LtU().i32Eqz().brIf(1);
          f.get(po).get(j).i32Add();
          f.get(pa).get(j).i32Add().v128Load();
          f.get(pb).get(j).i32Add().v128Load();
          binaryLanes(f, op).v128Store();
          f.get(j).i32(16).i32Add().set(j);
          f.br(0);
        }),
      );
      f.block(() =>
        f.loop(() => {
          f.get(j).get(colBytes).i32LtU().i32Eqz().brIf(1);
          f.get(po).get(j).i32Add();
          f.get(pa).get(j).i32Add().f32Load();
          f.get(pb).get(j).i32Add().f32Load();
          binaryScalar(f, op).f32Store();
          f.get(j).i32(4).i32Add().set(j);
          f.br(0);
        }),
      );
      f.addTo(pa, A_STRIDE);
      f.addTo(pb, B_STRIDE);
      f.addTo(po, colBytes);
      f.get(r).i32(1).i32Sub().set(r);
      f.br(0);
    }),
  );
  return f;
}

/** out[i] = a[i] op s, or s op a[i] when `scalarFirst`, for the one float32 at byte address s. */
function binaryScalarBody(op: BinaryOp, scalarFirst: boolean): FunctionBody {
  const f = new FunctionBody([I32, I32, I32, I32]);
  const [Aa, S, OUT, COUNT] = [0, 1, 2, 3];
  const end = f.local(I32);
  const whole = f.local(I32);
  const j = f.local(I32);
  const lanes = f.local(V128);
  const one = f.local(F32);
  f.get(S).f32Load().set(one);
  f.get(S).v128Load32Splat().set(lanes);
  f.get(COUNT).i32(4).i32Mul().set(end);
  f.get(end).i32(-16).i32And().set(whole);
  f.i32(0).set(j);
  f.block(() =>
    f.loop(() => {
      f.get(j).get(whole).i32LtU().i32Eqz().brIf(1);
      f.get(OUT).get(j).i32Add();
      if (scalarFirst) f.get(lanes);
      f.get(Aa).get(j).i32Add().v128Load();
      if (!scalarFirst) f.get(lanes);
      binaryLanes(f, op).v128Store();
      f.get(j).i32(16).i32Add().set(j);
      f.br(0);
    }),
  );
  f.block(() =>
    f.loop(() => {
      f.get(j).get(end).i32LtU().i32Eqz().brIf(1);
      f.get(OUT).get(j).i32Add();
      if (scalarFirst) f.get(one);
      f.get(Aa).get(j).i32Add().f32Load();
      if (!scalarFirst) f.get(one);
      binaryScalar(f, op).f32Store();
      f.get(j).i32(4).i32Add().set(j);
      f.br(0);
    }),
  );
  return f;
}

export interface BinaryKernels {
  /** See binaryRowsBody: byte addresses and strides. */
  rows(a: number, aStrideBytes: number, b: number, bStrideBytes: number, out: number, rows: number, cols: number): void;
  /** out = a op s (s: byte address of one float32). */
  scalarSecond(a: number, s: number, out: number, count: number): void;
  /** out = s op b. */
  scalarFirst(b: number, s: number, out: number, count: number): void;
}

export interface SimdKernels {
  /** The compiled module (for worker threads on a shared memory). */
  module: WebAssembly.Module;
  /** Threads the product runs on (1 unless useSimdThreads started more). */
  threads: number;
  /** Element-wise float32 arithmetic, by operation. */
  binary: Record<BinaryOp, BinaryKernels>;
  /** The memory they work in (the wasm backend's). */
  memory: WebAssembly.Memory;
  /**
   * C[M,N] = A·B, all float32 in the shared memory at byte addresses; B row-major; A's element
   * (i,k) at a + i·aRowBytes + k·aColBytes. C must not overlap A or B.
   */
  gemm(a: number, b: number, c: number, m: number, k: number, n: number, aRowBytes: number, aColBytes: number): void;
  /** y = xᵀ for x row-major [rows, cols] of 4-byte elements at byte address x; y must not overlap x. */
  transpose(x: number, y: number, rows: number, cols: number): void;
  /** Adam's update (hostAdam.ts's AdamStep, as float32 scalars) of n values at byte addresses. */
  adam(
    p: number,
    m: number,
    v: number,
    g: number,
    nextP: number,
    nextM: number,
    nextV: number,
    n: number,
    beta1: number,
    keep1: number,
    beta2: number,
    keep2: number,
    correction2: number,
    epsilon: number,
    stepSize: number,
  ): void;
}

/** The kernels compiled against `memory` (the wasm backend's), or the reason they cannot be. */
export function instantiateSimdKernels(memory: WebAssembly.Memory): SimdKernels | { failed: string } {
  try {
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    const bytes = assembleModule(
      [
        { name: 'gemm', body: gemmBody() },
        { name: 'transpose', body: transposeBody() },
        { name: 'adam', body: adamBody() },
        ...BINARY_OPS.flatMap((op) => [
          { name: `${op}Rows`, body: binaryRowsBody(op) },
          { name: `${op}ScalarSecond`, body: binaryScalarBody(op, false) },
          { name: `${op}ScalarFirst`, body: binaryScalarBody(op, true) },
        ]),
      ],
      shared,
    );
    const module = new WebAssembly.Module(bytes);
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    const exports = instance.exports as unknown as Pick<SimdKernels, 'gemm' | 'transpose' | 'adam'> &
      Record<string, (...args: number[]) => void>;
    const binary = Object.fromEntries(
      BINARY_OPS.map((op) => [
        op,
        { rows: exports[`${op}Rows`]!, scalarSecond: exports[`${op}ScalarSecond`]!, scalarFirst: exports[`${op}ScalarFirst`]! },
      ]),
    ) as Record<BinaryOp, BinaryKernels>;
    return { module, threads: 1, memory, gemm: exports.gemm, transpose: exports.transpose, adam: exports.adam, binary };
  } catch (e) {
    return { failed: e instanceof Error ? e.message : String(e) };
  }
}

interface WasmModuleBackend {
  wasm?: { asm?: { memory?: WebAssembly.Memory }; wasmMemory?: WebAssembly.Memory };
}

const byMemory = new WeakMap<WebAssembly.Memory, SimdKernels | { failed: string }>();

/** The kernels for a wasm backend instance (compiled once per memory), or why there are none. */
export function simdKernelsOf(backend: tf.KernelBackend): SimdKernels | { failed: string } {
  const wasm = (backend as unknown as WasmModuleBackend).wasm;
  const memory = wasm?.asm?.memory ?? wasm?.wasmMemory;
  if (!(memory instanceof WebAssembly.Memory)) return { failed: "the wasm backend's memory is not reachable" };
  let kernels = byMemory.get(memory);
  if (!kernels) {
    kernels = instantiateSimdKernels(memory);
    byMemory.set(memory, kernels);
  }
  return kernels;
}

/**
 * Runs `kernels`' product on `threads` threads from now on (simdGemmThreads.ts), where the memory is
 * shared (the threaded build's); else it stays on one. Returns the count in use. Once per kernels.
 */
export function useSimdThreads(kernels: SimdKernels, threads: number): number {
  const shared = typeof SharedArrayBuffer !== 'undefined' && kernels.memory.buffer instanceof SharedArrayBuffer;
  if (kernels.threads > 1 || threads <= 1 || !shared) return kernels.threads;
  const pool = new GemmThreads(kernels.module, kernels.memory, threads);
  const single = kernels.gemm;
  kernels.gemm = (a, b, c, m, k, n, aRow, aCol) => pool.run(single, a, b, c, m, k, n, aRow, aCol);
  Object.defineProperty(kernels, 'threads', { get: () => pool.threads });
  return pool.threads;
}

export const simdReady = (kernels: SimdKernels | { failed: string }): kernels is SimdKernels => !('failed' in kernels);
