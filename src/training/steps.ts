/**
 * One discriminator update and one generator update, as pure functions of the GAN and its inputs
 * (tests call them directly). They return scalars as tensors so the loop reads them only when it
 * records (reading forces a GPU sync); the caller disposes the result with `disposeStep`.
 */
import * as tf from '@tensorflow/tfjs';
import { findRegularizer } from '../shared/experiment/objective';
import { gradientNorm } from './gradientNorm';
import { stepGradients, type Loss } from './stepGradients';
import type { Gan } from './gan';
import { classCrossEntropy, discriminatorLoss, generatorLoss, usesSigmoid, type LossTerms } from './losses';
import { gradientPenalty, r1Penalty, realGradientPenalty, type Critic } from './penalties';
import type { Rng } from './random';
import { addNoise, clipBound, clipWeights, instanceNoiseStd, uniformColumn } from './regularizers';

export interface StepResult {
  /** The total the network minimised (penalties included). */
  loss: tf.Scalar;
  components: Record<string, tf.Scalar>;
  /**
   * The updated network's gradients, one per trainable variable: their global L2 norm (`gradNorm`
   * of StepValues) is taken when the step is read, not on every step.
   */
  gradients: tf.Tensor[];
}

export interface DiscriminatorStepResult extends StepResult {
  /**
   * D's outputs on the real and the fake batch. Their means (dReal, dFake: of sigmoid(D) where
   * `sigmoid`, else of the raw scores) are taken when the step is read, not on every step.
   */
  realScores: tf.Tensor;
  fakeScores: tf.Tensor;
  sigmoid: boolean;
}

/**
 * A conditional step's one-hot labels [n, classes]: the real batch's, from the data, and those the
 * fakes are generated for.
 */
export interface StepLabels {
  real: tf.Tensor2D;
  fake: tf.Tensor2D;
}

/** Where in the run a step is, for the parts of the objective that depend on it. */
export interface StepContext {
  /** Generator steps completed before this one (instance noise is annealed over them); 0 by default. */
  completedSteps?: number;
  /** Stream for the step's random draws (WGAN-GP's ε, instance noise); `gan.stepRng` by default. */
  rng?: Rng;
}

const meanScore = (sigmoid: boolean, scores: tf.Tensor): tf.Scalar => tf.mean(sigmoid ? tf.sigmoid(scores) : scores);

/** Variables that one optimizer updates. */
interface UpdateGroup {
  variables: tf.Variable[];
  optimizer: Gan['generatorOptimizer'];
}

/** Every variable a step's loss may read: both networks' and the mutual-information network's. */
const variablesOf = (gan: Gan): tf.Variable[] => [
  ...gan.generator.variables,
  ...gan.discriminator.variables,
  ...(gan.mutualInformation?.variables ?? []),
];

/**
 * Computes gradients of `loss` for every group's variables (in `region`, with `inputs` every tensor
 * the loss reads besides the GAN's variables), applies each group's with its optimizer, returns the
 * terms, what the loss kept and the first group's gradients (the network the step trains; their
 * norm is taken when the step is read).
 */
function update(
  gan: Gan,
  region: Gan['replay']['generator'],
  inputs: tf.Tensor[],
  groups: UpdateGroup[],
  loss: () => Loss,
): StepResult & { kept: tf.Tensor[] } {
  const updated = groups.flatMap((g) => g.variables);
  const { value, components, gradients, kept } = stepGradients(region, inputs, variablesOf(gan), updated, loss);
  let first: tf.Tensor[] | undefined;
  let at = 0;
  for (const { variables, optimizer } of groups) {
    const ordered = variables.map((v) => gradients[at++] ?? tf.zerosLike(v));
    optimizer.apply(ordered);
    if (first) tf.dispose(ordered);
    else first = ordered;
  }
  return { loss: value, components, gradients: first!, kept };
}

/** D on its inputs with fixed labels (none when unconditional): gradient penalties take ∇ₓ with y held. */
const criticFor =
  (gan: Gan, labels: tf.Tensor2D | undefined): Critic =>
  (x) =>
    gan.discriminator.apply(x, 'train', labels);

/** ε·a + (1 − ε)·b, row by row (ε [n, 1]). */
const interpolate = (epsilon: tf.Tensor2D, a: tf.Tensor2D, b: tf.Tensor2D) =>
  tf.add(tf.mul(epsilon, a), tf.mul(tf.sub(1, epsilon), b)) as tf.Tensor2D;

/**
 * D's outputs on the real and fake batch and, with an AC-GAN classifier, its weighted
 * cross-entropy on both with their labels (from the same passes).
 */
