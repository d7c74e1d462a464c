/**
 * The energy read from a trained discriminator: U = D where D is trained low on real data (energy,
 * neuralDistance), U = −D where it is trained high there (the sigmoid losses, whose D is the logit,
 * so U = −logit as in Che et al. 2020; WGAN, WGAN-GP, hinge, LSGAN), always in eval mode.
 */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type { LossKind } from '../../src/shared/experiment/schema';
import { Loss } from '../../src/shared/experiment/schema';
import { selectBackend } from '../../src/training/backend';
import type { Mode, Network } from '../../src/training/models/network';
import { discriminatorEnergy, energyFormula, energySign } from '../../src/training/sampling/discriminatorEnergy';
import { latentEnergy } from '../../src/training/sampling/latentEnergy';

/** D(x) = first coordinate of x, [n, 1]; records the modes it was called in. */
function stubDiscriminator(modes: Mode[]): Network {
  return {
    name: 'stub',
    inputDim: 2,
    outputDim: 1,
    trainable: [],
    variables: [],
    apply: (x: tf.Tensor2D, mode: Mode) => {
      modes.push(mode);
      return tf.slice(x, [0, 0], [-1, 1]);
    },
    toLayersModel: () => {
      throw new Error('not needed');
    },
    dispose: () => undefined,
  };
}

const LOW_ON_REAL: LossKind[] = ['energy', 'neuralDistance'];
const HIGH_ON_REAL: LossKind[] = ['minimax', 'nonSaturating', 'wgan', 'wganGp', 'hinge', 'lsgan'];

describe('the energy of a trained discriminator', () => {
  before(async () => {
    await selectBackend('cpu');
  });

  it('covers every loss kind of the schema', () => {
    const kinds = Loss.anyOf.map((l) => l.properties.kind.const as LossKind);
    assert.deepEqual([...kinds].sort(), [...LOW_ON_REAL, ...HIGH_ON_REAL].sort());
  });

  for (const loss of [...LOW_ON_REAL, ...HIGH_ON_REAL]) {
    const sign = LOW_ON_REAL.includes(loss) ? 1 : -1;
    it(`${loss}: U(x) = ${sign === 1 ? '' : '−'}D(x), in eval mode`, () => {
      const modes: Mode[] = [];
      const u = tf.tidy(() => discriminatorEnergy(stubDiscriminator(modes), loss)(tf.tensor2d([2, 0, -3, 1], [2, 2])).arraySync());
      assert.deepEqual(u, [[2 * sign], [-3 * sign]]);
      assert.equal(energySign(loss), sign);
      assert.deepEqual(modes, ['eval']);
      assert.match(energyFormula(loss), sign === 1 ? /^U\(x\) = D\(x\)/ : /^U\(x\) = −(logit )?D\(x\)/);
    });
  }

  it('non-saturating: E(z) = −logit D(G(z))/T + ‖z‖²/2 (Che et al.), so MCMC moves towards what D calls real', () => {
    const energy = latentEnergy({
      energy: discriminatorEnergy(stubDiscriminator([]), 'nonSaturating'),
      generator: (z) => z,
      temperature: 0.5,
      prior: true,
    });
    const { values, grad } = tf.tidy(() => {
      const { energy: e, grad: g } = energy.valueAndGrad(tf.tensor2d([1, 2], [1, 2]));
      return { values: e.arraySync(), grad: g.arraySync() };
    });
    // −1/0.5 + (1 + 4)/2 = 0.5; ∇ = (−1/0.5 + 1, 2).
    assert.deepEqual(values, [0.5]);
    assert.deepEqual(grad, [[-1, 2]]);
  });
});
