import { rowCount, type FeatureMatrix } from './featureRows';

// Statistics of a classifier's class probabilities on generated images: n × classCount row-major
// matrices whose rows are distributions (a softmax output).

export interface ClassStatistics {
  /** Images whose most probable class is each class (images with no finite probability are in none). */
  histogram: number[];
  /** Classes with at least max(1, 0.2 · n / classCount) images: the rule of mode coverage (modeCoverage.ts). */
  covered: number;
  total: number;
  /** KL(class histogram ‖ uniform), in bits: 0 when every class is as frequent, log₂ classCount for one class. */
  kl: number;
  /** Classifier score exp E_x KL(p(y|x) ‖ p̄(y)) (natural log; the Inception-score analogue): 1 … classCount. */
  score: number;
}

export interface StackedModeStatistics {
  /** Images in each mode; mode index 100·red + 10·green + blue for 10 classes ("000" … "999"). */
  histogram: number[];
  /** Modes with at least one image (the rule of VEEGAN and PacGAN for Stacked MNIST). */
  covered: number;
  /** classCount³: 1,000 for digits. */
  total: number;
  /** KL(mode histogram ‖ uniform), in bits. */
  kl: number;
}

/** The share of the even share a class needs to count as covered, as for the toys' modes. */
const COVERAGE_FRACTION = 0.2;

export function classStatistics(probabilities: FeatureMatrix, classCount: number): ClassStatistics {
  const n = rowCount(probabilities, classCount);
  const histogram = countLabels(argmaxRows(probabilities, classCount), classCount);
  const threshold = Math.max(1, (COVERAGE_FRACTION * n) / classCount);
  return {
    histogram,
    covered: histogram.filter((count) => count >= threshold).length,
    total: classCount,
    kl: klFromUniformBits(histogram),
    score: classifierScore(probabilities, classCount),
  };
}

/**
 * Stacked MNIST: the mode of an image is the triple of the classes of its three channels, each
 * classified on its own (each argument holds one channel's probabilities, for the same n images).
 */
export function stackedModeStatistics(
  red: FeatureMatrix,
  green: FeatureMatrix,
  blue: FeatureMatrix,
  classCount = 10,
): StackedModeStatistics {
  const channels = [red, green, blue].map((probabilities) => argmaxRows(probabilities, classCount));
  const n = channels[0]!.length;
  if (channels.some((labels) => labels.length !== n)) throw new Error('every channel needs the probabilities of the same images');
  const total = classCount ** 3;
  const modes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const [r, g, b] = [channels[0]![i]!, channels[1]![i]!, channels[2]![i]!];
    modes[i] = r < 0 || g < 0 || b < 0 ? -1 : (r * classCount + g) * classCount + b;
  }
  const histogram = countLabels(modes, total);
  return { histogram, covered: histogram.filter((count) => count >= 1).length, total, kl: klFromUniformBits(histogram) };
}

/** Conditional runs: the share of images whose most probable class is the one requested for it. */
export function labelAgreement(probabilities: FeatureMatrix, classCount: number, requested: Int32Array): number {
  const predicted = argmaxRows(probabilities, classCount);
  if (predicted.length !== requested.length) throw new Error(`${predicted.length} images but ${requested.length} requested labels`);
  let agreeing = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] === requested[i]) agreeing++;
  return predicted.length > 0 ? agreeing / predicted.length : NaN;
}

/** The most probable class of each row (the first on ties); −1 for a row with no finite value. */
export function argmaxRows(probabilities: FeatureMatrix, classCount: number): Int32Array {
  const n = rowCount(probabilities, classCount);
  const out = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    let best = -Infinity;
    for (let c = 0; c < classCount; c++) {
      const p = probabilities[i * classCount + c]!;
      if (Number.isFinite(p) && (out[i]! < 0 || p > best)) {
        best = p;
        out[i] = c;
      }
    }
  }
  return out;
}

/** exp of the mean KL(p(y|x) ‖ p̄(y)), p̄ the mean of the rows; 0 · log 0 counts as 0. */
export function classifierScore(probabilities: FeatureMatrix, classCount: number): number {
  const n = rowCount(probabilities, classCount);
  const marginal = new Float64Array(classCount);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < classCount; c++) marginal[c] += probabilities[i * classCount + c]! / n;
  }
  let klSum = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < classCount; c++) {
      const p = probabilities[i * classCount + c]!;
      if (p !== 0) klSum += p * Math.log(p / marginal[c]!);
    }
  }
  return Math.exp(klSum / n);
}

function countLabels(labels: Int32Array, bins: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  for (const label of labels) if (label >= 0) counts[label]!++;
  return counts;
}

/** KL(counts / total ‖ uniform) in bits; NaN for an empty histogram. */
function klFromUniformBits(counts: readonly number[]): number {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return NaN;
  let kl = 0;
  for (const count of counts) {
    if (count > 0) kl += (count / total) * Math.log2((count / total) * counts.length);
  }
  return kl;
}
