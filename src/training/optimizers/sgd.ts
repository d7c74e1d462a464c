import * as tf from '@tensorflow/tfjs';
import type { Optimizer, OptimizerSettings } from './optimizer';
import { slotFor } from './optimizer';

/** SGD with optional momentum (PyTorch's form: buf = μ·buf + g; p −= lr·buf). */
export class Sgd implements Optimizer {
  readonly kind = 'sgd';
  iterations = 0;
  private readonly buffer: tf.Variable[];

  constructor(
    private readonly params: tf.Variable[],
    private readonly hp: { lr: number; momentum: number },
  ) {
    this.buffer = hp.momentum > 0 ? params.map((p) => slotFor(p, 'momentum')) : [];
  }

  apply(gradients: tf.Tensor[]): void {
    this.iterations++;
    const { lr, momentum } = this.hp;
    tf.tidy(() => {
      this.params.forEach((p, i) => {
        let step: tf.Tensor = gradients[i]!;
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
    return this.buffer;
  }

  restoreIterations(iterations: number): void {
    this.iterations = iterations;
  }

  dispose(): void {
    for (const s of this.state) s.dispose();
  }
}
