/** What a sampling result keeps of its chains' trace, as plain JSON numbers (null where not finite). */
import type { ChainPaths, SamplingTrace } from '../../shared/runFormat';
import type { ChainTrace } from './chainTrace';

/** Paths are kept for at most this many chains (more would hide one another). */
export const MAX_PATH_CHAINS = 16;
/** Longer chains record evenly spaced steps: about this many. */
export const MAX_TRACE_POINTS = 500;

/** Record every n-th step so that about MAX_TRACE_POINTS are kept. */
export function recordEvery(steps: number): number {
  return Math.max(1, Math.ceil(steps / MAX_TRACE_POINTS));
}

/** Rounded to 5 significant digits; null when not finite (JSON has no NaN or ∞). */
export function jsonNumber(v: number): number | null {
  return Number.isFinite(v) ? Number(v.toPrecision(5)) : null;
}

export function jsonNumbers(values: ArrayLike<number>): (number | null)[] {
  return Array.from(values, jsonNumber);
}

/** Mean, min and max energy and the acceptance rate per recorded step (`trace.energies` must be kept). */
export function summarizeTrace(trace: ChainTrace, chains: number): SamplingTrace {
  const energies = trace.energies;
  if (!energies) throw new Error('the trace must keep every chain’s energy (record.energies)');
  const minEnergy: (number | null)[] = [];
  const maxEnergy: (number | null)[] = [];
  for (let r = 0; r < trace.steps.length; r++) {
    let min = Infinity;
    let max = -Infinity;
    let undefinedEnergy = false;
    for (let c = 0; c < chains; c++) {
      const e = energies[r * chains + c]!;
      if (Number.isNaN(e)) undefinedEnergy = true;
      min = Math.min(min, e);
      max = Math.max(max, e);
    }
    minEnergy.push(undefinedEnergy ? null : jsonNumber(min));
    maxEnergy.push(undefinedEnergy ? null : jsonNumber(max));
  }
  return {
    steps: Array.from(trace.steps),
    meanEnergy: jsonNumbers(trace.meanEnergy),
    minEnergy,
    maxEnergy,
    acceptanceRate: Array.from(trace.acceptanceRate, (a) => Number(a.toPrecision(5))),
  };
}

/** The kept paths as [chain][point][coordinate], the first two coordinates of each latent. */
export function chainPaths(trace: ChainTrace, latentDim: number): ChainPaths {
  const kept = Math.min(2, latentDim);
  const points = trace.steps.length + 1;
  const chains: (number | null)[][][] = [];
  for (let c = 0; c < trace.pathChains; c++) {
    const path: (number | null)[][] = [];
    for (let p = 0; p < points; p++) {
      const offset = (p * trace.pathChains + c) * latentDim;
      path.push(jsonNumbers(trace.paths.subarray(offset, offset + kept)));
    }
    chains.push(path);
  }
  return { latentDim, complete: latentDim <= 2, steps: [0, ...trace.steps], chains };
}
