/**
 * The most float32 arithmetic WebAssembly SIMD does on one core of this machine: a loop of 12
 * independent dependency chains of four-lane multiplies and adds (6 of each, so neither latency nor
 * one kind of port limits it), no memory traffic. wasm SIMD has no fused multiply-add and only
 * 128-bit vectors, so this is the ceiling of any wasm product kernel here (a product needs one
 * multiply and one add per multiply-add), whatever the code; native code with AVX2/AVX-512 FMA, as
 * PyTorch's BLAS uses, has a ceiling 4–8× higher on the same core.
 *
 * Run alone: npx tsx bench/vsPytorch/simdCeiling.ts (prints GFLOP/s; stepProfile.ts prints it too).
 */
import { assembleModule, FunctionBody, I32, V128 } from '../../src/training/kernels/wasmAssembler';

const CHAINS = 6;

function ceilingBody(): FunctionBody {
  const f = new FunctionBody([I32]);
  const ITERATIONS = 0;
  const k = f.local(I32);
  const adds = Array.from({ length: CHAINS }, () => f.local(V128));
  const muls = Array.from({ length: CHAINS }, () => f.local(V128));
  const one = f.local(V128);
  const tiny = f.local(V128);
  // one: 1.0 in every lane (a multiply by it never overflows); tiny: a value an add changes little.
  f.i32(16).i32(0x3f800000).i32Store();
  f.i32(16).v128Load32Splat().set(one);
  f.i32(16).i32(0x33800000).i32Store();
  f.i32(16).v128Load32Splat().set(tiny);
  for (const v of [...adds, ...muls]) f.get(one).set(v);
  f.get(ITERATIONS).set(k);
  f.until(
    () => f.get(k).i32Eqz(),
    () => {
      for (let c = 0; c < CHAINS; c++) {
        f.get(adds[c]!).get(tiny).f32x4Add().set(adds[c]!);
        f.get(muls[c]!).get(one).f32x4Mul().set(muls[c]!);
      }
      f.get(k).i32(1).i32Sub().set(k);
    },
  );
  // Keep the chains' results alive: store their sum.
  f.i32(32);
  f.get(adds[0]!);
  for (const v of [...adds.slice(1), ...muls]) f.get(v).f32x4Add();
  f.v128Store();
  return f;
}

/** GFLOP/s of four-lane multiplies and adds on this core (median of 5 runs of ~50 ms). */
export function simdCeilingGflops(): number {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const bytes = assembleModule([{ name: 'ceiling', body: ceilingBody() }], false);
  const run = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports.ceiling as (iterations: number) => void;
  const iterations = 2_000_000;
  run(iterations / 10);
  const rates: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    run(iterations);
    const seconds = (performance.now() - t0) / 1000;
    rates.push((iterations * 2 * CHAINS * 4) / seconds / 1e9);
  }
  return rates.sort((a, b) => a - b)[2]!;
}

if (require.main === module)
  console.log(`wasm SIMD ceiling: ${simdCeilingGflops().toFixed(1)} GFLOP/s (one core, 4-lane multiply and add, no FMA)`);
