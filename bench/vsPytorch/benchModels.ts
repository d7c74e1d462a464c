/**
 * The benchmark's models as experiment configs, built from the example files with the project's
 * validator (so every default is the trainer's). bench/pytorch/models.py builds the same networks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Experiment } from '../../src/shared/experiment/schema';
import { validateExperiment } from '../../src/shared/experiment/validate';

export const EXAMPLES = join(__dirname, '..', '..', 'examples');

export type ModelName = 'parabola' | 'ring8' | 'dcgan';

export interface BenchModel {
  name: ModelName;
  title: string;
  /** The example file it is built from. */
  example: string;
  config: Experiment;
}

type Json = Record<string, unknown>;

function fromExample(example: string, overrides: Json): Experiment {
  const base = validateExperiment(readFileSync(join(EXAMPLES, example), 'utf8'));
  if (!base.ok) throw new Error(`${example}: ${base.problems.map((p) => p.message).join('; ')}`);
  const json = { ...(base.config as unknown as Json), ...overrides };
  const result = validateExperiment(JSON.stringify(json));
  if (!result.ok) throw new Error(`${example} with the benchmark's changes: ${result.problems.map((p) => p.message).join('; ')}`);
  return result.config;
}

export function benchModel(name: ModelName): BenchModel {
  switch (name) {
    case 'parabola':
      return {
        name,
        title: "seed's parabola toy (G 5→128→15, D 15→128→1, batch 64)",
        example: 'parabola-minimax.gan.json',
        config: fromExample('parabola-minimax.gan.json', {}),
      };
    case 'ring8': {
      const example = 'ring8-nonsaturating.gan.json';
      const base = fromExample(example, {});
      return {
        name,
        title: 'ring-8 MLP (2×256 hidden, batch 256, non-saturating)',
        example,
        config: fromExample(example, {
          generator: { ...base.generator, hidden: [256, 256] },
          discriminator: { ...base.discriminator, hidden: [256, 256] },
        }),
      };
    }
    case 'dcgan': {
      // mnist-dcgan's networks at width 64 (bench/pytorch/models.py's; the example itself is width 32)
      // on generated 28×28×1 images, so the history in RESULTS.md stays comparable.
      const base = fromExample('mnist-dcgan.gan.json', {});
      return {
        name,
        title: 'DCGAN 28×28×1 (channels 64, z 64, batch 64)',
        example: 'mnist-dcgan.gan.json',
        config: fromExample('mnist-dcgan.gan.json', {
          data: { kind: 'shapes', size: 28, channels: 1 },
          generator: { ...base.generator, channels: 64 },
          discriminator: { ...base.discriminator, channels: 64 },
        }),
      };
    }
  }
}
