/**
 * How much arithmetic a training step's products hold, from the experiment and its data's dimension,
 * before any tensor exists: what decides whether the wasm backend's threads pay for themselves
 * (wasmThreadsSetting.ts).
 */
import type { Experiment } from '../../shared/experiment/schema';

/**
 * Multiply-adds of the step's largest dense product: batch × fan-in × fan-out over the layers of both
 * MLPs (their first and last layers through the data's dimension). Convolutional networks: Infinity —
 * a DCGAN's convolutions gained 1.26× from a second thread where every MLP example lost.
 */
export function largestProductMacs(config: Experiment, dataDim: number): number {
  const { generator, discriminator } = config;
  if (generator.kind !== 'mlp' || discriminator.kind !== 'mlp') return Infinity;
  const batch = config.schedule.batchSize;
  let largest = 0;
  for (const widths of [
    [config.latent.dim, ...generator.hidden, dataDim],
    [dataDim, ...discriminator.hidden, 1],
  ]) {
    for (let i = 0; i + 1 < widths.length; i++) largest = Math.max(largest, batch * widths[i]! * widths[i + 1]!);
  }
  return largest;
}
