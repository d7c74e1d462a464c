/**
 * A dense layer's forward pass and its gradients in as few engine kernels as the maths allows.
 * tf.matMul on 2-D tensors runs Reshape, Reshape, BatchMatMul, Reshape; a bias add and a leaky
 * ReLU written to be twice differentiable add five more, each with its own gradient kernels; every
 * one of them pays tfjs's per-kernel cost (engine scope, tape node, tensor tracking), which is what a
 * small MLP's step is bound by. Three kernels replace them, registered for the backend in use and
 * built from its own kernels (reshapes between them are bookkeeping inside one kernel call):
 * - `GanDense`: x·W + b, then relu or leaky ReLU, as the backend's _FusedMatMul;
 * - `GanMatMul`: a 2-D product with optional transposes (the gradients' products);
 * - `GanActivationGrad`: dy ⊙ f′ for relu / leaky ReLU, f′ read from the layer's output y (its
 *   sign is the input's, α > 0).
 * Gradients, first and second order: f′ is piecewise constant, so its own derivative is zero and
 * d(dy ⊙ f′)/d(dy) = f′, the same kernel again; every other gradient is a product or a sum. So a
 * gradient penalty's gradient through these layers is exact (test/unit/denseKernels.test.ts checks
 * first- and second-order gradients against the unfused ops). Curved activations (tanh, elu) are not
 * fused: their derivative would have to come from the saved output, which tfjs gets wrong in a
 * second-order gradient (see models/activations.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { inKernelScope } from './kernelScope';

export const DENSE = 'GanDense';
export const MAT_MUL = 'GanMatMul';
export const ACTIVATION_GRAD = 'GanActivationGrad';

/** An activation the dense kernel applies itself; `alpha` is leaky ReLU's negative slope. */
export type FusedActivation = { kind: 'linear' } | { kind: 'relu' } | { kind: 'leakyrelu'; alpha: number };

interface DenseAttrs {
  activation: FusedActivation['kind'];
  leakyreluAlpha: number;
}

interface MatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
}

type TensorInfo = tf.TensorInfo;

const as3d = (shape: number[]) => [1, ...shape];

function denseKernel(backendName: string): tf.KernelConfig {
  return {
    kernelName: DENSE,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, kernel, bias } = inputs as { x: TensorInfo; kernel: TensorInfo; bias: TensorInfo };
      const { activation, leakyreluAlpha } = attrs as unknown as DenseAttrs;
      return inKernelScope(backend, backendName, (scope) => {
        const product = scope.run(
          '_FusedMatMul',
          { a: scope.reshape(x, as3d(x.shape)), b: scope.reshape(kernel, as3d(kernel.shape)), bias },
          { transposeA: false, transposeB: false, activation, leakyreluAlpha },
        );
        return scope.reshape(product, [x.shape[0]!, kernel.shape[1]!]);
      });
    },
  };
}

function matMulKernel(backendName: string): tf.KernelConfig {
  return {
    kernelName: MAT_MUL,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
      const { transposeA, transposeB } = attrs as unknown as MatMulAttrs;
      return inKernelScope(backend, backendName, (scope) => {
        const product = scope.run(
          'BatchMatMul',
          { a: scope.reshape(a, as3d(a.shape)), b: scope.reshape(b, as3d(b.shape)) },
          { transposeA, transposeB },
        );
        const rows = transposeA ? a.shape[1]! : a.shape[0]!;
        const columns = transposeB ? b.shape[0]! : b.shape[1]!;
        return scope.reshape(product, [rows, columns]);
      });
    },
  };
}

function activationGradKernel(backendName: string): tf.KernelConfig {
  return {
    kernelName: ACTIVATION_GRAD,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { dy, y } = inputs as { dy: TensorInfo; y: TensorInfo };
      const { activation, leakyreluAlpha } = attrs as unknown as DenseAttrs;
      const alpha = activation === 'leakyrelu' ? leakyreluAlpha : 0;
      // Step(y, α) is 1 where y > 0 and α elsewhere: the derivative of relu (α = 0) and leaky ReLU.
      return inKernelScope(backend, backendName, (scope) => scope.run('Multiply', { a: dy, b: scope.run('Step', { x: y }, { alpha }) }));
    },
  };
}

