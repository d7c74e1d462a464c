import * as tf from '@tensorflow/tfjs';
import { adamOnHost, type AdamStep } from './hostAdam';
import { slotFor, SlotOptimizer } from './optimizer';

/** Adam's update of one parameter with tensor ops (any backend); adamOnHost computes the same on cpu and wasm. */
export function adamWithOps(p: tf.Variable, mSlot: tf.Variable, vSlot: tf.Variable, g: tf.Tensor, s: AdamStep): void {
  const { lr, beta1, beta2, epsilon, iterations } = s;
  const m = tf.add(tf.mul(mSlot, beta1), tf.mul(g, 1 - beta1));
  const v = tf.add(tf.mul(vSlot, beta2), tf.mul(tf.square(g), 1 - beta2));
  mSlot.assign(m);
  vSlot.assign(v);
  const denominator = tf.add(tf.sqrt(tf.div(v, 1 - beta2 ** iterations)), epsilon);
  const divide = s.divideNoNan ? tf.divNoNan : tf.div;
  p.assign(tf.sub(p, tf.mul(divide(m, denominator), lr / (1 - beta1 ** iterations))));
}

/** Adam in PyTorch's form: p −= lr·m̂/(√v̂ + ε), with bias-corrected moments. */
export class Adam extends SlotOptimizer<{ lr: number; beta1: number; beta2: number; epsilon: number }> {
  readonly kind = 'adam';
  private readonly m = this.params.map((p) => slotFor(p, 'm'));
  private readonly v = this.params.map((p) => slotFor(p, 'v'));

  get state(): tf.Variable[] {
    return [...this.m, ...this.v];
  }

  protected updateParameter(p: tf.Variable, g: tf.Tensor, i: number): void {
    const { lr, beta1, beta2, epsilon } = this.hp;
    // ε that is 0 in float32: a parameter whose gradients were all 0 (or underflow) gets a 0 step, not 0/0 = NaN.
    const step = { lr, beta1, beta2, epsilon, iterations: this.iterations, divideNoNan: Math.fround(epsilon) === 0 };
    if (!adamOnHost(p, this.m[i]!, this.v[i]!, g, step)) adamWithOps(p, this.m[i]!, this.v[i]!, g, step);
  }
}
