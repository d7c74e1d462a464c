/** `cpu`: plain JavaScript kernels, the last resort and the reference the others are probed against. */
import * as tf from '@tensorflow/tfjs';
import { useFastConvKernels } from '../kernels/convKernels';
import { useFastReductionGradients } from '../kernels/reductionGradients';
import type { StartResult } from './types';

export async function startCpu(): Promise<StartResult> {
  if (!(await tf.setBackend('cpu'))) return { ok: false, reason: 'the cpu backend failed to initialise' };
  useFastConvKernels('cpu');
  useFastReductionGradients();
  return { ok: true, reason: 'plain JavaScript kernels' };
}