function discriminatorOutputs(gan: Gan, real: tf.Tensor2D, fake: tf.Tensor2D, labels: StepLabels | undefined) {
  const classifier = gan.auxiliaryClassifier;
  if (!classifier || !labels) return { realOut: criticFor(gan, labels?.real)(real), fakeOut: criticFor(gan, labels?.fake)(fake) };
  const onReal = classifier.scoreAndClassify(real, 'train', labels.real);
  const onFake = classifier.scoreAndClassify(fake, 'train', labels.fake);
  const crossEntropy = tf.add(classCrossEntropy(onReal.classLogits, labels.real), classCrossEntropy(onFake.classLogits, labels.fake));
  return { realOut: onReal.output, fakeOut: onFake.output, auxiliary: tf.mul(crossEntropy, classifier.weight) as tf.Scalar };
}

/**
 * D's loss on (possibly noisy) real and fake batches: the adversarial terms plus every penalty (and
 * the auxiliary classifier's term). A conditional WGAN-GP's interpolate x̂ = εx + (1−ε)G(z) is
 * judged with the labels interpolated alike.
 */
function discriminatorObjective(
  gan: Gan,
  real: tf.Tensor2D,
  fake: tf.Tensor2D,
  epsilon: tf.Tensor2D | undefined,
  labels: StepLabels | undefined,
): Loss {
  const { loss, regularizers } = gan.objective;
  const realCritic = criticFor(gan, labels?.real);
  const { realOut, fakeOut, auxiliary } = discriminatorOutputs(gan, real, fake, labels);
  const keep = [realOut, fakeOut];
  const smoothing = findRegularizer(regularizers, 'labelSmoothing');
  const terms = discriminatorLoss(loss.kind, realOut, fakeOut, smoothing ? { realLabel: smoothing.real } : {});
  const penalties: tf.Scalar[] = [];
  if (loss.kind === 'wganGp' || loss.kind === 'energy') {
    const penalty =
      loss.kind === 'wganGp'
        ? gradientPenalty(criticFor(gan, labels && interpolate(epsilon!, labels.real, labels.fake)), real, fake, epsilon!, loss.lambda)
        : realGradientPenalty(realCritic, real, loss.lambda);
    terms.components['d.gradientPenalty'] = penalty;
    penalties.push(penalty);
  }
  const r1 = findRegularizer(regularizers, 'r1');
  if (r1) {
    const penalty = r1Penalty(realCritic, real, r1.weight);
    terms.components['d.r1'] = penalty;
    penalties.push(penalty);
  }
  if (auxiliary) {
    terms.components['d.auxiliary'] = auxiliary;
    penalties.push(auxiliary);
  }
  if (penalties.length === 0) return { terms, keep };
  return { terms: { total: tf.addN([terms.total, ...penalties]) as tf.Scalar, components: terms.components }, keep };
}

/**
 * One discriminator update on a real batch and G(z) (G is not updated): instance noise (if any) on
 * both inputs, the loss with its penalties, then weight clipping for the clipped critics. A
 * conditional GAN takes the batches' `labels`.
 */
export function discriminatorStep(
  gan: Gan,
  real: tf.Tensor2D,
  z: tf.Tensor2D,
  context: StepContext = {},
  labels?: StepLabels,
): DiscriminatorStepResult {
  const rng = context.rng ?? gan.stepRng;
  const std = instanceNoiseStd(gan.objective, context.completedSteps ?? 0);
  const fake = tf.tidy(() => gan.generator.apply(z, 'train', labels?.fake));
  const realInput = addNoise(real, std, rng);
  const fakeInput = addNoise(fake, std, rng);
  const epsilon = gan.objective.loss.kind === 'wganGp' ? uniformColumn(real.shape[0], rng) : undefined;
  const inputs = [realInput, fakeInput, ...(epsilon ? [epsilon] : []), ...(labels ? [labels.real, labels.fake] : [])];
  const { kept, ...result } = update(
    gan,
    gan.replay.discriminator,
    inputs,
    [{ variables: gan.discriminator.trainable, optimizer: gan.discriminatorOptimizer }],
    () => discriminatorObjective(gan, realInput, fakeInput, epsilon, labels),
  );
  tf.dispose([fake, realInput, fakeInput, ...(epsilon ? [epsilon] : [])]);
  const clip = clipBound(gan.objective);
  if (clip !== undefined) clipWeights(gan.discriminator.trainable, clip);
  return { ...result, realScores: kept[0]!, fakeScores: kept[1]!, sigmoid: usesSigmoid(gan.loss) };
}

/**
 * One generator update on noise z against the current D (D is not updated); instance noise on D's
 * view of G(z) too. With the energy objective's mutual-information term, its network is updated
 * jointly on the same loss (it sees G(z) without the noise). A conditional GAN takes the one-hot
 * `labels` the fakes are generated for; with an AC-GAN classifier G also minimises its weighted
 * cross-entropy on them.
 */
