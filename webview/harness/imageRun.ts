/**
 * Records a short run on image data for the harness and the render tests: the real trainer (MLP
 * G and D) on "blocks", a tiny procedural data set made here — one filled square or disc of a
 * random saturated colour on black, 28×28 RGB — so the samples are PNG grids.
 *
 *   node --import tsx webview/harness/imageRun.ts [runs-root]   (default /tmp/harness-runs)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Experiment } from '../../src/shared/experiment/schema';
import { validateExperiment } from '../../src/shared/experiment/validate';
import type { ImageShape } from '../../src/shared/runFormat';
import type { Dataset } from '../../src/training/data/dataset';
import type { Rng } from '../../src/training/random';
import { Trainer } from '../../src/training/trainer';

export const IMAGE_RUN_NAME = 'blocks-rgb';

/** Hue (0–1) → a fully saturated colour, each channel in [−1, 1]. */
function hueColor(hue: number): [number, number, number] {
  const channel = (offset: number) => {
    const t = Math.abs(((hue + offset) % 1) * 6 - 3);
    return Math.min(1, Math.max(0, t - 1)) * 2 - 1;
  };
  return [channel(0), channel(2 / 3), channel(1 / 3)];
}

/** One square or disc per image, side 8–15 px, anywhere inside, on black. */
export function blocksDataset(shape: ImageShape = { height: 28, width: 28, channels: 3 }): Dataset {
  const dim = shape.height * shape.width * shape.channels;
  return {
    kind: 'shapes',
    dim,
    layout: 'images',
    bounds: { min: new Array<number>(dim).fill(-1), max: new Array<number>(dim).fill(1) },
    image: shape,
    sample(n: number, rng: Rng): Float32Array {
      const out = new Float32Array(n * dim).fill(-1);
      for (let i = 0; i < n; i++) {
        const side = 8 + rng.int(8);
        const x0 = rng.int(shape.width - side + 1);
        const y0 = rng.int(shape.height - side + 1);
        const disc = rng.next() < 0.5;
        const color = shape.channels === 3 ? hueColor(rng.next()) : [1, 1, 1];
        const r = side / 2;
        for (let y = y0; y < y0 + side; y++) {
          for (let x = x0; x < x0 + side; x++) {
            if (disc && (x + 0.5 - x0 - r) ** 2 + (y + 0.5 - y0 - r) ** 2 > r * r) continue;
            const p = i * dim + (y * shape.width + x) * shape.channels;
            for (let c = 0; c < shape.channels; c++) out[p + c] = color[c]!;
          }
        }
      }
      return out;
    },
  };
}

/** The experiment of the image run (MLP networks; `data` names the shapes kind the blocks stand in for). */
export function imageExperiment(steps: number): Experiment {
  const text = JSON.stringify({
    name: IMAGE_RUN_NAME,
    description: 'Coloured squares and discs, 28×28 RGB (harness: images layout).',
    seed: 3,
    data: { kind: 'shapes', size: 28, channels: 3 },
    latent: { dim: 16 },
    generator: { kind: 'mlp', hidden: [128, 256], outputActivation: 'tanh' },
    discriminator: { kind: 'mlp', hidden: [256, 64], activation: 'leakyRelu' },
    loss: { kind: 'nonSaturating' },
    optimizer: {
      generator: { kind: 'adam', lr: 0.0005, beta1: 0.5, beta2: 0.999 },
      discriminator: { kind: 'adam', lr: 0.0005, beta1: 0.5, beta2: 0.999 },
    },
    schedule: { steps, batchSize: 32 },
    logging: {
      metricsEvery: 10,
      histogramsEvery: 50,
      samplesEvery: Math.max(1, Math.round(steps / 6)),
      checkpointEvery: 0,
      sampleCount: 36,
    },
    backend: 'wasm',
  });
  const result = validateExperiment(text);
  if (!result.ok) throw new Error(`image run experiment: ${result.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  return result.config;
}

/** Trains the image run under `runsRoot/blocks-rgb/<run id>/`; resolves with the run directory. */
export async function recordImageRun(runsRoot: string, steps = 300): Promise<string> {
  const experimentDir = join(runsRoot, '.experiments');
  mkdirSync(experimentDir, { recursive: true });
  const config = imageExperiment(steps);
  const experimentFile = join(experimentDir, `${IMAGE_RUN_NAME}.gan.json`);
  writeFileSync(experimentFile, JSON.stringify(config, null, 2));
  let runDir = '';
  let error = '';
  const trainer = new Trainer({
    experimentFile,
    config,
    outRoot: runsRoot,
    dataset: blocksDataset(),
    emit: (m) => {
      if (m.type === 'started') runDir = m.payload.runDir;
      if (m.type === 'failed') error = m.payload.error;
    },
  });
  const status = await trainer.run();
  if (status !== 'completed') throw new Error(`image run ${status}: ${error}`);
  return runDir;
}

if (require.main === module) {
  recordImageRun(process.argv[2] ?? '/tmp/harness-runs').then(
    (dir) => console.log(`image run: ${dir}`),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
