/**
 * The webgpu backend really trains. On Mesa's llvmpipe — a software adapter, reached through Dawn's
 * OpenGL ES backend at the compatibility feature level, from Debian's packages — a forced webgpu
 * runs GAN steps (MLP, DCGAN convolutions and transposed convolutions, WGAN-GP and R1 gradient
 * penalties) to the same numbers as cpu, and the trainer runs end to end on it.
 */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Experiment } from '../../src/shared/experiment/schema';
import { validateExperiment } from '../../src/shared/experiment/validate';
import type { DataShape, ImageShape, RunMeta } from '../../src/shared/runFormat';
import { selectBackend } from '../../src/training/backend';
import { createGan } from '../../src/training/gan';
import { Rng } from '../../src/training/random';
import { discriminatorStep, generatorStep, readStepAsync, type StepValues } from '../../src/training/steps';
import { runCli } from '../helpers/cli';
import { ringExperiment, tempDir, writeExperimentFile, type Json } from '../helpers/experiments';
import { requireSoftwareWebgpu } from '../../scripts/requirements';

const SGD = { kind: 'sgd', lr: 0.05 };

function experiment(overrides: Json): Experiment {
  const result = validateExperiment(JSON.stringify(ringExperiment({ optimizer: { generator: SGD, discriminator: SGD }, ...overrides })));
  assert.ok(result.ok, JSON.stringify(result.problems));
  return result.config;
}

interface Snapshot {
  steps: StepValues[];
  /** Every weight of G and D after the steps. */
  weights: Float32Array[];
}

/** `steps` D and G steps from the same initial weights and batches on `backend`; everything read back asynchronously. */
async function train(backend: 'webgpu' | 'cpu', config: Experiment, data: DataShape, batch: number, steps: number): Promise<Snapshot> {
  await selectBackend(backend);
  const before = tf.memory().numTensors;
  const gan = createGan(config, data, new Rng(1));
  const rng = new Rng(2);
  const values: StepValues[] = [];
  for (let i = 0; i < steps; i++) {
    const real = tf.tensor2d(rng.fillUniform(new Float32Array(batch * data.dim), -1, 1), [batch, data.dim]);
    const z = tf.tensor2d(rng.fillNormal(new Float32Array(batch * config.latent.dim)), [batch, config.latent.dim]);
    values.push(await readStepAsync(discriminatorStep(gan, real, z, { completedSteps: i })));
    values.push(await readStepAsync(generatorStep(gan, z, { completedSteps: i })));
    tf.dispose([real, z]);
  }
  const weights = await Promise.all([...gan.generator.variables, ...gan.discriminator.variables].map((v) => v.data<'float32'>()));
  gan.dispose();
  assert.equal(tf.memory().numTensors, before, `${backend}: every tensor disposed`);
  return { steps: values, weights };
}

/** The largest |a − b| / (1 + |b|) over every logged value and every weight. */
function worstDifference(a: Snapshot, b: Snapshot): { value: number; where: string } {
  let worst = { value: 0, where: '' };
  const see = (x: number, y: number, where: string) => {
    const d = Math.abs(x - y) / (1 + Math.abs(y));
    if (!(d <= worst.value)) worst = { value: Number.isNaN(d) ? Infinity : d, where };
  };
  a.steps.forEach((s, i) => {
    const t = b.steps[i]!;
    see(s.loss, t.loss, `step ${i} loss`);
    see(s.gradNorm, t.gradNorm, `step ${i} gradNorm`);
    for (const [name, v] of Object.entries(s.components)) see(v, t.components[name]!, `step ${i} ${name}`);
  });
  a.weights.forEach((w, k) => w.forEach((v, i) => see(v, b.weights[k]![i]!, `weight ${k}[${i}]`)));
  return worst;
}

