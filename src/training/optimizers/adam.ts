import * as tf from '@tensorflow/tfjs';
import type { Optimizer, OptimizerSettings } from './optimizer';
import { slotFor } from './optimizer';

/** Adam in PyTorch's form: p −= lr·m̂/(√v̂ + ε), with bias-corrected moments. */
export class Adam implements Optimizer {
  readonly kind = 'adam';
  iterations = 0;
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];

  constructor(
    private readonly params: tf.Variable[],
    private readonly hp: { lr: number; beta1: number; beta2: number; epsilon: number },
  ) {
    this.m = params.map((p) => slotFor(p, 'm'));
    this.v = params.map((p) => slotFor(p, 'v'));
  }

  apply(gradients: tf.Tensor[]): void {
    this.iterations++;
    const { lr, beta1, beta2, epsilon } = this.hp;
    const correction1 = 1 - beta1 ** this.iterations;
    const correction2 = 1 - beta2 ** this.iterations;
    tf.tidy(() => {
      this.params.forEach((p, i) => {
        const g = gradients[i]!;
        const m = tf.add(tf.mul(this.m[i]!, beta1), tf.mul(g, 1 - beta1));
        const v = tf.add(tf.mul(this.v[i]!, beta2), tf.mul(tf.square(g), 1 - beta2));
        this.m[i]!.assign(m);
        this.v[i]!.assign(v);
        const denominator = tf.add(tf.sqrt(tf.div(v, correction2)), epsilon);
        p.assign(tf.sub(p, tf.mul(tf.div(m, denominator), lr / correction1)));
      });
    });
  }

  update(settings: Partial<OptimizerSettings>): void {
    if (settings.lr !== undefined) this.hp.lr = settings.lr;
    if (settings.beta1 !== undefined) this.hp.beta1 = settings.beta1;
    if (settings.beta2 !== undefined) this.hp.beta2 = settings.beta2;
  }

  settings(): OptimizerSettings {
    return { lr: this.hp.lr, beta1: this.hp.beta1, beta2: this.hp.beta2 };
  }

  get state(): tf.Variable[] {
    return [...this.m, ...this.v];
  }

  restoreIterations(iterations: number): void {
    this.iterations = iterations;
  }

  dispose(): void {
    for (const s of this.state) s.dispose();
  }
}
