import type { DataConfig } from '../../shared/experiment/schema';
import type { Rng } from '../random';
import { padBounds } from './bounds';
import type { Dataset } from './dataset';

export type ParabolaConfig = Extract<DataConfig, { kind: 'parabola' }>;

/** `points` evenly spaced positions on [xMin, xMax], both ends included. */
export function parabolaX(config: ParabolaConfig): number[] {
  const step = (config.xMax - config.xMin) / (config.points - 1);
  return Array.from({ length: config.points }, (_, i) => (i === config.points - 1 ? config.xMax : config.xMin + i * step));
}

/** The seed's toy: each sample is the curve y = a·x² + (a − 1) at fixed x, with a ~ U[aMin, aMax]. */
export function createParabolaDataset(config: ParabolaConfig): Dataset {
  const curveX = parabolaX(config);
  const dim = curveX.length;
  // y is linear in a, so the band at each x runs between the curves of aMin and aMax.
  const curve = (a: number, x: number) => a * x * x + (a - 1);
  const low = curveX.map((x) => Math.min(curve(config.aMin, x), curve(config.aMax, x)));
  const high = curveX.map((x) => Math.max(curve(config.aMin, x), curve(config.aMax, x)));

  return {
    kind: 'parabola',
    dim,
    layout: 'curves',
    bounds: padBounds(low, high),
    curveX,
    sample(n: number, rng: Rng): Float32Array {
      const out = new Float32Array(n * dim);
      for (let i = 0; i < n; i++) {
        const a = rng.uniform(config.aMin, config.aMax);
        for (let d = 0; d < dim; d++) out[i * dim + d] = curve(a, curveX[d]!);
      }
      return out;
    },
  };
}
