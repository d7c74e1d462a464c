/**
 * Writes two synthetic runs with the `energy` loss for the harness and the render tests, with known
 * energies so that a view can be checked against them: `energy-ring8` (2-D, statistics-network MI)
 * whose U is a bowl with 8 wells on the ring's modes, deepening over the steps, and
 * `energy-mixture1d` (1-D, encoder MI) whose U is −log of a mixture that sharpens onto the data's.
 * The real data's cell probabilities come from the trainer's own code.
 *
 *   node --import tsx webview/harness/energyRun.ts [runs-root]   (default /tmp/harness-runs)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Experiment } from '../../src/shared/experiment/schema';
import { validateExperiment } from '../../src/shared/experiment/validate';
import { RUN_FORMAT_VERSION, type MetricRecord, type RunMeta, type SampleRecord } from '../../src/shared/runFormat';
import { createDataset } from '../../src/training/data/createDataset';
import type { Dataset } from '../../src/training/data/dataset';
import { Rng } from '../../src/training/random';
import { realCellProbabilities } from '../../src/training/recording/realDensity';

export const ENERGY_RING_RUN = 'energy-ring8';
export const ENERGY_LINE_RUN = 'energy-mixture1d';

const STEPS = 1500;
const SAMPLES_EVERY = 250;
const RESOLUTION = 48;
const SAMPLE_COUNT = 256;
/** Radius and depth of the 2-D run's wells; the bowl's curvature. */
const WELL_WIDTH = 0.3;
const WELL_DEPTH = 6;
const BOWL = 0.6;

function experiment(name: string, data: object, mutualInformation: object): Experiment {
  const result = validateExperiment(
    JSON.stringify({
      name,
      description: 'Synthetic energy run (harness).',
      seed: 5,
      data,
      latent: { dim: 2 },
      generator: { kind: 'mlp', hidden: [64, 64] },
      discriminator: { kind: 'mlp', hidden: [64, 64] },
      loss: { kind: 'energy', lambda: 0.1, mutualInformation },
      schedule: { steps: STEPS, batchSize: 256 },
      logging: { metricsEvery: 10, histogramsEvery: 100, samplesEvery: SAMPLES_EVERY, checkpointEvery: 0, gridResolution: RESOLUTION },
    }),
  );
  if (!result.ok) throw new Error(`${name}: ${result.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  return result.config;
}

/** The 2-D energy at a training progress in (0, 1]: a bowl with wells on the modes that deepen as training goes on. */
export function ringEnergy(dataset: Dataset, progress: number): (x: number, y: number) => number {
  const centres = dataset.modes!.map((m) => m.centre);
  return (x, y) => {
    let wells = 0;
    for (const [cx, cy] of centres) wells += Math.exp(-((x - cx!) ** 2 + (y - cy!) ** 2) / (2 * WELL_WIDTH ** 2));
    return BOWL * (x * x + y * y) - WELL_DEPTH * progress * wells;
  };
}

/** The 1-D energy: −log of the data's mixture with each std widened early in training. */
function lineEnergy(dataset: Dataset, progress: number): (x: number) => number {
  const modes = dataset.modes!;
  const total = modes.reduce((s, m) => s + (m.weight ?? 1), 0);
  return (x) => {
    let p = 0;
    for (const m of modes) {
      const std = m.std * (1 + 4 * (1 - progress));
      p += (((m.weight ?? 1) / total) * Math.exp(-((x - m.centre[0]!) ** 2) / (2 * std * std))) / (std * Math.sqrt(2 * Math.PI));
    }
    return -Math.log(p + 1e-12);
  };
}

const round = (v: number) => Math.round(v * 1e5) / 1e5;

/** Samples near the modes, spread wider early in training, as a generator learning the data would put them. */
function generated(dataset: Dataset, rng: Rng, progress: number): number[][] {
  const modes = dataset.modes!;
  const spread = 0.05 + 0.6 * (1 - progress);
  return Array.from({ length: SAMPLE_COUNT }, () => {
    const mode = modes[Math.floor(rng.next() * modes.length)]!;
    return mode.centre.map((c) => round(c + spread * rng.normal()));
  });
}

function metrics(step: number, miKind: 'encoder' | 'statisticsNetwork'): MetricRecord {
  const progress = step / STEPS;
  const real = -2 - 3 * progress;
  const fake = 1 + 2 * (1 - progress);
  const components: Record<string, number> = {
    'd.real': real,
    'd.fake': -fake,
    'd.gradientPenalty': 0.05 + 0.02 * Math.sin(step / 50),
    'g.adversarial': fake,
  };
  if (miKind === 'statisticsNetwork') {
    const bce = 1.3 - 0.9 * (1 - Math.exp(-step / 300));
    components['mi.bce'] = bce;
    components['mi.estimate'] = 2 * Math.LN2 - 2 * bce;
  } else {
    components['mi.reconstruction'] = 0.05 + 0.9 * Math.exp(-step / 250);
  }
  return {
    step,
    time: Date.UTC(2025, 0, 1) + step * 20,
    elapsed: step * 0.02,
    stepsPerSecond: 50,
    dLoss: real - fake + components['d.gradientPenalty']!,
    gLoss: fake,
    components,
    dReal: real,
    dFake: fake,
    gradNormD: 1,
    gradNormG: 1,
  };
}

function writeRun(runsRoot: string, config: Experiment, dataset: Dataset, record: (step: number, rng: Rng) => SampleRecord): string {
  const runId = '20250101-000000-enrg';
  const dir = join(runsRoot, config.name, runId);
  mkdirSync(join(dir, 'samples'), { recursive: true });
  const meta: RunMeta = {
    formatVersion: RUN_FORMAT_VERSION,
    runId,
    experimentName: config.name,
    experimentFile: join(runsRoot, '.experiments', `${config.name}.gan.json`),
    status: 'completed',
    backend: null,
    versions: { ganWorkbench: '0.0.0', tfjs: '0.0.0', node: process.versions.node },
    startedAt: new Date(Date.UTC(2025, 0, 1)).toISOString(),
    endedAt: new Date(Date.UTC(2025, 0, 1) + STEPS * 20).toISOString(),
    lastStep: STEPS,
    totalSteps: STEPS,
    error: null,
    pid: 0,
    data: { dim: dataset.dim },
  };
  writeFileSync(join(dir, 'run.json'), JSON.stringify(meta, null, 2));
  writeFileSync(join(dir, 'experiment.json'), JSON.stringify(config, null, 2));
  const miKind = config.loss.kind === 'energy' && config.loss.mutualInformation.kind === 'encoder' ? 'encoder' : 'statisticsNetwork';
  const lines: string[] = [];
  for (let step = 10; step <= STEPS; step += 10) lines.push(JSON.stringify(metrics(step, miKind)));
  writeFileSync(join(dir, 'metrics.jsonl'), `${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'events.jsonl'), '');
  const rng = new Rng(11);
  for (let step = SAMPLES_EVERY; step <= STEPS; step += SAMPLES_EVERY) {
    writeFileSync(join(dir, 'samples', `step-${String(step).padStart(8, '0')}.json`), JSON.stringify(record(step, rng)));
  }
  return dir;
}

