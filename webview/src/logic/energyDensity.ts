/**
 * The density an energy defines, q(x) = exp(−U(x)) / Z, on the cells of a samples record's grid or
 * line: Z is the sum over the cells, so q is what the energy says about the region the views show
 * (mass outside it is ignored), comparable cell by cell with the real data's probabilities.
 */

/**
 * softmax(−U): each cell's share exp(−U) / Σ exp(−U), shifted by the lowest energy so that large
 * energies cannot overflow; cells with a non-finite energy get 0 (all 0 when none is finite).
 */
export function boltzmannProbabilities(energies: readonly number[]): number[] {
  let lowest = Infinity;
  for (const u of energies) if (Number.isFinite(u) && u < lowest) lowest = u;
  if (lowest === Infinity) return energies.map(() => 0);
  const weights = energies.map((u) => (Number.isFinite(u) ? Math.exp(lowest - u) : 0));
  const total = weights.reduce((s, w) => s + w, 0);
  return weights.map((w) => w / total);
}

/** Cell probabilities along [xMin, xMax] (equal cells) as a density: integrates to 1 over the line. */
export function probabilityToDensity(probabilities: readonly number[], xMin: number, xMax: number): number[] {
  const width = (xMax - xMin) / probabilities.length;
  return probabilities.map((p) => (width > 0 ? p / width : 0));
}

/** exp(−U) along the line, normalised to a density over it. */
export function lineModelDensity(energies: readonly number[], xMin: number, xMax: number): number[] {
  return probabilityToDensity(boltzmannProbabilities(energies), xMin, xMax);
}

/** The largest finite value of the maps (0 when there is none): the top of a colour scale they share. */
export function sharedMaximum(...maps: readonly (readonly number[])[]): number {
  let top = 0;
  for (const map of maps) for (const v of map) if (Number.isFinite(v) && v > top) top = v;
  return top;
}

/** Decades below the top that a density colour scale spans. */
export const DENSITY_DECADES = 3;

/**
 * Position on a logarithmic colour scale of `decades` decades ending at `top`: 1 at top, 0 at
 * top·10^−decades and below (and for 0 or non-finite values).
 */
export function logScalePosition(p: number, top: number, decades = DENSITY_DECADES): number {
  if (!(top > 0) || !(p > 0) || !Number.isFinite(p)) return 0;
  return Math.min(1, Math.max(0, 1 + Math.log10(p / top) / decades));
}