/** Runs one of the kernels on the current backend, registering them for it first if need be. */
function run(kernelName: string, inputs: tf.NamedTensorMap, attrs: DenseAttrs | MatMulAttrs): tf.Tensor {
  useDenseKernels(tf.getBackend());
  return tf.engine().runKernel(kernelName, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

/** x·W + b → activation as one engine kernel. */
export function denseOp(x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D, activation: FusedActivation): tf.Tensor2D {
  return run(DENSE, { x, kernel, bias }, denseAttrs(activation)) as tf.Tensor2D;
}

/** A 2-D product as one engine kernel (tf.matMul adds three reshapes). */
export function matMulOp(a: tf.Tensor2D, b: tf.Tensor2D, transposeA = false, transposeB = false): tf.Tensor2D {
  return run(MAT_MUL, { a, b }, { transposeA, transposeB }) as tf.Tensor2D;
}

const activationGradOp = (dy: tf.Tensor, y: tf.Tensor, attrs: DenseAttrs): tf.Tensor => run(ACTIVATION_GRAD, { dy, y }, attrs);

const denseAttrs = (activation: FusedActivation): DenseAttrs => ({
  activation: activation.kind,
  leakyreluAlpha: activation.kind === 'leakyrelu' ? activation.alpha : 0,
});

/**
 * dy ⊙ f′ for relu or leaky ReLU as one kernel, f′ read from the sign of `signOf` (the activation's
 * input or its output: the same sign). Twice differentiable (f′ is piecewise constant).
 */
export const activationGradient = (dy: tf.Tensor, signOf: tf.Tensor, activation: FusedActivation): tf.Tensor =>
  activation.kind === 'linear' ? dy : activationGradOp(dy, signOf, denseAttrs(activation));

let gradientsRegistered = false;

function registerGradients(): void {
  if (gradientsRegistered) return;
  gradientsRegistered = true;
  tf.registerGradient({
    kernelName: DENSE,
    inputsToSave: ['x', 'kernel'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, kernel, y] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      const denseAttrs = attrs as unknown as DenseAttrs;
      const dz = (denseAttrs.activation === 'linear' ? dy : activationGradOp(dy as tf.Tensor, y, denseAttrs)) as tf.Tensor2D;
      return {
        x: () => matMulOp(dz, kernel, false, true),
        kernel: () => matMulOp(x, dz, true, false),
        bias: () => tf.sum(dz, 0),
      };
    },
  });
  tf.registerGradient({
    kernelName: MAT_MUL,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved, attrs) => {
      const [a, b] = saved as [tf.Tensor2D, tf.Tensor2D];
      const d = dy as tf.Tensor2D;
      const { transposeA, transposeB } = attrs as unknown as MatMulAttrs;
      if (!transposeA && !transposeB) return { a: () => matMulOp(d, b, false, true), b: () => matMulOp(a, d, true, false) };
      if (!transposeA && transposeB) return { a: () => matMulOp(d, b, false, false), b: () => matMulOp(d, a, true, false) };
      if (transposeA && !transposeB) return { a: () => matMulOp(b, d, false, true), b: () => matMulOp(a, d, false, false) };
      return { a: () => matMulOp(b, d, true, true), b: () => matMulOp(d, a, true, true) };
    },
  });
  tf.registerGradient({
    kernelName: ACTIVATION_GRAD,
    inputsToSave: ['y'],
    gradFunc: (ddy, saved, attrs) => {
      const [y] = saved as [tf.Tensor];
      return { dy: () => activationGradOp(ddy as tf.Tensor, y, attrs as unknown as DenseAttrs), y: () => tf.zerosLike(y) };
    },
  });
}

const registeredBackends = new Set<string>();

/** Registers the three kernels for a backend (once) and their gradients (once per process). */
export function useDenseKernels(backendName: string): void {
  registerGradients();
  if (registeredBackends.has(backendName)) return;
  for (const config of [denseKernel(backendName), matMulKernel(backendName), activationGradKernel(backendName)]) tf.registerKernel(config);
  registeredBackends.add(backendName);
}
