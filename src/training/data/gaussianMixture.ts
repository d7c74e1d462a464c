/** Isotropic Gaussian mixtures: the shared sampler behind ring, grid and mixture1d. */
import type { DataKind } from '../../shared/experiment/schema';
import type { Rng } from '../random';
import { layoutForDim, padBounds } from './bounds';
import type { Dataset, LabeledBatch, Mode } from './dataset';

/** How many standard deviations around each centre the bounds must hold. */
const BOUNDS_SIGMAS = 4;

/**
 * A dataset drawing from `modes` with probability proportional to `weights`. Components with zero
 * weight produce no samples, so they are left out of `modes` (mode coverage could never count them)
 * and of the classes (labels are indices into `modes`).
 */
export function gaussianMixtureDataset(kind: DataKind, modes: Mode[], weights: number[]): Dataset {
  const live = modes.flatMap((mode, i) => (weights[i]! > 0 ? [{ ...mode, weight: weights[i]! }] : []));
  const liveWeights = weights.filter((w) => w > 0);
  if (live.length === 0) throw new Error(`${kind}: every mixture weight is zero — give at least one component a positive weight`);
  const dim = live[0]!.centre.length;
  const cumulative = new Float64Array(liveWeights.length);
  let total = 0;
  liveWeights.forEach((w, i) => (cumulative[i] = total += w));

  const min = new Array<number>(dim).fill(Infinity);
  const max = new Array<number>(dim).fill(-Infinity);
  for (const mode of live) {
    for (let d = 0; d < dim; d++) {
      min[d] = Math.min(min[d]!, mode.centre[d]! - BOUNDS_SIGMAS * mode.std);
      max[d] = Math.max(max[d]!, mode.centre[d]! + BOUNDS_SIGMAS * mode.std);
    }
  }

  const sampleLabeled = (n: number, rng: Rng): LabeledBatch => {
    const x = new Float32Array(n * dim);
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const component = rng.categorical(cumulative);
      const mode = live[component]!;
      labels[i] = component;
      for (let d = 0; d < dim; d++) x[i * dim + d] = mode.centre[d]! + mode.std * rng.normal();
    }
    return { x, labels };
  };

  return {
    kind,
    dim,
    layout: layoutForDim(dim),
    bounds: padBounds(min, max),
    modes: live,
    // A sample's class is its component, named by its index in the config (a zero-weight one has no class).
    classes: { names: weights.flatMap((w, i) => (w > 0 ? [String(i)] : [])) },
    sample: (n, rng) => sampleLabeled(n, rng).x,
    sampleLabeled,
  };
}
