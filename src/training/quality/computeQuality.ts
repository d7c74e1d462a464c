import type { DataConfig } from '../../shared/experiment/schema';
import type { QualityMetrics } from '../../shared/runFormat';
import type { Dataset } from '../data/dataset';
import { binnedDivergence1d, binnedDivergence2d } from './binnedDivergence';
import { curveFit } from './curveFit';
import { imageQuality } from './imageQuality';
import { modeCoverage } from './modeCoverage';
import { shapeQuality } from './shapeFit';
import { precisionRecall } from './statistics/precisionRecall';
import { wasserstein1d } from './wasserstein1d';

const BINS_1D = 64;

/**
 * The quality metrics that make sense for the data kind: binned JS/KL (+ exact W1 in 1-D) and
 * k-NN precision and recall in data space (k = 3) for 1-D and 2-D data, mode coverage where the
 * components are known, curve fit for parabolas, the blob and ink measures of imageQuality for
 * images, with the shape fit of shapeFit for the shapes data set; {} otherwise.
 * `real` and `fake` are row-major samples of dataset.dim features.
 */
export function computeQuality(dataset: Dataset, real: Float32Array, fake: Float32Array, config: DataConfig): QualityMetrics {
  if (dataset.image !== undefined) {
    const metrics = imageQuality(real, fake, dataset.image);
    if (config.kind === 'shapes') Object.assign(metrics, shapeQuality(real, fake, dataset.image, config.shapes));
    return finiteOnly(metrics);
  }
  const metrics: QualityMetrics = {};
  if (config.kind === 'parabola') {
    Object.assign(metrics, curveFit(fake, dataset.curveX ?? [], config.aMin, config.aMax));
  } else if (dataset.dim === 1) {
    Object.assign(metrics, binnedDivergence1d(real, fake, dataset.bounds.min[0]!, dataset.bounds.max[0]!, BINS_1D));
    metrics.wasserstein = wasserstein1d(real, fake);
    Object.assign(metrics, precisionRecall(real, fake, 1));
  } else if (dataset.dim === 2) {
    Object.assign(metrics, binnedDivergence2d(real, fake, dataset.bounds));
    Object.assign(metrics, precisionRecall(real, fake, 2));
  } else {
    return metrics;
  }
  if (dataset.modes !== undefined && dataset.modes.length > 0) {
    Object.assign(metrics, modeCoverage(fake, dataset.dim, dataset.modes));
  }
  return finiteOnly(metrics);
}

/** A diverged generator (NaN or ±∞ outputs) can make a metric non-finite; such a metric is left out, as JSON cannot hold it. */
function finiteOnly(metrics: QualityMetrics): QualityMetrics {
  return Object.fromEntries(Object.entries(metrics).filter(([, value]) => Number.isFinite(value))) as QualityMetrics;
}
