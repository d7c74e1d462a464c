/**
 * Builds the samples record: G on the fixed and a fresh z batch, a real batch, and D on a grid or line
 * with the real data's probability of each of its cells. A conditional GAN generates for the fixed
 * and fresh labels, and its D on the grid or line is the mean over the classes.
 */
import type { Experiment } from '../../shared/experiment/schema';
import type { SampleRecord } from '../../shared/runFormat';
import type { Dataset } from '../data/dataset';
import type { Gan } from '../gan';
import { discriminateAsync, discriminatorGradientAsync, generateAsync, toRows } from './evaluate';
import { realCellProbabilities, type CellAxis } from './realDensity';

export interface SampleInputs {
  step: number;
  fixedZ: Float32Array;
  freshZ: Float32Array;
  real: Float32Array;
  /** Conditional: the class of each row of fixedZ and freshZ. */
  fixedLabels?: Int32Array;
  freshLabels?: Int32Array;
}

export async function buildSampleRecord(gan: Gan, dataset: Dataset, config: Experiment, inputs: SampleInputs): Promise<SampleRecord> {
  const dim = dataset.dim;
  const fixed = await generateAsync(gan, inputs.fixedZ, inputs.fixedLabels);
  const record: SampleRecord = {
    step: inputs.step,
    dataKind: dataset.kind,
    layout: dataset.layout,
    fixed: toRows(fixed, dim),
    fresh: toRows(await generateAsync(gan, inputs.freshZ, inputs.freshLabels), dim),
    real: toRows(inputs.real, dim),
  };
  const resolution = config.logging.gridResolution;
  if (dataset.layout === 'curves' && dataset.curveX) record.curveX = dataset.curveX;
  if (dim === 2) {
    const [xMin, yMin] = dataset.bounds.min as [number, number];
    const [xMax, yMax] = dataset.bounds.max as [number, number];
    const points = new Float32Array(resolution * resolution * 2);
    for (let row = 0; row < resolution; row++) {
      for (let col = 0; col < resolution; col++) {
        const i = (row * resolution + col) * 2;
        points[i] = xMin + ((col + 0.5) / resolution) * (xMax - xMin);
        points[i + 1] = yMin + ((row + 0.5) / resolution) * (yMax - yMin);
      }
    }
    const x = { min: xMin, max: xMax, cells: resolution };
    const y = { min: yMin, max: yMax, cells: resolution };
    const realProbability = realProbabilityOf(dataset, x, y, config.seed);
    record.grid = { xMin, xMax, yMin, yMax, resolution, values: roundAll(await scoresOver(gan, points, 2)), realProbability };
    record.fixedGradients = toRows(await discriminatorGradientAsync(gan, fixed, 2, inputs.fixedLabels), 2);
  } else if (dim === 1) {
    const xMin = dataset.bounds.min[0]!;
    const xMax = dataset.bounds.max[0]!;
    const points = new Float32Array(resolution * 4);
    for (let i = 0; i < points.length; i++) points[i] = xMin + ((i + 0.5) / points.length) * (xMax - xMin);
    const realProbability = realProbabilityOf(dataset, { min: xMin, max: xMax, cells: points.length }, undefined, config.seed);
    record.line = { xMin, xMax, values: roundAll(await scoresOver(gan, points, 1)), realProbability };
  }
  return record;
}

/** D at each point; a conditional D's mean over the classes (each as likely, as the fakes are drawn). */
async function scoresOver(gan: Gan, points: Float32Array, dim: number): Promise<Float32Array> {
  const classes = gan.classes;
  if (classes === undefined) return discriminateAsync(gan, points, dim);
  const n = points.length / dim;
  const mean = new Float32Array(n);
  for (let c = 0; c < classes; c++) {
    const scores = await discriminateAsync(gan, points, dim, new Int32Array(n).fill(c));
    for (let i = 0; i < n; i++) mean[i] = mean[i]! + scores[i]! / classes;
  }
  return mean;
}

/** The real density is the same for every record of a run: computed once per data set and cells. */
const realProbabilities = new WeakMap<Dataset, Map<string, number[]>>();

function realProbabilityOf(dataset: Dataset, x: CellAxis, y: CellAxis | undefined, seed: number): number[] {
  const key = JSON.stringify([x, y, seed]);
  let byCells = realProbabilities.get(dataset);
  if (!byCells) realProbabilities.set(dataset, (byCells = new Map()));
  let values = byCells.get(key);
  if (!values) byCells.set(key, (values = realCellProbabilities(dataset, x, y, seed)));
  return values;
}

function roundAll(values: Float32Array): number[] {
  return Array.from(values, (v) => Math.round(v * 1e5) / 1e5);
}
