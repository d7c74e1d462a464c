import type { Experiment } from '../shared/experiment/schema';
import type { Rng } from './random';

/** n latent vectors from the configured prior: standard normal, or uniform on [−1, 1]. */
export function sampleLatent(rng: Rng, n: number, latent: Experiment['latent']): Float32Array {
  const out = new Float32Array(n * latent.dim);
  return latent.distribution === 'normal' ? rng.fillNormal(out) : rng.fillUniform(out, -1, 1);
}
