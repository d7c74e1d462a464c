/**
 * A traced region compiled for replay: the same kernel functions called in the same order on the
 * same attributes, with each input resolved to this call's inputs, the variables' current values,
 * the region's constants or an earlier kernel's output — so the results are the traced code's, bit
 * for bit, without tfjs's engine around each kernel. Every intermediate is freed right after its
 * last use. A program is compiled only from two traces of the region that agree in every kernel,
 * attribute, shape, constant and data flow (see `differences`).
 */
import * as tf from '@tensorflow/tfjs';
import { copyValues, type KernelCall, type Trace, type TracedConstant } from './kernelTrace';

type TensorInfo = tf.TensorInfo;
type DataId = object;

/** Where a kernel input or a region output comes from. */
type Ref =
  | { kind: 'input'; index: number }
  | { kind: 'variable'; index: number }
  | { kind: 'constant'; index: number }
  | { kind: 'call'; call: number; output: number }
  /** An optional input the op left out. */
  | { kind: 'absent' };

const AMBIGUOUS = { kind: 'ambiguous' } as const;
type Source = Ref | typeof AMBIGUOUS;

interface ResolvedCall {
  call: KernelCall;
  /** In the kernel's input order; `names` undefined where the op passed an array. */
  refs: Ref[];
  names: string[] | undefined;
  attrsKey: string;
}

/** A trace with every data id replaced by where its data came from. */
export interface ResolvedTrace {
  calls: ResolvedCall[];
  constants: TracedConstant[];
  /** The region's outputs, then the new values of the variables it assigns. */
  outputs: Ref[];
  /** The variables (indices) the region assigns, in the order their new values follow the outputs. */
  assigns: number[];
  inputShapes: number[][];
  inputDtypes: tf.DataType[];
}

interface RefCountingBackend {
  incRef(dataId: DataId): void;
  disposeData(dataId: DataId, force?: boolean): boolean;
  write(values: tf.backend_util.BackendValues, shape: number[], dtype: tf.DataType): DataId;
}

const refKey = (r: Ref): string => (r.kind === 'call' ? `c${r.call}.${r.output}` : r.kind === 'absent' ? '-' : `${r.kind[0]}${r.index}`);

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/** A string equal for equal attributes (numbers, strings, booleans and arrays of them). */
const attrsKeyOf = (attrs: tf.NamedAttrMap | undefined): string =>
  JSON.stringify(attrs ?? {}, (_key, value: unknown) => (ArrayBuffer.isView(value) ? Array.from(value as Float32Array) : value));

/**
 * Resolves `trace` against the region's `inputs`, `variables` (their values when the trace began)
 * and `outputs`, which end with the new values of the variables `assigns` names; a string says why
 * it cannot be replayed.
 */
export function resolveTrace(
  trace: Trace,
  inputs: TensorInfo[],
  variables: TensorInfo[],
  outputs: TensorInfo[],
  assigns: number[],
): ResolvedTrace | string {
  // Tensors that share data (a reshape's output shares its input's) are told apart by shape and dtype.
  const sources = new Map<DataId, Array<{ info: TensorInfo; source: Source }>>();
  const add = (info: TensorInfo, source: Source) => {
    const list = sources.get(info.dataId) ?? [];
    sources.set(info.dataId, list);
    list.unshift({ info, source });
  };
  const sameKind = (a: TensorInfo, b: TensorInfo) => a.dtype === b.dtype && sameShape(a.shape, b.shape);
  const declare = (info: TensorInfo, ref: Ref) => {
    const taken = sources.get(info.dataId)?.find((s) => sameKind(s.info, info));
    if (taken) taken.source = AMBIGUOUS;
    else add(info, ref);
  };
  variables.forEach((v, index) => declare(v, { kind: 'variable', index }));
  inputs.forEach((t, index) => declare(t, { kind: 'input', index }));
  trace.constants.forEach((c, index) => declare({ dataId: c.dataId, shape: c.shape, dtype: c.dtype }, { kind: 'constant', index }));
  const lookup = (info: TensorInfo, what: string): Ref | string => {
    const source = sources.get(info.dataId)?.find((s) => sameKind(s.info, info))?.source;
    if (source === undefined) return `${what} is a tensor the region neither receives nor creates`;
    if (source.kind === 'ambiguous') return `${what} is a tensor that is two of the region's inputs or variables at once`;
    return source;
  };
  const calls: ResolvedCall[] = [];
  for (const [i, call] of trace.calls.entries()) {
    const names = Array.isArray(call.inputs) ? undefined : Object.keys(call.inputs);
    const infos = Array.isArray(call.inputs) ? call.inputs : Object.values(call.inputs);
    const refs: Ref[] = [];
    for (const info of infos) {
      if (!info) {
        refs.push({ kind: 'absent' });
        continue;
      }
      const ref = lookup(info, `an input of kernel ${call.kernelName} (#${i})`);
      if (typeof ref === 'string') return ref;
      refs.push(ref);
    }
    calls.push({ call, refs, names, attrsKey: attrsKeyOf(call.attrs) });
    call.outputs.forEach((o, output) => add(o, { kind: 'call', call: i, output }));
  }
  const outputRefs: Ref[] = [];
  for (const [i, o] of outputs.entries()) {
    const ref = lookup(o, `output ${i}`);
    if (typeof ref === 'string') return ref;
    outputRefs.push(ref);
  }
  return {
    calls,
    constants: trace.constants,
    outputs: outputRefs,
    assigns,
    inputShapes: inputs.map((t) => [...t.shape]),
    inputDtypes: inputs.map((t) => t.dtype),
  };
}

