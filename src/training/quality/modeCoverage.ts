import type { Mode } from '../data/dataset';

export interface ModeCoverage {
  modesCovered: number;
  modesTotal: number;
  /** Share of generated points within 3σ of their nearest mode. */
  highQualityShare: number;
}

export interface ModeCoverageOptions {
  /**
   * A mode is covered when its high-quality points number at least max(1, coverageFraction · n / modes):
   * that fraction of what an even share of the n generated points would give it. Default 0.2.
   */
  coverageFraction?: number;
}

const HIGH_QUALITY_SIGMAS = 3;

/**
 * Mode-collapse check for mixtures with known components. Each generated point is assigned to the
 * mode whose centre is nearest (Euclidean); it is high quality when it lies within 3σ of that
 * centre, σ being that mode's std.
 */
export function modeCoverage(points: Float32Array, dim: number, modes: Mode[], options: ModeCoverageOptions = {}): ModeCoverage {
  const n = Math.floor(points.length / dim);
  const counts = new Array<number>(modes.length).fill(0);
  let highQuality = 0;
  for (let i = 0; i < n; i++) {
    let nearest = -1;
    let nearestSquared = Infinity;
    modes.forEach((mode, k) => {
      let squared = 0;
      for (let d = 0; d < dim; d++) {
        const diff = points[i * dim + d]! - mode.centre[d]!;
        squared += diff * diff;
      }
      if (squared < nearestSquared) {
        nearestSquared = squared;
        nearest = k;
      }
    });
    if (nearest < 0) continue;
    const limit = HIGH_QUALITY_SIGMAS * modes[nearest]!.std;
    if (nearestSquared <= limit * limit) {
      counts[nearest]!++;
      highQuality++;
    }
  }
  const threshold = Math.max(1, ((options.coverageFraction ?? 0.2) * n) / modes.length);
  return {
    modesCovered: counts.filter((c) => c >= threshold).length,
    modesTotal: modes.length,
    highQualityShare: n > 0 ? highQuality / n : 0,
  };
}