const IMAGE: ImageShape = { height: 28, width: 28, channels: 1 };
const CASES: { title: string; overrides: Json; data: DataShape; batch: number; tolerance: number }[] = [
  { title: 'an MLP GAN (non-saturating)', overrides: {}, data: { dim: 2 }, batch: 32, tolerance: 1e-5 },
  {
    title: 'an MLP critic with the WGAN-GP gradient penalty and R1 (nested gradients)',
    overrides: { loss: { kind: 'wganGp', lambda: 10 }, regularizers: [{ kind: 'r1', weight: 1 }] },
    data: { dim: 2 },
    batch: 32,
    tolerance: 1e-5,
  },
  {
    title: 'a DCGAN (conv and transposed conv, batch norm)',
    overrides: {
      data: { kind: 'shapes', size: 28, channels: 1 },
      latent: { dim: 8 },
      generator: { kind: 'dcgan', channels: 4 },
      discriminator: { kind: 'dcgan', channels: 4 },
    },
    data: { dim: 28 * 28, image: IMAGE },
    batch: 4,
    tolerance: 1e-4,
  },
  {
    title: 'a DCGAN critic with WGAN-GP and R1 through the convolutions (layer norm)',
    overrides: {
      data: { kind: 'shapes', size: 28, channels: 1 },
      latent: { dim: 8 },
      generator: { kind: 'dcgan', channels: 4 },
      discriminator: { kind: 'dcgan', channels: 4, normalization: 'layer' },
      loss: { kind: 'wganGp', lambda: 10 },
      regularizers: [{ kind: 'r1', weight: 1 }],
    },
    data: { dim: 28 * 28, image: IMAGE },
    batch: 4,
    tolerance: 1e-4,
  },
];

describe('webgpu on a software adapter (Mesa llvmpipe through Dawn OpenGL ES)', function () {
  this.timeout(300_000);

  /** The adapter a forced webgpu gets: llvmpipe here and in CI (a machine with a Vulkan GPU would give that). */
  let adapter = '';

  before(async () => {
    requireSoftwareWebgpu();
    const choice = await selectBackend('webgpu');
    assert.equal(choice.name, 'webgpu');
    adapter = choice.device ?? '';
    assert.ok(adapter !== '', 'the adapter is named');
    assert.match(choice.reason, /numerical probe against cpu passed/);
    if (/llvmpipe/.test(adapter)) assert.match(choice.reason, /OpenGL ES .*software adapter/);
  });

  after(() => selectBackend('wasm'));

  for (const { title, overrides, data, batch, tolerance } of CASES) {
    it(`${title}: two D and G steps match cpu (losses, gradient norms, penalties, every updated weight)`, async () => {
      const config = experiment(overrides);
      const gpu = await train('webgpu', config, data, batch, 2);
      const cpu = await train('cpu', config, data, batch, 2);
      if ('d.gradientPenalty' in cpu.steps[0]!.components) assert.ok(cpu.steps[0]!.components['d.gradientPenalty']! > 1e-3);
      const worst = worstDifference(gpu, cpu);
      assert.ok(worst.value <= tolerance, `largest relative difference ${worst.value.toExponential(2)} at ${worst.where}`);
    });
  }

  it('gan-train with "backend": "webgpu" trains, records webgpu with the adapter, and ends where wasm ends', async () => {
    const dir = tempDir();
    const runOn = async (backend: string) => {
      const file = writeExperimentFile(ringExperiment({ backend, schedule: { steps: 6, batchSize: 32 } }), dir, `${backend}.gan.json`);
      const out = join(dir, `runs-${backend}`);
      const { code, stderr } = await runCli([file, '--out', out, '--quiet']).done;
      assert.equal(code, 0, stderr);
      const runDir = join(out, 'test-ring', readdirSync(join(out, 'test-ring'))[0]!);
      const meta = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunMeta;
      const lastMetrics = JSON.parse(readFileSync(join(runDir, 'metrics.jsonl'), 'utf8').trim().split('\n').at(-1)!) as { dLoss: number };
      return { meta, dLoss: lastMetrics.dLoss };
    };
    const gpu = await runOn('webgpu');
    assert.equal(gpu.meta.status, 'completed');
    assert.equal(gpu.meta.backend?.name, 'webgpu');
    assert.equal(gpu.meta.backend?.requested, 'webgpu');
    assert.equal(gpu.meta.backend?.device, adapter);
    assert.ok(gpu.meta.backend?.reason.includes(adapter), gpu.meta.backend?.reason);
    const wasm = await runOn('wasm');
    assert.ok(Math.abs(gpu.dLoss - wasm.dLoss) < 1e-4, `final D loss ${gpu.dLoss} on webgpu, ${wasm.dLoss} on wasm`);
  });
});
