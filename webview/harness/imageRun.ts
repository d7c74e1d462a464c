/**
 * Records a short run on image data for the harness and the render tests: the real trainer (MLP
 * G and D, quick to train) on the `shapes` data in colour, 28×28 RGB, so the samples are PNG grids.
 *
 *   node --import tsx webview/harness/imageRun.ts [runs-root]   (default /tmp/harness-runs)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Experiment } from '../../src/shared/experiment/schema';
import { validateExperiment } from '../../src/shared/experiment/validate';
import { Trainer } from '../../src/training/trainer';

export const IMAGE_RUN_NAME = 'shapes-rgb';

/** The experiment of the image run (MLP networks on coloured shapes). */
export function imageExperiment(steps: number): Experiment {
  const text = JSON.stringify({
    name: IMAGE_RUN_NAME,
    description: 'Coloured shapes, 28×28 RGB (harness: images layout).',
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

/** Trains the image run under `runsRoot/shapes-rgb/<run id>/`; resolves with the run directory. */
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
