/**
 * The numbers behind a sampling result's plots: energy per step with its band (step 0 = the start),
 * the square shown of the latent space, and the energy range its colours span.
 */
import type { ChainPaths, SamplingRecord } from '../../../src/shared/runFormat';
import { robustExtent, type Range } from './plotScale';

export interface EnergyBand {
  steps: number[];
  /** NaN where the energy was not finite. */
  mean: number[];
  min: number[];
  max: number[];
}

const orNaN = (v: number | null | undefined) => (typeof v === 'number' ? v : NaN);

/** Mean, min and max energy over the chains per recorded step, starting at step 0 from the start energies. */
export function energyBand(record: SamplingRecord): EnergyBand {
  const start = record.startEnergies.map(orNaN);
  const finite = start.every(Number.isFinite) && start.length > 0;
  const t = record.trace;
  return {
    steps: [0, ...t.steps],
    mean: [finite ? start.reduce((a, b) => a + b, 0) / start.length : NaN, ...t.meanEnergy.map(orNaN)],
    min: [finite ? Math.min(...start) : NaN, ...t.minEnergy.map(orNaN)],
    max: [finite ? Math.max(...start) : NaN, ...t.maxEnergy.map(orNaN)],
  };
}

/** Half the side of the square of latent space to show: the energy grid's, else one holding the paths and the prior's bulk. */
export function latentHalfSide(paths: ChainPaths, distribution: 'normal' | 'uniform'): number {
  if (paths.energyGrid) return paths.energyGrid.max;
  let half = distribution === 'normal' ? 3 : 1;
  for (const path of paths.chains)
    for (const point of path) for (const v of point) if (typeof v === 'number') half = Math.max(half, Math.abs(v) * 1.05);
  return half;
}

/** Radii of the prior's contours drawn under the paths (standard normal: 1σ, 2σ, 3σ). */
export function priorContourRadii(half: number): number[] {
  return [1, 2, 3].filter((r) => r < half * Math.SQRT2);
}

/** The energies the colour ramp spans: 2nd to 98th percentile, so a few extreme cells do not wash it out. */
export function energyColorRange(values: readonly (number | null)[]): Range | null {
  return robustExtent(
    values.filter((v): v is number => typeof v === 'number'),
    0.02,
    0.98,
  );
}
