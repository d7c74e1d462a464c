/**
 * The generator's entropy term of the energy objective (gan-theory.md §2), estimated as a mutual
 * information I(X, Z) by a network trained jointly with G:
 * - encoder (Su): E(x) → z; G and E minimise weight·E‖z − E(G(z))‖² (component `mi.reconstruction`,
 *   unweighted);
 * - statisticsNetwork (Kumar et al.): T(x, z) classifies pairs (G(z), z) against (G(z), z'), z' a
 *   shuffle of the batch; G and T minimise weight·BCE (`mi.bce`), which is G maximising the JSD
 *   estimate 2·log 2 − 2·BCE (`mi.estimate`: 0 when x says nothing about z, 2·log 2 at most).
 */
import * as tf from '@tensorflow/tfjs';
import type { Experiment } from '../shared/experiment/schema';
import type { DataShape } from '../shared/runFormat';
import type { LossTerms } from './losses';
import { DcganDiscriminator } from './models/dcganDiscriminator';
import { Mlp } from './models/mlp';
import type { Mode } from './models/network';
import { StatisticsNetwork } from './models/statisticsNetwork';
import { createOptimizer } from './optimizers/createOptimizer';
import type { Optimizer } from './optimizers/optimizer';
import type { Rng } from './random';

export type MutualInformationKind = 'encoder' | 'statisticsNetwork';

export interface MutualInformationTerm {
  readonly kind: MutualInformationKind;
  readonly weight: number;
  /** The estimator's own variables (trainable and state), for checkpoints. */
  readonly variables: tf.Variable[];
  readonly trainable: tf.Variable[];
  /** Trains the estimator's network, with the generator's optimizer settings. */
  readonly optimizer: Optimizer;
  /** The weighted term for G's loss on fake = G(z), with its components (drawing what it needs from `rng`). */
  loss(fake: tf.Tensor2D, z: tf.Tensor2D, rng: Rng, mode?: Mode): LossTerms;
  /**
   * What the term draws from the random stream for a batch of n (the statistics network's shuffle
   * of z; nothing for the encoder), as tensors: drawn before G's loss, which then reads only tensors
   * (replay/replayRegion.ts), in the same order of draws as `loss`.
   */
  draw(n: number, rng: Rng): tf.Tensor[];
  /** `loss` on what `draw` gave. */
  lossWith(fake: tf.Tensor2D, z: tf.Tensor2D, drawn: tf.Tensor[], mode?: Mode): LossTerms;
  dispose(): void;
}

/** The MI term of an energy objective, or undefined (other losses, or `mutualInformation.kind` none). */
export function createMutualInformation(config: Experiment, data: DataShape, rng: Rng): MutualInformationTerm | undefined {
  if (config.loss.kind !== 'energy') return undefined;
  const mi = config.loss.mutualInformation;
  const latentDim = config.latent.dim;
  switch (mi.kind) {
    case 'none':
      return undefined;
    case 'encoder': {
      const encoder =
        mi.network.kind === 'dcgan'
          ? new DcganDiscriminator('encoder', data.image, mi.network, rng.fork('encoder'), latentDim)
          : new Mlp('encoder', data.dim, latentDim, mi.network, rng.fork('encoder'));
      const draw = () => [];
      return term(
        'encoder',
        mi.weight,
        encoder,
        createOptimizer(config.optimizer.generator, encoder.trainable),
        draw,
        (fake, z, _drawn, mode) => {
          const reconstruction = tf.mean(tf.sum(tf.square(tf.sub(z, encoder.apply(fake, mode))), 1)) as tf.Scalar;
          return { unweighted: reconstruction, components: { 'mi.reconstruction': reconstruction } };
        },
      );
    }
    case 'statisticsNetwork': {
      const statistics = new StatisticsNetwork('statistics', mi.network, data, latentDim, rng.fork('statistics'));
      const optimizer = createOptimizer(config.optimizer.generator, statistics.trainable);
      const draw = (n: number, rng: Rng) => [tf.tensor1d(permutation(n, rng), 'int32')];
      return term('statisticsNetwork', mi.weight, statistics, optimizer, draw, (fake, z, [order], mode) => {
        const shuffled = tf.gather(z, order!);
        const scores = statistics.score(tf.concat([fake, fake], 0), tf.concat([z, shuffled], 0), mode);
        const [joint, marginal] = tf.split(scores, 2, 0) as [tf.Tensor2D, tf.Tensor2D];
        // BCE with logits, label 1 for the joint pairs and 0 for the shuffled ones, over all 2n rows.
        const bce = tf.mul(tf.add(tf.mean(tf.softplus(tf.neg(joint))), tf.mean(tf.softplus(marginal))), 0.5) as tf.Scalar;
        return { unweighted: bce, components: { 'mi.bce': bce, 'mi.estimate': tf.sub(2 * Math.LN2, tf.mul(bce, 2)) as tf.Scalar } };
      });
    }
  }
}

type Estimate = (
  fake: tf.Tensor2D,
  z: tf.Tensor2D,
  drawn: tf.Tensor[],
  mode: Mode,
) => { unweighted: tf.Scalar; components: Record<string, tf.Scalar> };

function term(
  kind: MutualInformationKind,
  weight: number,
  network: { trainable: tf.Variable[]; variables: tf.Variable[]; dispose(): void },
  optimizer: Optimizer,
  draw: (n: number, rng: Rng) => tf.Tensor[],
  estimate: Estimate,
): MutualInformationTerm {
  const lossWith = (fake: tf.Tensor2D, z: tf.Tensor2D, drawn: tf.Tensor[], mode: Mode = 'train'): LossTerms => {
    const { unweighted, components } = estimate(fake, z, drawn, mode);
    return { total: tf.mul(unweighted, weight) as tf.Scalar, components };
  };
  return {
    kind,
    weight,
    optimizer,
    get trainable() {
      return network.trainable;
    },
    get variables() {
      return network.variables;
    },
    draw,
    lossWith,
    // The draws are the caller's scope's tensors, as any other of the loss's.
    loss: (fake, z, rng, mode) => lossWith(fake, z, draw(z.shape[0], rng), mode),
    dispose() {
      network.dispose();
      optimizer.dispose();
    },
  };
}

/** A uniformly random permutation of 0..n−1 (Fisher–Yates) drawn from `rng`. */
export function permutation(n: number, rng: Rng): Int32Array {
  const out = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