/** Writes both runs under `runsRoot/<name>/<run id>/`; resolves with their directories. */
export function writeEnergyRuns(runsRoot: string): { ring: string; line: string } {
  const ringConfig = experiment(ENERGY_RING_RUN, { kind: 'ring', modes: 8, radius: 2, std: 0.02 }, { kind: 'statisticsNetwork' });
  const ring = createDataset(ringConfig.data, '.');
  const [xMin, yMin] = ring.bounds.min as [number, number];
  const [xMax, yMax] = ring.bounds.max as [number, number];
  const realGrid = realCellProbabilities(
    ring,
    { min: xMin, max: xMax, cells: RESOLUTION },
    { min: yMin, max: yMax, cells: RESOLUTION },
    ringConfig.seed,
  );
  const ringDir = writeRun(runsRoot, ringConfig, ring, (step, rng) => {
    const u = ringEnergy(ring, step / STEPS);
    const values: number[] = [];
    for (let row = 0; row < RESOLUTION; row++) {
      for (let col = 0; col < RESOLUTION; col++) {
        values.push(round(u(xMin + ((col + 0.5) / RESOLUTION) * (xMax - xMin), yMin + ((row + 0.5) / RESOLUTION) * (yMax - yMin))));
      }
    }
    const real = ring.sample(SAMPLE_COUNT, rng);
    return {
      step,
      dataKind: 'ring',
      layout: 'points2d',
      fixed: generated(ring, new Rng(3), step / STEPS),
      fresh: generated(ring, rng, step / STEPS),
      real: Array.from({ length: SAMPLE_COUNT }, (_, i) => [round(real[2 * i]!), round(real[2 * i + 1]!)]),
      grid: { xMin, xMax, yMin, yMax, resolution: RESOLUTION, values, realProbability: realGrid },
    };
  });

  const lineConfig = experiment(
    ENERGY_LINE_RUN,
    { kind: 'mixture1d', means: [-3, 0, 3], stds: [0.3, 0.3, 0.3], weights: [1, 2, 1] },
    { kind: 'encoder' },
  );
  const mixture = createDataset(lineConfig.data, '.');
  const lo = mixture.bounds.min[0]!;
  const hi = mixture.bounds.max[0]!;
  const cells = RESOLUTION * 4;
  const realLine = realCellProbabilities(mixture, { min: lo, max: hi, cells }, undefined, lineConfig.seed);
  const lineDir = writeRun(runsRoot, lineConfig, mixture, (step, rng) => {
    const u = lineEnergy(mixture, step / STEPS);
    const real = mixture.sample(SAMPLE_COUNT, rng);
    return {
      step,
      dataKind: 'mixture1d',
      layout: 'points1d',
      fixed: generated(mixture, new Rng(3), step / STEPS),
      fresh: generated(mixture, rng, step / STEPS),
      real: Array.from(real, (v) => [round(v)]),
      line: {
        xMin: lo,
        xMax: hi,
        values: Array.from({ length: cells }, (_, i) => round(u(lo + ((i + 0.5) / cells) * (hi - lo)))),
        realProbability: realLine,
      },
    };
  });
  return { ring: ringDir, line: lineDir };
}

if (require.main === module) {
  const dirs = writeEnergyRuns(process.argv[2] ?? '/tmp/harness-runs');
  console.log(`energy runs: ${dirs.ring}, ${dirs.line}`);
}
