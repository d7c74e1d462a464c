/** E on a grid over a 2-D latent space, for the views to draw the chains' paths over. */
import * as tf from '@tensorflow/tfjs';
import type { ChainPaths } from '../../shared/runFormat';
import type { LatentEnergy } from './latentEnergy';
import { jsonNumbers } from './samplingTrace';

export const ENERGY_GRID_RESOLUTION = 48;
/** A standard normal prior puts nearly all its mass within 3 of the origin. */
const NORMAL_HALF_SIDE = 3;

/** The square [−r, r]² holding the prior's bulk (or the box) and every path point, with a margin. */
export function gridHalfSide(paths: ChainPaths, distribution: 'normal' | 'uniform'): number {
  let extent = distribution === 'normal' ? NORMAL_HALF_SIDE : 1;
  for (const path of paths.chains)
    for (const point of path) for (const v of point) if (v !== null) extent = Math.max(extent, Math.abs(v) * 1.05);
  return Number(extent.toPrecision(3));
}

export function latentEnergyGrid(energy: LatentEnergy, paths: ChainPaths, distribution: 'normal' | 'uniform'): ChainPaths['energyGrid'] {
  const half = gridHalfSide(paths, distribution);
  const n = ENERGY_GRID_RESOLUTION;
  const points = new Float32Array(n * n * 2);
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      const i = (row * n + col) * 2;
      points[i] = -half + ((col + 0.5) / n) * 2 * half;
      points[i + 1] = -half + ((row + 0.5) / n) * 2 * half;
    }
  }
  const values = tf.tidy(() => energy.energy(tf.tensor2d(points, [n * n, 2])).dataSync());
  return { min: -half, max: half, resolution: n, values: jsonNumbers(values) };
}
