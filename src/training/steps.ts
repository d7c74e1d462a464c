/**
 * One discriminator update and one generator update, as pure functions of the GAN and its inputs
 * (tests call them directly). They return scalars as tensors so the loop reads them only when it
 * records (reading forces a GPU sync); the caller disposes the result with `disposeStep`.
 */
import * as tf from '@tensorflow/tfjs';
import type { Gan } from './gan';
import { discriminatorLoss, generatorLoss, usesSigmoid } from './losses';

export interface StepResult {
  loss: tf.Scalar;
  components: Record<string, tf.Scalar>;
  /** Global L2 norm of the gradient over the updated network's trainable variables. */
  gradNorm: tf.Scalar;
}

export interface DiscriminatorStepResult extends StepResult {
  /** Mean D on the real batch (probability for sigmoid losses, else raw score). */
  dReal: tf.Scalar;
  /** Mean D on the fake batch. */
  dFake: tf.Scalar;
}

type Scores = { real: tf.Tensor; fake: tf.Tensor };

function meanScore(gan: Gan, logits: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(usesSigmoid(gan.loss) ? tf.sigmoid(logits) : logits) as tf.Scalar);
}

/** Computes gradients of `lossFn` for `variables`, applies them with `optimizer`, returns the terms. */
function update(
  variables: tf.Variable[],
  optimizer: Gan['generatorOptimizer'],
  lossFn: () => { total: tf.Scalar; components: Record<string, tf.Scalar> },
): StepResult {
  let components: Record<string, tf.Scalar> = {};
  const { value, grads } = tf.variableGrads(() => {
    const terms = lossFn();
    components = Object.fromEntries(Object.entries(terms.components).map(([k, v]) => [k, tf.keep(v)]));
    return terms.total;
  }, variables);
  const ordered = variables.map((v) => grads[v.name] ?? tf.zerosLike(v));
  const gradNorm = tf.tidy(() => tf.sqrt(tf.addN(ordered.map((g) => tf.sum(tf.square(g))))) as tf.Scalar);
  optimizer.apply(ordered);
  tf.dispose(ordered);
  tf.dispose(grads);
  return { loss: value, components, gradNorm };
}

/** One discriminator update on a real batch and G(z) (G is not updated). */
export function discriminatorStep(gan: Gan, real: tf.Tensor2D, z: tf.Tensor2D): DiscriminatorStepResult {
  const fake = tf.tidy(() => gan.generator.apply(z, 'train'));
  let scores: Scores | undefined;
  const result = update(gan.discriminator.trainable, gan.discriminatorOptimizer, () => {
    const realLogits = gan.discriminator.apply(real, 'train');
    const fakeLogits = gan.discriminator.apply(fake, 'train');
    scores = { real: tf.keep(realLogits), fake: tf.keep(fakeLogits) };
    return discriminatorLoss(gan.loss, realLogits, fakeLogits);
  });
  fake.dispose();
  const { real: realLogits, fake: fakeLogits } = scores!;
  const out = { ...result, dReal: meanScore(gan, realLogits), dFake: meanScore(gan, fakeLogits) };
  tf.dispose([realLogits, fakeLogits]);
  return out;
}

/** One generator update on noise z against the current D (D is not updated). */
export function generatorStep(gan: Gan, z: tf.Tensor2D): StepResult {
  return update(gan.generator.trainable, gan.generatorOptimizer, () =>
    generatorLoss(gan.loss, gan.discriminator.apply(gan.generator.apply(z, 'train'), 'train')),
  );
}

export interface StepValues {
  loss: number;
  gradNorm: number;
  components: Record<string, number>;
  dReal?: number;
  dFake?: number;
}

const isDiscriminatorResult = (r: StepResult): r is DiscriminatorStepResult => 'dReal' in r;

/** Reads a step result's scalars (one sync) and disposes them. */
export function readStep(result: StepResult): StepValues {
  const names = Object.keys(result.components);
  const scores = isDiscriminatorResult(result) ? [result.dReal, result.dFake] : [];
  const scalars = [result.loss, result.gradNorm, ...names.map((n) => result.components[n]!), ...scores];
  const values = tf.tidy(() => tf.stack(scalars).dataSync());
  disposeStep(result);
  const out: StepValues = {
    loss: values[0]!,
    gradNorm: values[1]!,
    components: Object.fromEntries(names.map((n, i) => [n, values[2 + i]!])),
  };
  if (scores.length > 0) {
    out.dReal = values[2 + names.length]!;
    out.dFake = values[3 + names.length]!;
  }
  return out;
}

export function disposeStep(result: StepResult): void {
  tf.dispose([result.loss, result.gradNorm, ...Object.values(result.components)]);
  if (isDiscriminatorResult(result)) tf.dispose([result.dReal, result.dFake]);
}
