/**
 * Exports a run's generator as a TensorFlow.js layers model (`model.json` + `weights.bin`), the
 * format `tf.loadLayersModel(url)` reads in a web page. The folder is written beside itself and
 * renamed, so an export is complete or absent.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { writeJsonAtomic } from '../../shared/atomicFile';
import type { Experiment } from '../../shared/experiment/schema';
import type { DataShape } from '../../shared/runFormat';
import { samplingGan } from '../gan';
import { loadTrainedRun, TrainedRunError, type TrainedRun } from '../run/loadTrainedRun';

export class ExportError extends Error {
  constructor(
    message: string,
    /** The file and field at fault, when the problem is in one (`--json` reports them). */
    readonly file?: string,
    readonly field?: string,
    /** When the checkpoint is damaged: the newest intact checkpoint folder of the run, to offer instead. */
    readonly intactCheckpoint?: string,
  ) {
    super(message);
  }
}

/** What a web page needs besides the weights: how to draw z and how to read the output. */
export interface GeneratorMetadata {
  format: 'gan-workbench-generator/1';
  runId: string;
  experimentName: string;
  step: number;
  latent: Experiment['latent'];
  /** The data's shape; a conditional generator's class names too (`data.classes.names`). */
  data: DataShape;
  /** What one input row holds: z, or for a conditional generator z then the one-hot class. */
  input: string;
  /** How to read one output row. */
  output: string;
}

export interface ExportResult {
  folder: string;
  step: number;
  metadata: GeneratorMetadata;
  /** What the reader should know about the checkpoint (an earlier version's has no checksum). */
  notes: string[];
}

export interface ExportOptions {
  /** A checkpoint of the run: its step, folder name or path; the latest by default. */
  checkpoint?: string;
  /** The folder to create; `<run>/exports/generator-step-N` by default. It must not exist yet. */
  out?: string;
}

/** The run restored from its checkpoint; the loader's problems become ExportErrors. */
function loadRun(runDirectory: string, checkpoint: string | undefined): TrainedRun {
  try {
    return loadTrainedRun(runDirectory, checkpoint);
  } catch (e) {
    throw e instanceof TrainedRunError ? new ExportError(e.message, e.file, e.field, e.intactCheckpoint) : e;
  }
}

function describeInput(latent: Experiment['latent'], shape: DataShape): string {
  const z = `z: ${latent.dim} numbers from the prior (${latent.distribution === 'normal' ? 'standard normal' : 'uniform on [−1, 1]'})`;
  const classes = shape.classes?.names.length;
  if (classes === undefined) return `one row per sample: ${z}`;
  return `one row of ${latent.dim + classes} numbers per sample: ${z}, then the class one-hot (${classes} numbers, 1 at the class's index in data.classes.names, 0 elsewhere)`;
}

function describeOutput(shape: DataShape): string {
  if (!shape.image) return `one row of ${shape.dim} numbers per sample, in the data's units`;
  const { height, width, channels } = shape.image;
  return `one row of ${shape.dim} numbers per sample: a ${height}×${width} image with ${channels} channel(s), row-major in height × width × channels order, each value in [−1, 1] (−1 black, 1 white)`;
}

function concatenated(data: ArrayBuffer | ArrayBuffer[]): Uint8Array {
  const parts = Array.isArray(data) ? data : [data];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), offset);
    offset += p.byteLength;
  }
  return out;
}

export async function exportGenerator(runDirectory: string, options: ExportOptions = {}): Promise<ExportResult> {
  const { runDir, config, meta, shape, checkpoint, step, gan, notes } = loadRun(runDirectory, options.checkpoint);
  try {
    const folder = resolve(options.out ?? join(runDir, 'exports', `generator-${basename(checkpoint)}`));
    if (existsSync(folder)) throw new ExportError(`${folder}: already exists; remove it or choose another folder with --out`);
    const metadata: GeneratorMetadata = {
      format: 'gan-workbench-generator/1',
      runId: meta.runId,
      experimentName: meta.experimentName,
      step,
      latent: config.latent,
      data: shape,
      input: describeInput(config.latent, shape),
      output: describeOutput(shape),
    };
    const model = samplingGan(gan).generator.toLayersModel();
    try {
      await model.save(
        tf.io.withSaveHandler(async (artifacts) => {
          mkdirSync(dirname(folder), { recursive: true });
          const temp = join(dirname(folder), `.${basename(folder)}.${process.pid}.tmp`);
          rmSync(temp, { recursive: true, force: true });
          mkdirSync(temp);
          try {
            writeFileSync(join(temp, 'weights.bin'), concatenated(artifacts.weightData!));
            writeJsonAtomic(join(temp, 'model.json'), {
              format: 'layers-model',
              generatedBy: `GAN Workbench (TensorFlow.js ${tf.version.tfjs})`,
              convertedBy: null,
              modelTopology: artifacts.modelTopology,
              weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
              userDefinedMetadata: { ganWorkbench: metadata },
            });
            renameSync(temp, folder);
          } catch (error) {
            rmSync(temp, { recursive: true, force: true });
            throw error;
          }
          return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
        }),
      );
    } finally {
      model.dispose();
    }
    return { folder, step, metadata, notes };
  } finally {
    gan.dispose();
  }
}
