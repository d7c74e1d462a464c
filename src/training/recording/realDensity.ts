/**
 * The real data's probability of each cell of the samples record's grid (2-D) or line (1-D), so the
 * views can set a model's density beside the data's. Exact for Gaussian mixtures (each component's
 * mass over the cell, from the normal CDF: σ is often far below a cell, so a density taken at cell
 * centres would miss modes); otherwise the share of a large seeded real sample falling in each cell.
 */
import type { Dataset, Mode } from '../data/dataset';
import { Rng } from '../random';

/** Real samples binned when the data has no known components. */
export const REAL_DENSITY_SAMPLES = 20_000;

/** Cells of one axis: `cells` equal intervals from `min` to `max`. */
export interface CellAxis {
  min: number;
  max: number;
  cells: number;
}

/**
 * Probabilities of the cells of `x` × `y` (row-major, row 0 at y.min; for 1-D data `y` is absent),
 * summing to 1 over the cells (0 everywhere when no real sample falls inside). `seed` seeds the
 * sample for data without components, so every record of a run gets the same values.
 */
export function realCellProbabilities(dataset: Dataset, x: CellAxis, y: CellAxis | undefined, seed: number): number[] {
  const modes = dataset.modes;
  const exact = modes && modes.length > 0 && modes[0]!.centre.length === dataset.dim;
  const masses = exact ? mixtureMasses(modes, x, y) : sampledMasses(dataset, x, y, seed);
  const total = masses.reduce((s, m) => s + m, 0);
  return masses.map((m) => (total > 0 ? roundProbability(m / total) : 0));
}

function mixtureMasses(modes: readonly Mode[], x: CellAxis, y: CellAxis | undefined): number[] {
  const masses = new Array<number>(x.cells * (y?.cells ?? 1)).fill(0);
  const weights = modes.map((m) => m.weight ?? 1);
  const totalWeight = weights.reduce((s, w) => s + w, 0);
  modes.forEach((mode, k) => {
    const weight = weights[k]! / totalWeight;
    const alongX = axisMasses(x, mode.centre[0]!, mode.std);
    const alongY = y ? axisMasses(y, mode.centre[1]!, mode.std) : [1];
    // Isotropic components factor into a mass per column times a mass per row.
    alongY.forEach((my, row) => {
      if (my === 0) return;
      alongX.forEach((mx, col) => (masses[row * x.cells + col]! += weight * mx * my));
    });
  });
  return masses;
}

/** Mass of N(mean, std²) in each cell of the axis. */
function axisMasses(axis: CellAxis, mean: number, std: number): number[] {
  const width = (axis.max - axis.min) / axis.cells;
  const edges = Array.from({ length: axis.cells + 1 }, (_, i) => normalCdf((axis.min + i * width - mean) / std));
  return Array.from({ length: axis.cells }, (_, i) => Math.max(0, edges[i + 1]! - edges[i]!));
}

function sampledMasses(dataset: Dataset, x: CellAxis, y: CellAxis | undefined, seed: number): number[] {
  const counts = new Array<number>(x.cells * (y?.cells ?? 1)).fill(0);
  const points = dataset.sample(REAL_DENSITY_SAMPLES, new Rng(seed).fork('real-density'));
  const dim = dataset.dim;
  for (let i = 0; i < REAL_DENSITY_SAMPLES; i++) {
    const col = cellOf(points[i * dim]!, x);
    const row = y ? cellOf(points[i * dim + 1]!, y) : 0;
    if (col >= 0 && row >= 0) counts[row * x.cells + col]!++;
  }
  return counts;
}

/** The cell a value falls in, −1 outside the axis (the upper end falls in the last cell). */
function cellOf(v: number, axis: CellAxis): number {
  if (!(v >= axis.min && v <= axis.max)) return -1;
  return Math.min(axis.cells - 1, Math.floor(((v - axis.min) / (axis.max - axis.min)) * axis.cells));
}

/** Four significant digits (enough for a picture, and short in JSON); shares below 1e-9 become 0. */
function roundProbability(p: number): number {
  return p < 1e-9 ? 0 : Number(p.toPrecision(4));
}

/** Φ(t), the standard normal CDF, with relative accuracy about 1e-7 in both tails. */
export function normalCdf(t: number): number {
  return 0.5 * erfc(-t / Math.SQRT2);
}

/** Complementary error function (Numerical Recipes' erfcc: fractional error below 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
