import * as tf from '@tensorflow/tfjs';
import { slotFor, SlotOptimizer, withMomentum } from './optimizer';

/** SGD with optional momentum (PyTorch's form: buf = μ·buf + g; p −= lr·buf). */
export class Sgd extends SlotOptimizer<{ lr: number; momentum: number }> {
  readonly kind = 'sgd';
  private readonly buffer = this.hp.momentum > 0 ? this.params.map((p) => slotFor(p, 'momentum')) : [];

  get state(): tf.Variable[] {
    return this.buffer;
  }

  protected updateParameter(p: tf.Variable, g: tf.Tensor, i: number): void {
    p.assign(tf.sub(p, tf.mul(withMomentum(g, this.buffer[i], this.hp.momentum), this.hp.lr)));
  }
}
