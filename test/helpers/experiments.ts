/** Small experiment files for tests, written into fresh temp folders. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Json = Record<string, unknown>;

export function tempDir(prefix = 'gan-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A quick 2-D ring experiment; `overrides` replace top-level sections. */
export function ringExperiment(overrides: Json = {}): Json {
  return {
    name: 'test-ring',
    seed: 7,
    data: { kind: 'ring', modes: 8, radius: 2, std: 0.02 },
    latent: { dim: 2 },
    generator: { kind: 'mlp', hidden: [16, 16] },
    discriminator: { kind: 'mlp', hidden: [16, 16] },
    loss: { kind: 'nonSaturating' },
    schedule: { steps: 40, batchSize: 32 },
    logging: { metricsEvery: 5, histogramsEvery: 10, samplesEvery: 20, checkpointEvery: 20, sampleCount: 64, gridResolution: 8 },
    backend: 'wasm',
    ...overrides,
  };
}

export function writeExperimentFile(config: Json, dir = tempDir(), name = 'experiment.gan.json'): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}
