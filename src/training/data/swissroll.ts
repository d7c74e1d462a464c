import type { DataConfig } from '../../shared/experiment/schema';
import type { Rng } from '../random';
import { padBounds } from './bounds';
import type { Dataset } from './dataset';

export type SwissRollConfig = Extract<DataConfig, { kind: 'swissroll' }>;

const T_MIN = 1.5 * Math.PI;
const T_MAX = 4.5 * Math.PI;
const NOISE_SIGMAS = 4;

/** (t·cos t, t·sin t)·scale with t ~ U[1.5π, 4.5π], plus N(0, noise²) on each coordinate. */
export function createSwissRollDataset(config: SwissRollConfig): Dataset {
  return {
    kind: 'swissroll',
    dim: 2,
    layout: 'points2d',
    bounds: swissRollBounds(config),
    sample(n: number, rng: Rng): Float32Array {
      const out = new Float32Array(n * 2);
      for (let i = 0; i < n; i++) {
        const t = rng.uniform(T_MIN, T_MAX);
        out[2 * i] = t * Math.cos(t) * config.scale + config.noise * rng.normal();
        out[2 * i + 1] = t * Math.sin(t) * config.scale + config.noise * rng.normal();
      }
      return out;
    },
  };
}

/** Extent of the noiseless spiral (traced densely), widened by 4σ of noise and a 10% margin. */
function swissRollBounds(config: SwissRollConfig): Dataset['bounds'] {
  const min = [Infinity, Infinity];
  const max = [-Infinity, -Infinity];
  const steps = 4096;
  for (let i = 0; i <= steps; i++) {
    const t = T_MIN + ((T_MAX - T_MIN) * i) / steps;
    const point = [t * Math.cos(t) * config.scale, t * Math.sin(t) * config.scale];
    for (let d = 0; d < 2; d++) {
      min[d] = Math.min(min[d]!, point[d]! - NOISE_SIGMAS * config.noise);
      max[d] = Math.max(max[d]!, point[d]! + NOISE_SIGMAS * config.noise);
    }
  }
  return padBounds(min, max);
}
