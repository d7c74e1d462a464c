/**
 * A piece of a training step that runs the same kernels every time (a network's loss and its
 * gradients on a batch), run through tfjs's engine until it is known, then replayed without it.
 *
 * On a small network tfjs's engine costs more than the kernels: taping, scopes, tensor bookkeeping
 * and the gradient functions' JavaScript around each of ~100 kernels of a few microseconds. The
 * region traces its body twice (`kernelTrace.ts`); where the two traces are the same program (every
 * kernel, attribute, shape, constant and data flow; `replayProgram.ts`), later calls run that
 * program: the same kernels on the same values, so every result is bit for bit what the body gives.
 * Variables the body assigns (batch normalisation's running statistics) are assigned the replayed
 * values.
 *
 * The body must be a function of its declared inputs, the given variables and values fixed for the
 * run: a host value that changes per call shows up as a changed constant and the region keeps
 * running the body; one that changed only after the region compiled would not be seen, so such
 * values belong outside the body (as inputs). Replay runs only on the cpu and wasm backends, not
 * while tf.profile or tfjs's debug mode is on (they observe each kernel), and stops for good after a
 * few traces that cannot be compiled (`disabledReason` says why).
 */
import * as tf from '@tensorflow/tfjs';
import { traceKernels, tracing } from './kernelTrace';
import { differences, isTracked, ReplayProgram, resolveTrace, type ResolvedTrace } from './replayProgram';

const REPLAY_BACKENDS = new Set(['cpu', 'wasm']);
/** Traces that may fail to compile (a generator average sharing weights with G at first, say) before the region gives up. */
const MAX_FAILURES = 4;

let enabled = process.env.GAN_WORKBENCH_KERNEL_REPLAY !== '0';

/** Turns replay on or off for every region (benchmarks compare both; `GAN_WORKBENCH_KERNEL_REPLAY=0` starts it off). */
export function setKernelReplay(on: boolean): void {
  enabled = on;
}

interface EngineState {
  state: { profiling: boolean; numTensors: number };
  makeTensorFromTensorInfo(info: tf.TensorInfo, backend?: tf.KernelBackend): tf.Tensor;
}

/** What a region's body returns: its output tensors and how the caller reads them (the same on every call). */
export interface RegionOutputs<L> {
  tensors: tf.Tensor[];
  layout: L;
}

export class ReplayRegion<L = unknown> {
  private program: ReplayProgram | undefined;
  private layout: L | undefined;
  private backend: tf.KernelBackend | undefined;
  /** The last trace, waiting for a second one like it, with its layout as JSON. */
  private previous: { resolved: ResolvedTrace; layout: string } | undefined;
  private failures = 0;
  /** Why the region runs its body every time, once it has given up. */
  disabledReason: string | undefined;
  /** Calls that ran the compiled program. */
  replays = 0;

  constructor(readonly name: string) {}

  /** The outputs of `body()`, replayed where the region has compiled it. */
  run(inputs: tf.Tensor[], variables: tf.Variable[], body: () => RegionOutputs<L>): RegionOutputs<L> {
    const engine = tf.engine() as unknown as EngineState;
    if (
      !enabled ||
      this.disabledReason !== undefined ||
      tracing() ||
      !REPLAY_BACKENDS.has(tf.getBackend()) ||
      engine.state.profiling ||
      tf.env().getBool('DEBUG')
    )
      return body();
    const backend = tf.backend();
    if (this.program && (this.backend !== backend || !this.program.accepts(inputs))) this.forget();
    if (this.program) {
      let infos: tf.TensorInfo[];
      try {
        infos = this.program.run(inputs, variables);
      } catch (error) {
        // The traced kernels failed where the body's did not (or will say why): run the body from now on.
        this.forget();
        this.disabledReason = `${this.name} is not replayed: a replayed kernel failed (${error instanceof Error ? error.message : String(error)})`;
        return body();
      }
      this.replays++;
      const tensors = infos.map((info) => (isTracked(info) ? info : engine.makeTensorFromTensorInfo(info, backend)));
      const assigned = tensors.splice(tensors.length - this.program.assigns.length);
      this.program.assigns.forEach((index, k) => {
        variables[index]!.assign(assigned[k]!);
        assigned[k]!.dispose();
      });
      return { tensors, layout: this.layout! };
    }
    return this.trace(inputs, variables, body, engine, backend);
  }

  private trace(
    inputs: tf.Tensor[],
    variables: tf.Variable[],
    body: () => RegionOutputs<L>,
    engine: EngineState,
    backend: tf.KernelBackend,
  ): RegionOutputs<L> {
    const before: tf.TensorInfo[] = variables.map(({ dataId, shape, dtype }) => ({ dataId, shape: [...shape], dtype }));
    const tensorsBefore = engine.state.numTensors;
    const { result, trace } = traceKernels(body);
    const layout = JSON.stringify(result.layout);
    // Variables the body assigns (batch normalisation's running statistics): a replay assigns them the same values.
    const assigns = variables.flatMap((v, i) => (v.dataId === before[i]!.dataId ? [] : [i]));
    let resolved: ResolvedTrace | string;
    if (trace.impure) resolved = trace.impure;
    else if (engine.state.numTensors - tensorsBefore !== new Set(result.tensors).size) resolved = 'it keeps tensors it does not return';
    else resolved = resolveTrace(trace, inputs, before, [...result.tensors, ...assigns.map((i) => variables[i]!)], assigns);
    if (typeof resolved === 'string') this.fail(resolved);
    else {
      let changed = this.previous && this.backend === backend ? differences(this.previous.resolved, resolved) : 'first trace';
      if (changed === undefined && layout !== this.previous!.layout) changed = 'its outputs changed';
      if (changed === undefined) {
        this.program = new ReplayProgram(backend, resolved);
        this.layout = result.layout;
        this.previous = undefined;
      } else {
        if (changed !== 'first trace') this.fail(changed);
        this.previous = { resolved, layout };
      }
      this.backend = backend;
    }
    return result;
  }

  private fail(reason: string): void {
    this.previous = undefined;
    if (++this.failures >= MAX_FAILURES) this.disabledReason = `${this.name} is not replayed: ${reason}`;
  }

  /** Drops the compiled program (the backend or the input shapes changed); the next calls trace again. */
  private forget(): void {
    this.program?.dispose();
    this.program = undefined;
    this.previous = undefined;
  }

  dispose(): void {
    this.forget();
  }
}