function sameValues(a: tf.backend_util.BackendValues, b: tf.backend_util.BackendValues): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return false;
  const x = a as tf.TypedArray;
  const y = b as tf.TypedArray;
  if (x.constructor !== y.constructor || x.length !== y.length) return false;
  // Bitwise: NaN payloads and −0 included.
  const bx = new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
  const by = new Uint8Array(y.buffer, y.byteOffset, y.byteLength);
  for (let i = 0; i < bx.length; i++) if (bx[i] !== by[i]) return false;
  return true;
}

/** Where two resolved traces of one region differ, or undefined where they are the same program. */
export function differences(a: ResolvedTrace, b: ResolvedTrace): string | undefined {
  if (a.calls.length !== b.calls.length) return `the kernel count changed (${a.calls.length} → ${b.calls.length})`;
  if (
    a.inputShapes.length !== b.inputShapes.length ||
    a.inputShapes.some((s, i) => !sameShape(s, b.inputShapes[i]!) || a.inputDtypes[i] !== b.inputDtypes[i])
  )
    return 'the input shapes changed';
  for (const [i, x] of a.calls.entries()) {
    const y = b.calls[i]!;
    const where = `kernel #${i} (${x.call.kernelName})`;
    if (x.call.kernelFunc !== y.call.kernelFunc) return `${where} became ${y.call.kernelName}`;
    if (x.attrsKey !== y.attrsKey) return `${where}: its attributes changed`;
    if ((x.names ?? []).join() !== (y.names ?? []).join() || x.refs.map(refKey).join() !== y.refs.map(refKey).join())
      return `${where}: its inputs come from elsewhere`;
    if (x.call.multipleOutputs !== y.call.multipleOutputs || x.call.outputs.length !== y.call.outputs.length)
      return `${where}: its outputs changed`;
    for (const [j, o] of x.call.outputs.entries()) {
      const p = y.call.outputs[j]!;
      if (o.dtype !== p.dtype || !sameShape(o.shape, p.shape)) return `${where}: its output's shape changed`;
    }
  }
  if (a.constants.length !== b.constants.length) return `the number of constants changed (${a.constants.length} → ${b.constants.length})`;
  for (const [i, c] of a.constants.entries()) {
    const d = b.constants[i]!;
    if (c.dtype !== d.dtype || !sameShape(c.shape, d.shape) || !sameValues(c.values, d.values))
      return `constant #${i} changed (a value computed on the host that varies from run to run)`;
  }
  if (a.outputs.map(refKey).join() !== b.outputs.map(refKey).join()) return 'the outputs come from elsewhere';
  if (a.assigns.join() !== b.assigns.join()) return 'it assigns other variables';
  return undefined;
}

interface Step {
  kernelFunc: tf.KernelFunc;
  refs: Ref[];
  names: string[] | undefined;
  attrs: tf.NamedAttrMap | undefined;
  /** The traced outputs' shapes: a kernel whose output shape depends on values gives another one. */
  shapes: number[][];
  name: string;
  /** Outputs of earlier steps whose last use is this one. */
  frees: Array<[call: number, output: number]>;
}

export class ReplayProgram {
  private readonly steps: Step[];
  private readonly constants: TensorInfo[];
  private readonly outputs: Ref[];
  /** Per output, whether it is handed over as the kernel gave it (a call's output, its first time) or is one more reference. */
  private readonly handedOver: boolean[];