export function generatorStep(gan: Gan, z: tf.Tensor2D, context: StepContext = {}, labels?: tf.Tensor2D): StepResult {
  const rng = context.rng ?? gan.stepRng;
  const std = instanceNoiseStd(gan.objective, context.completedSteps ?? 0);
  // Scaled here, not in the loss: the loss reads only tensors (replay/replayRegion.ts).
  const noise =
    std > 0
      ? tf.tidy(() =>
          tf.mul(
            tf.tensor2d(rng.fillNormal(new Float32Array(z.shape[0] * gan.generator.outputDim)), [z.shape[0], gan.generator.outputDim]),
            std,
          ),
        )
      : undefined;
  const mi = gan.mutualInformation;
  const groups = [{ variables: gan.generator.trainable, optimizer: gan.generatorOptimizer }];
  if (mi) groups.push({ variables: mi.trainable, optimizer: mi.optimizer });
  // Drawn after the noise, as the loss drew it before: the same stream, the same order.
  const drawn = mi ? mi.draw(z.shape[0], rng) : [];
  const inputs = [z, ...(noise ? [noise] : []), ...(labels ? [labels] : []), ...drawn];
  const { kept: _none, ...result } = update(gan, gan.replay.generator, inputs, groups, () => {
    const fake = gan.generator.apply(z, 'train', labels);
    const input = noise ? (tf.add(fake, noise) as tf.Tensor2D) : fake;
    const adversarial = generatorObjective(gan, input, labels);
    if (!mi) return { terms: adversarial };
    const information = mi.lossWith(fake, z, drawn);
    return {
      terms: {
        total: tf.add(adversarial.total, information.total) as tf.Scalar,
        components: { ...adversarial.components, ...information.components },
      },
    };
  });
  gan.generatorAverage?.update();
  tf.dispose([...(noise ? [noise] : []), ...drawn]);
  return result;
}

/** G's adversarial loss on D's view of its fakes, plus the AC-GAN classifier's weighted cross-entropy. */
function generatorObjective(gan: Gan, input: tf.Tensor2D, labels: tf.Tensor2D | undefined): LossTerms {
  const classifier = gan.auxiliaryClassifier;
  if (!classifier || !labels) return generatorLoss(gan.loss, gan.discriminator.apply(input, 'train', labels));
  const { output, classLogits } = classifier.scoreAndClassify(input, 'train', labels);
  const adversarial = generatorLoss(gan.loss, output);
  const auxiliary = tf.mul(classCrossEntropy(classLogits, labels), classifier.weight) as tf.Scalar;
  return {
    total: tf.add(adversarial.total, auxiliary) as tf.Scalar,
    components: { ...adversarial.components, 'g.auxiliary': auxiliary },
  };
}

export interface StepValues {
  loss: number;
  gradNorm: number;
  components: Record<string, number>;
  dReal?: number;
  dFake?: number;
}

const isDiscriminatorResult = (r: StepResult): r is DiscriminatorStepResult => 'realScores' in r;

/** Reads a step result's scalars (one sync) and disposes them. */
export function readStep(result: StepResult): StepValues {
  return stepValues(
    result,
    tf.tidy(() => stackScalars(result).dataSync()),
  );
}

/** readStep, reading asynchronously: the webgpu backend cannot read synchronously in Node. */
export async function readStepAsync(result: StepResult): Promise<StepValues> {
  const stacked = tf.tidy(() => stackScalars(result));
  try {
    return stepValues(result, await stacked.data());
  } finally {
    stacked.dispose();
  }
}

/** The step's scalars as one tensor (call in a tidy: D's mean scores are computed here). */
const stackScalars = (result: StepResult) =>
  tf.stack([
    result.loss,
    gradientNorm(result.gradients),
    ...Object.values(result.components),
    ...(isDiscriminatorResult(result) ? [meanScore(result.sigmoid, result.realScores), meanScore(result.sigmoid, result.fakeScores)] : []),
  ]);

/** The values of stackScalars' stack, by name; disposes the step's tensors. */
function stepValues(result: StepResult, values: tf.TypedArray): StepValues {
  const names = Object.keys(result.components);
  const scores = isDiscriminatorResult(result);
  disposeStep(result);
  const out: StepValues = {
    loss: values[0]!,
    gradNorm: values[1]!,
    components: Object.fromEntries(names.map((n, i) => [n, values[2 + i]!])),
  };
  if (scores) {
    out.dReal = values[2 + names.length]!;
    out.dFake = values[3 + names.length]!;
  }
  return out;
}

export function disposeStep(result: StepResult): void {
  tf.dispose([result.loss, ...result.gradients, ...Object.values(result.components)]);
  if (isDiscriminatorResult(result)) tf.dispose([result.realScores, result.fakeScores]);
}
