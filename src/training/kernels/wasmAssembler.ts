/**
 * Just enough of the WebAssembly binary format to build a small module of hand-written SIMD kernels
 * that share the wasm backend's memory: one function type of i32 parameters, an imported memory,
 * exported functions, and the handful of instructions those kernels use. Writing the bytes here
 * spares the project a toolchain (wabt, emscripten) for a few dozen instructions, and keeps the
 * kernel's source next to the code that calls it.
 */

export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;
export type ValueType = typeof I32 | typeof F32 | typeof V128;

function unsignedLeb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

function signedLeb(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const utf8 = (text: string): number[] => [...unsignedLeb(text.length), ...Buffer.from(text, 'utf8')];
const vector = (items: number[][]): number[] => [...unsignedLeb(items.length), ...items.flat()];
const section = (id: number, content: number[]): number[] => [id, ...unsignedLeb(content.length), ...content];

/** A function body under construction: locals by index (parameters first), then instructions. */
export class FunctionBody {
  private readonly code: number[] = [];
  private readonly locals: ValueType[] = [];

  constructor(readonly parameters: ValueType[]) {}

  /** A new local of `type`; returns its index. */
  local(type: ValueType): number {
    this.locals.push(type);
    return this.parameters.length + this.locals.length - 1;
  }

  get(index: number): this {
    return this.emit(0x20, ...unsignedLeb(index));
  }
  set(index: number): this {
    return this.emit(0x21, ...unsignedLeb(index));
  }
  i32(value: number): this {
    return this.emit(0x41, ...signedLeb(value));
  }
  i32Add(): this {
    return this.emit(0x6a);
  }
  i32Sub(): this {
    return this.emit(0x6b);
  }
  i32Mul(): this {
    return this.emit(0x6c);
  }
  i32DivU(): this {
    return this.emit(0x6e);
  }
  i32And(): this {
    return this.emit(0x71);
  }
  i32LtU(): this {
    return this.emit(0x49);
  }
  i32GtU(): this {
    return this.emit(0x4b);
  }
  i32ShrU(): this {
    return this.emit(0x76);
  }
  i32LtS(): this {
    return this.emit(0x48);
  }
  /** [a, b, condition] → condition ≠ 0 ? a : b. */
  select(): this {
    return this.emit(0x1b);
  }
  i32Eqz(): this {
    return this.emit(0x45);
  }
  f32Const0(): this {
    return this.emit(0x43, 0, 0, 0, 0);
  }
  i32Load(offset = 0): this {
    return this.emit(0x28, 2, ...unsignedLeb(offset));
  }
  i32Store(offset = 0): this {
    return this.emit(0x36, 2, ...unsignedLeb(offset));
  }
  f32Load(offset = 0): this {
    return this.emit(0x2a, 2, ...unsignedLeb(offset));
  }
  f32Store(offset = 0): this {
    return this.emit(0x38, 2, ...unsignedLeb(offset));
  }
  f32Add(): this {
    return this.emit(0x92);
  }
  f32Sub(): this {
    return this.emit(0x93);
  }
  f32Mul(): this {
    return this.emit(0x94);
  }
  f32Div(): this {
    return this.emit(0x95);
  }
  f32Sqrt(): this {
    return this.emit(0x91);
  }
  f32x4ExtractLane(lane: number): this {
    return this.emit(0xfd, 0x1f, lane);
  }
  f32x4Splat(): this {
    return this.emit(0xfd, 0x13);
  }
  f32x4Sub(): this {
    return this.emit(0xfd, ...unsignedLeb(0xe5));
  }
  f32x4Div(): this {
    return this.emit(0xfd, ...unsignedLeb(0xe7));
  }
  f32x4Sqrt(): this {
    return this.emit(0xfd, ...unsignedLeb(0xe3));
  }
  v128Zero(): this {
    return this.emit(0xfd, 0x0c, ...new Array<number>(16).fill(0));
  }
  v128Load(offset = 0): this {
    return this.emit(0xfd, 0x00, 4, ...unsignedLeb(offset));
  }
  v128Store(offset = 0): this {
    return this.emit(0xfd, 0x0b, 4, ...unsignedLeb(offset));
  }
  /** Loads one f32 and fills all four lanes with it. */
  v128Load32Splat(offset = 0): this {
    return this.emit(0xfd, 0x09, 2, ...unsignedLeb(offset));
  }
  f32x4Add(): this {
    return this.emit(0xfd, ...unsignedLeb(0xe4));
  }
  f32x4Mul(): this {
    return this.emit(0xfd, ...unsignedLeb(0xe6));
  }
  /** `block … end`; a `br` to it jumps past its end. */
  block(inner: () => void): this {
    this.emit(0x02, 0x40);
    inner();
    return this.emit(0x0b);
  }
  /** `loop … end`; a `br` to it jumps back to its start. */
  loop(inner: () => void): this {
    this.emit(0x03, 0x40);
    inner();
    return this.emit(0x0b);
  }
  /**
   * `while (!stop) body`: `stop` leaves an i32 on the stack (non-zero ends the loop), tested before
   * each pass; `body` must leave the stack as it found it.
   */
  until(stop: () => void, body: () => void): this {
    return this.block(() =>
      this.loop(() => {
        stop();
        this.brIf(1);
        body();
        this.br(0);
      }),
    );
  }
  br(depth: number): this {
    return this.emit(0x0c, ...unsignedLeb(depth));
  }
  brIf(depth: number): this {
    return this.emit(0x0d, ...unsignedLeb(depth));
  }

  /** local[index] += delta (i32), where delta is another local. */
  addTo(index: number, delta: number): this {
    return this.get(index).get(delta).i32Add().set(index);
  }

  encode(): number[] {
    const groups: number[][] = [];
    for (const type of this.locals) {
      const last = groups[groups.length - 1];
      if (last && last[1] === type) last[0]!++;
      else groups.push([1, type]);
    }
    const body = [...vector(groups.map(([count, type]) => [...unsignedLeb(count!), type!])), ...this.code, 0x0b];
    return [...unsignedLeb(body.length), ...body];
  }

  private emit(...bytes: number[]): this {
    this.code.push(...bytes);
    return this;
  }
}

export interface ExportedFunction {
  name: string;
  body: FunctionBody;
}

/**
 * A module importing `env.memory` (shared where the backend's memory is, as the threaded build's
 * is) and exporting `functions`, each taking i32 parameters and returning nothing.
 */
export function assembleModule(functions: ExportedFunction[], sharedMemory: boolean): Uint8Array<ArrayBuffer> {
  const types = functions.map((f) => [0x60, ...vector(f.body.parameters.map((t) => [t])), 0]);
  const memoryLimits = sharedMemory ? [0x03, 0, ...unsignedLeb(65536)] : [0x00, 0];
  const bytes = [
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vector(types)),
    ...section(2, vector([[...utf8('env'), ...utf8('memory'), 0x02, ...memoryLimits]])),
    ...section(3, vector(functions.map((_, i) => unsignedLeb(i)))),
    ...section(7, vector(functions.map((f, i) => [...utf8(f.name), 0x00, ...unsignedLeb(i)]))),
    ...section(10, vector(functions.map((f) => f.body.encode()))),
  ];
  return new Uint8Array(bytes);
}
