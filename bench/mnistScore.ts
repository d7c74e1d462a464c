/**
 * Scores the sample dumps of bench/pytorch/mnist_dcgan.py with the trainer's own learned MNIST
 * metric (Fréchet distance, KID, precision and recall in the classifier's features, classes
 * covered, classifier score), so PyTorch's images and a tfjs run's quality.jsonl are judged alike.
 * Prints one JSON line per evaluation on stdout:
 *   {"run", "seed", "step", "trainSeconds", "wallSeconds", "dLoss", "gLoss", "metrics", "classes", "scoreSeconds"}
 * and writes the first 64 images of each run's last dump as a PNG grid, RUN_DIR/samples-<step>.png.
 *
 * Run: npx tsx bench/mnistScore.ts RUN_DIR… [--experiment examples/mnist-dcgan.gan.json] [--backend wasm]
 * (bench/gpu/prepareCarry.sh bundles it into one file for the GPU machine).
 */
import * as tf from '@tensorflow/tfjs';
import { writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { BackendName } from '../src/shared/experiment/schema';
import { BACKENDS, oneOf, readOptions } from '../src/training/cli/options';
import { selectBackend } from '../src/training/backend';
import { encodeImageGrid, MAX_GRID_TILES } from '../src/training/recording/imageGrid';
import { DUMP_IMAGE_DIM, readEvalRecords, readRunSeed, readSampleDump } from './mnist/sampleDumps';
import { createSampleScorer } from './mnist/trainerMetric';

const USAGE = 'usage: mnistScore RUN_DIR… [--experiment FILE] [--backend auto|tensorflow|webgpu|wasm|cpu]';

interface Options {
  runs: string[];
  experiment: string;
  backend: BackendName;
}

function parseOptions(argv: string[]): Options {
  let experiment = join(__dirname, '..', 'examples', 'mnist-dcgan.gan.json');
  let backend: BackendName = 'wasm';
  const runs = readOptions(argv, ({ flag, value }) => {
    if (flag === '--experiment') experiment = value();
    else if (flag === '--backend') backend = oneOf(flag, value(), BACKENDS);
    else return false;
    return true;
  });
  if (runs === 'help' || runs.length === 0) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(runs === 'help' ? 0 : 2);
  }
  return { runs, experiment: resolve(experiment), backend };
}

async function scoreRun(runDir: string, experiment: string): Promise<void> {
  const records = readEvalRecords(runDir);
  if (records.length === 0) throw new Error(`${runDir}: evals.jsonl has no evaluations`);
  const scorer = await createSampleScorer(experiment, readRunSeed(runDir));
  try {
    for (const record of records) {
      const started = performance.now();
      const images = readSampleDump(runDir, record);
      const { metrics, classes } = await scorer.score(images);
      const line = {
        run: basename(runDir),
        seed: scorer.seed,
        step: record.step,
        trainSeconds: record.trainSeconds,
        wallSeconds: record.wallSeconds,
        dLoss: record.dLoss,
        gLoss: record.gLoss,
        metrics,
        classes,
        scoreSeconds: Math.round(performance.now() - started) / 1000,
      };
      process.stdout.write(`${JSON.stringify(line)}\n`);
      if (record === records[records.length - 1]) {
        const count = Math.min(MAX_GRID_TILES, record.n);
        const png = encodeImageGrid(images.subarray(0, count * DUMP_IMAGE_DIM), count, { height: 28, width: 28, channels: 1 }, 8);
        writeFileSync(join(runDir, `samples-${record.step}.png`), png);
      }
    }
  } finally {
    scorer.dispose();
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const choice = await selectBackend(options.backend);
  process.stderr.write(`mnistScore: tfjs ${tf.version.tfjs} on ${tf.getBackend()} (${choice.reason})\n`);
  for (const run of options.runs) await scoreRun(resolve(run), options.experiment);
}

main().catch((error: unknown) => {
  process.stderr.write(`mnistScore: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
