import * as tf from '@tensorflow/tfjs';
import type { Optimizer, OptimizerSettings } from './optimizer';
import { slotFor } from './optimizer';

/** RMSprop in PyTorch's form (ε outside the square root; optional momentum buffer). */
export class RmsProp implements Optimizer {
  readonly kind = 'rmsprop';
  iterations = 0;
  private readonly square: tf.Variable[];
  private readonly buffer: tf.Variable[];

  constructor(
    private readonly params: tf.Variable[],
    private readonly hp: { lr: number; decay: number; momentum: number; epsilon: number },
  ) {
    this.square = params.map((p) => slotFor(p, 'square'));
    this.buffer = hp.momentum > 0 ? params.map((p) => slotFor(p, 'momentum')) : [];
  }

  apply(gradients: tf.Tensor[]): void {
    this.iterations++;
    const { lr, decay, momentum, epsilon } = this.hp;
    tf.tidy(() => {
      this.params.forEach((p, i) => {
        const g = gradients[i]!;
        const square = tf.add(tf.mul(this.square[i]!, decay), tf.mul(tf.square(g), 1 - decay));
        this.square[i]!.assign(square);
        let step = tf.div(g, tf.add(tf.sqrt(square), epsilon));
        const buffer = this.buffer[i];
        if (buffer) {
          step = tf.add(tf.mul(buffer, momentum), step);
          buffer.assign(step);
        }
        p.assign(tf.sub(p, tf.mul(step, lr)));
      });
    });
  }

  update(settings: Partial<OptimizerSettings>): void {
    if (settings.lr !== undefined) this.hp.lr = settings.lr;
  }

  settings(): OptimizerSettings {
    return { lr: this.hp.lr };
  }

  get state(): tf.Variable[] {
    return [...this.square, ...this.buffer];
  }

  restoreIterations(iterations: number): void {
    this.iterations = iterations;
  }

  dispose(): void {
    for (const s of this.state) s.dispose();
  }
}
