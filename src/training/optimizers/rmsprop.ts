import * as tf from '@tensorflow/tfjs';
import { slotFor, SlotOptimizer, withMomentum } from './optimizer';

/** RMSprop in PyTorch's form (ε outside the square root; optional momentum buffer). */
export class RmsProp extends SlotOptimizer<{ lr: number; decay: number; momentum: number; epsilon: number }> {
  readonly kind = 'rmsprop';
  private readonly square = this.params.map((p) => slotFor(p, 'square'));
  private readonly buffer = this.hp.momentum > 0 ? this.params.map((p) => slotFor(p, 'momentum')) : [];
  /** ε that is 0 in float32: a parameter whose gradients were all 0 (or underflow) gets a 0 step, not 0/0 = NaN. */
  private readonly divide = Math.fround(this.hp.epsilon) === 0 ? tf.divNoNan : tf.div;

  get state(): tf.Variable[] {
    return [...this.square, ...this.buffer];
  }

  protected updateParameter(p: tf.Variable, g: tf.Tensor, i: number): void {
    const { lr, decay, momentum, epsilon } = this.hp;
    const square = tf.add(tf.mul(this.square[i]!, decay), tf.mul(tf.square(g), 1 - decay));
    this.square[i]!.assign(square);
    const step = withMomentum(this.divide(g, tf.add(tf.sqrt(square), epsilon)), this.buffer[i], momentum);
    p.assign(tf.sub(p, tf.mul(step, lr)));
  }
}
