/**
 * Element-wise WebAssembly SIMD function bodies for the project's kernel module (simdKernels.ts):
 * Adam's update, and float32 + − × ÷ over equal shapes or a repeated row. Each output is
 * the same float32 operations in the same order as the code they replace, so the bits are too.
 */
import { F32, FunctionBody, I32, V128 } from './wasmAssembler';

/**
 * One Adam update of n float32 parameters (pointers p, m, v, g in, p′, m′, v′ out), four lanes at a
 * time: the float32 operations of hostAdam.ts's loop, in its order, each one rounded as there.
 */
export function adamBody(): FunctionBody {
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
  f.until(
    () => f.get(at).get(whole).i32LtU().i32Eqz(),
    () => {
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
    },
  );
  const [b1, k1, b2, k2, c2, eps, step] = scalars as [number, number, number, number, number, number, number];
  f.until(
    () => f.get(at).get(end).i32LtU().i32Eqz(),
    () => {
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
    },
  );
  return f;
}

export type BinaryOp = 'add' | 'sub' | 'mul' | 'div';
export const BINARY_OPS: BinaryOp[] = ['add', 'sub', 'mul', 'div'];

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
export function binaryRowsBody(op: BinaryOp): FunctionBody {
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
  f.until(
    () => f.get(r).i32Eqz(),
    () => {
      f.i32(0).set(j);
      f.until(
        () => f.get(j).get(whole).i32LtU().i32Eqz(),
        () => {
          f.get(po).get(j).i32Add();
          f.get(pa).get(j).i32Add().v128Load();
          f.get(pb).get(j).i32Add().v128Load();
          binaryLanes(f, op).v128Store();
          f.get(j).i32(16).i32Add().set(j);
        },
      );
      f.until(
        () => f.get(j).get(colBytes).i32LtU().i32Eqz(),
        () => {
          f.get(po).get(j).i32Add();
          f.get(pa).get(j).i32Add().f32Load();
          f.get(pb).get(j).i32Add().f32Load();
          binaryScalar(f, op).f32Store();
          f.get(j).i32(4).i32Add().set(j);
        },
      );
      f.addTo(pa, A_STRIDE);
      f.addTo(pb, B_STRIDE);
      f.addTo(po, colBytes);
      f.get(r).i32(1).i32Sub().set(r);
    },
  );
  return f;
}