  constructor(
    private readonly backend: tf.KernelBackend,
    private readonly resolved: ResolvedTrace,
  ) {
    const b = backend as unknown as RefCountingBackend;
    this.constants = resolved.constants.map((c) => ({
      dataId: b.write(copyValues(c.values), c.shape, c.dtype),
      shape: c.shape,
      dtype: c.dtype,
    }));
    this.outputs = resolved.outputs;
    const seen = new Set<string>();
    this.handedOver = resolved.outputs.map((r) => {
      if (r.kind !== 'call' || seen.has(refKey(r))) return false;
      seen.add(refKey(r));
      return true;
    });
    const lastUse = new Map<string, number>();
    resolved.calls.forEach((c, i) => {
      c.call.outputs.forEach((_o, j) => lastUse.set(`${i}.${j}`, i));
      for (const r of c.refs) if (r.kind === 'call') lastUse.set(`${r.call}.${r.output}`, i);
    });
    for (const r of resolved.outputs) if (r.kind === 'call') lastUse.delete(`${r.call}.${r.output}`);
    const frees: Array<Array<[number, number]>> = resolved.calls.map(() => []);
    for (const [key, at] of lastUse) {
      const [call, output] = key.split('.').map(Number) as [number, number];
      frees[at]!.push([call, output]);
    }
    this.steps = resolved.calls.map((c, i) => ({
      kernelFunc: c.call.kernelFunc,
      refs: c.refs,
      names: c.names,
      attrs: c.call.attrs,
      shapes: c.call.outputs.map((o) => [...o.shape]),
      name: c.call.kernelName,
      frees: frees[i]!,
    }));
  }

  /** Whether `inputs` have the shapes the program was traced with. */
  accepts(inputs: TensorInfo[]): boolean {
    const { inputShapes, inputDtypes } = this.resolved;
    return (
      inputs.length === inputShapes.length && inputs.every((t, i) => sameShape(t.shape, inputShapes[i]!) && t.dtype === inputDtypes[i])
    );
  }

  /** The variables (indices) whose new values follow the region's outputs in what `run` returns. */
  get assigns(): readonly number[] {
    return this.resolved.assigns;
  }

  /**
   * Runs the kernels; returns the region's outputs and then the assigned variables' new values,
   * each a reference the caller owns: a tracked tensor where the kernel returned one (see
   * `isTracked`), else a TensorInfo to wrap in a tensor.
   */
  run(inputs: TensorInfo[], variables: tf.Variable[]): TensorInfo[] {
    const backend = this.backend;
    const b = backend as unknown as RefCountingBackend;
    const slots: Array<TensorInfo[] | undefined> = new Array(this.steps.length);
    const info = (r: Ref): TensorInfo => {
      switch (r.kind) {
        case 'input':
          return inputs[r.index]!;
        case 'variable':
          return variables[r.index]!;
        case 'constant':
          return this.constants[r.index]!;
        case 'call':
          return slots[r.call]![r.output]!;
        case 'absent':
          // Passed on as the op passed it (kernels read an optional input as undefined).
          return undefined as unknown as TensorInfo;
      }
    };
    let done = 0;
    try {
      for (; done < this.steps.length; done++) {
        const s = this.steps[done]!;
        const args = s.refs.map(info);
        let kernelInputs: tf.NamedTensorInfoMap;
        if (s.names) {
          kernelInputs = {};
          s.names.forEach((name, k) => (kernelInputs[name] = args[k]!));
        } else kernelInputs = args as unknown as tf.NamedTensorInfoMap;
        const out = s.kernelFunc({ inputs: kernelInputs, backend, attrs: s.attrs ?? {} });
        const outputs = Array.isArray(out) ? out : [out];
        slots[done] = outputs;
        if (outputs.length !== s.shapes.length || outputs.some((o, j) => !sameShape(o.shape, s.shapes[j]!)))
          throw new Error(
            `kernel ${s.name} (#${done}) gave outputs of other shapes than when it was traced (${JSON.stringify(outputs.map((o) => o.shape))}, not ${JSON.stringify(s.shapes)})`,
          );
        for (const [call, output] of s.frees) {
          release(b, slots[call]![output]!);
          slots[call]![output] = undefined as unknown as TensorInfo;
        }
      }
    } catch (error) {
      for (const outputs of slots) for (const o of outputs ?? []) if (o) release(b, o);
      throw error;
    }
    return this.outputs.map((r, i) => {
      const t = info(r);
      if (this.handedOver[i]) return t;
      b.incRef(t.dataId);
      return { dataId: t.dataId, shape: t.shape, dtype: t.dtype };
    });
  }

  dispose(): void {
    const b = this.backend as unknown as RefCountingBackend;
    for (const c of this.constants) b.disposeData(c.dataId);
    this.constants.length = 0;
  }
}

/**
 * Whether a kernel returned a tensor the engine tracks instead of a TensorInfo (some kernels compute
 * with ops; the engine passes such a tensor on as it is): it is freed by disposing it.
 */
export const isTracked = (info: TensorInfo): info is tf.Tensor => info instanceof tf.Tensor;

const release = (b: RefCountingBackend, info: TensorInfo): void => {
  if (isTracked(info)) info.dispose();
  else b.disposeData(info.dataId);
};
