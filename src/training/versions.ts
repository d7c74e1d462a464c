import * as tf from '@tensorflow/tfjs';
import type { RunMeta } from '../shared/runFormat';

declare const GAN_WORKBENCH_VERSION: string | undefined;

/** Versions recorded in run.json. The bundle defines GAN_WORKBENCH_VERSION; tests read package.json. */
export function versions(): RunMeta['versions'] {
  const own =
    typeof GAN_WORKBENCH_VERSION === 'string' ? GAN_WORKBENCH_VERSION : (require('../../package.json') as { version: string }).version;
  return { ganWorkbench: own, tfjs: tf.version.tfjs, node: process.versions.node };
}
