import * as tf from '@tensorflow/tfjs';
import { slotFor, SlotOptimizer } from './optimizer';

/** Adam in PyTorch's form: p −= lr·m̂/(√v̂ + ε), with bias-corrected moments. */
export class Adam extends SlotOptimizer<{ lr: number; beta1: number; beta2: number; epsilon: number }> {
  readonly kind = 'adam';
  private readonly m = this.params.map((p) => slotFor(p, 'm'));
  private readonly v = this.params.map((p) => slotFor(p, 'v'));
  /** ε that is 0 in float32: a parameter whose gradients were all 0 (or underflow) gets a 0 step, not 0/0 = NaN. */
  private readonly divide = Math.fround(this.hp.epsilon) === 0 ? tf.divNoNan : tf.div;

  get state(): tf.Variable[] {
    return [...this.m, ...this.v];
  }

  protected updateParameter(p: tf.Variable, g: tf.Tensor, i: number): void {
    const { lr, beta1, beta2, epsilon } = this.hp;
    const m = tf.add(tf.mul(this.m[i]!, beta1), tf.mul(g, 1 - beta1));
    const v = tf.add(tf.mul(this.v[i]!, beta2), tf.mul(tf.square(g), 1 - beta2));
    this.m[i]!.assign(m);
    this.v[i]!.assign(v);
    const denominator = tf.add(tf.sqrt(tf.div(v, 1 - beta2 ** this.iterations)), epsilon);
    p.assign(tf.sub(p, tf.mul(this.divide(m, denominator), lr / (1 - beta1 ** this.iterations))));
  }
}
