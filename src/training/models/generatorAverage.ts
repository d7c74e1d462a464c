/**
 * An exponential moving average of the generator's weights ("generatorAverage" in the experiment):
 * after every generator step, average ← β·average + (1 − β)·G for each trainable variable, and the
 * average takes G's running statistics as they are (StyleGAN copies its buffers the same way). On
 * cpu and wasm the update is one loop over host memory per variable, with the float32 arithmetic of
 * the tensor ops (each product and the sum rounded once to float32), so both paths give the same
 * bits; elsewhere it is the tensor ops.
 */
import * as tf from '@tensorflow/tfjs';
import type { Experiment } from '../../shared/experiment/schema';
import type { DataShape } from '../../shared/runFormat';
import { updateOnHost } from '../hostMemory';
import { Rng } from '../random';
import { createGenerator } from './createNetworks';
import type { Network } from './network';

const f32 = Math.fround;

/** β·a + (1 − β)·g, element by element, in float32 as tf.add(tf.mul(a, β), tf.mul(g, 1 − β)) computes it. */
export function averageOnHost(
  a: Float32Array,
  g: Float32Array,
  decay: number,
  out: Float32Array = new Float32Array(a.length),
): Float32Array {
  const keep = f32(decay);
  const take = f32(1 - decay);
  for (let i = 0; i < a.length; i++) out[i] = f32(f32(a[i]! * keep) + f32(g[i]! * take));
  return out;
}

export class GeneratorAverage {
  /** A generator of G's architecture holding the average (variables named `generatorAverage/…`). */
  readonly network: Network;

  constructor(
    private readonly generator: Network,
    config: Experiment,
    data: DataShape,
    private readonly decay: number,
  ) {
    // Its own initial draw is overwritten at once: the average starts as G's initial weights.
    this.network = createGenerator(config, data, new Rng(0).fork('generator-average'), 'generatorAverage');
    this.generator.variables.forEach((g, i) => this.network.variables[i]!.assign(g));
  }

  /** Averages G's current weights in (call after each generator update). */
  update(): void {
    const averaged = this.network.variables;
    this.generator.variables.forEach((g, i) => {
      const a = averaged[i]!;
      if (!g.trainable) {
        a.assign(g);
        return;
      }
      const onHost = updateOnHost([a], [a, g], ([out], [av, gv]) => averageOnHost(av!, gv!, this.decay, out));
      if (!onHost) tf.tidy(() => a.assign(tf.add(tf.mul(a, this.decay), tf.mul(g, 1 - this.decay))));
    });
  }

  dispose(): void {
    this.network.dispose();
  }
}
