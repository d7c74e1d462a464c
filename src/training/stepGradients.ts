/**
 * A step's loss and its gradients with respect to the networks it updates: tf.variableGrads on the
 * loss, run through the step's replay region (replay/replayRegion.ts) so that, once the region
 * knows the step's kernels, they run without tfjs's engine around each — the same values, bit for
 * bit. Everything the loss reads must reach it as an input tensor, a variable or a value fixed for
 * the run (the region sees per-call host values only as changed constants).
 */
import * as tf from '@tensorflow/tfjs';
import type { LossTerms } from './losses';
import type { ReplayRegion } from './replay/replayRegion';

/** Which outputs a step's gradient region returns, in order after the loss. */
export interface GradientLayout {
  components: string[];
  /** Per updated variable, whether it got a gradient (those that did follow the components). */
  withGradient: boolean[];
  /** Tensors the loss function keeps for the caller (D's scores), last. */
  kept: number;
}

export interface StepGradients {
  value: tf.Scalar;
  components: Record<string, tf.Scalar>;
  /** Per updated variable; undefined where the loss does not depend on it. */
  gradients: Array<tf.Tensor | undefined>;
  kept: tf.Tensor[];
}

export interface Loss {
  terms: LossTerms;
  /** Tensors of the loss's computation the caller also wants (tf.keep'd here). */
  keep?: tf.Tensor[];
}

/**
 * `inputs`: every tensor `loss` reads that is not a variable of `variablesRead` (the batches, ε,
 * labels, scaled noise); `updated` are the variables to differentiate.
 */
export function stepGradients(
  region: ReplayRegion<GradientLayout>,
  inputs: tf.Tensor[],
  variablesRead: tf.Variable[],
  updated: tf.Variable[],
  loss: () => Loss,
): StepGradients {
  const { tensors, layout } = region.run(inputs, variablesRead, () => {
    let components: Record<string, tf.Scalar> = {};
    let kept: tf.Tensor[] = [];
    const { value, grads } = tf.variableGrads(() => {
      const { terms, keep = [] } = loss();
      components = Object.fromEntries(Object.entries(terms.components).map(([k, v]) => [k, tf.keep(v)]));
      kept = keep.map((t) => tf.keep(t));
      return terms.total;
    }, updated);
    const withGradient = updated.map((v) => grads[v.name] !== undefined);
    return {
      tensors: [value, ...Object.values(components), ...updated.flatMap((v) => grads[v.name] ?? []), ...kept],
      layout: { components: Object.keys(components), withGradient, kept: kept.length },
    };
  });
  let at = 0;
  const value = tensors[at++] as tf.Scalar;
  const components = Object.fromEntries(layout.components.map((name) => [name, tensors[at++] as tf.Scalar]));
  const gradients = layout.withGradient.map((has) => (has ? tensors[at++] : undefined));
  return { value, components, gradients, kept: tensors.slice(at, at + layout.kept) };
}
