import type { DataConfig } from '../../shared/experiment/schema';
import type { Rng } from '../random';
import { padBounds } from './bounds';
import type { Dataset } from './dataset';

export type MoonsConfig = Extract<DataConfig, { kind: 'moons' }>;

const NOISE_SIGMAS = 4;
/** Centre of scikit-learn's moons, which span x ∈ [−1, 2], y ∈ [−0.5, 1]. */
const CENTRE_X = 0.5;
const CENTRE_Y = 0.25;

/**
 * Two interleaving half circles as in scikit-learn make_moons, with t ~ U[0, π]: even rows on the
 * outer moon (cos t, sin t), odd rows on the inner one (1 − cos t, 0.5 − sin t). Centred on the
 * origin, scaled, then N(0, noise²) is added to each coordinate.
 */
export function createMoonsDataset(config: MoonsConfig): Dataset {
  const halfWidth = 1.5 * config.scale + NOISE_SIGMAS * config.noise;
  const halfHeight = 0.75 * config.scale + NOISE_SIGMAS * config.noise;
  return {
    kind: 'moons',
    dim: 2,
    layout: 'points2d',
    bounds: padBounds([-halfWidth, -halfHeight], [halfWidth, halfHeight]),
    sample(n: number, rng: Rng): Float32Array {
      const out = new Float32Array(n * 2);
      for (let i = 0; i < n; i++) {
        const t = rng.uniform(0, Math.PI);
        const outer = i % 2 === 0;
        const x = outer ? Math.cos(t) : 1 - Math.cos(t);
        const y = outer ? Math.sin(t) : 0.5 - Math.sin(t);
        out[2 * i] = (x - CENTRE_X) * config.scale + config.noise * rng.normal();
        out[2 * i + 1] = (y - CENTRE_Y) * config.scale + config.noise * rng.normal();
      }
      return out;
    },
  };
}
