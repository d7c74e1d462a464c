import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { validateExperiment } from '../../src/shared/experiment/validate';
import type { Experiment } from '../../src/shared/experiment/schema';
import type { DataShape } from '../../src/shared/runFormat';
import { selectBackend } from '../../src/training/backend';
import { createGan, type Gan } from '../../src/training/gan';
import { readableView } from '../../src/training/hostMemory';
import { oneHot } from '../../src/training/labels';
import { Rng } from '../../src/training/random';
import { ReplayRegion, setKernelReplay, type RegionOutputs } from '../../src/training/replay/replayRegion';
import { discriminatorStep, generatorStep, readStep, type StepValues } from '../../src/training/steps';
import { ringExperiment, type Json } from '../helpers/experiments';

function config(overrides: Json): Experiment {
  const result = validateExperiment(JSON.stringify(ringExperiment(overrides)));
  assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
  return result.config;
}

interface Backend {
  numDataIds(): number;
}
const dataIds = () => (tf.backend() as unknown as Backend).numDataIds();
const bits = (vars: tf.Variable[]) => vars.map((v) => Array.from(new Uint32Array((v.dataSync() as Float32Array).slice().buffer)));

const BATCH = 16;

/** `steps` D and G steps on fresh seeded batches; the losses read every step. */
function train(gan: Gan, steps: number, labelled: boolean): StepValues[] {
  const rng = new Rng(7);
  const values: StepValues[] = [];
  for (let i = 0; i < steps; i++) {
    const real = tf.tensor2d(rng.fillNormal(new Float32Array(BATCH * 2)), [BATCH, 2]);
    const z = tf.tensor2d(rng.fillNormal(new Float32Array(BATCH * gan.latentDim)), [BATCH, gan.latentDim]);
    const classes = Int32Array.from({ length: BATCH }, (_, k) => (k + i) % 3);
    const labels = labelled ? { real: oneHot(classes, 3), fake: oneHot(classes.reverse(), 3) } : undefined;
    const context = { completedSteps: i, rng };
    values.push(readStep(discriminatorStep(gan, real, z, context, labels)));
    values.push(readStep(generatorStep(gan, z, context, labels?.fake)));
    tf.dispose([real, z, ...(labels ? [labels.real, labels.fake] : [])]);
  }
  return values;
}

const CASES: Array<{ name: string; overrides: Json; data?: DataShape }> = [
  { name: 'minimax MLP', overrides: { loss: { kind: 'minimax' } } },
  { name: 'WGAN-GP (second-order gradients)', overrides: { loss: { kind: 'wganGp', lambda: 10 } } },
  {
    name: 'energy with R1 and instance noise',
    overrides: {
      loss: { kind: 'energy', lambda: 1 },
      regularizers: [
        { kind: 'r1', weight: 2 },
        { kind: 'instanceNoise', std: 0.1 },
      ],
    },
  },
  { name: 'conditional, projection D', overrides: { conditional: {} }, data: { dim: 2, classes: { names: ['a', 'b', 'c'] } } },
  {
    name: 'energy with the statistics-network MI term (its shuffle of z drawn before the loss)',
    overrides: {
      loss: {
        kind: 'energy',
        lambda: 1,
        mutualInformation: { kind: 'statisticsNetwork', weight: 2, network: { kind: 'mlp', hidden: [16] } },
      },
    },
  },
  {
    name: 'batch-normalised G (running statistics assigned every step)',
    overrides: { generator: { kind: 'mlp', hidden: [16, 16], normalization: 'batch' } },
  },
];

for (const backend of ['cpu', 'wasm'] as const)
  describe(`replaying a step's gradients without the engine (${backend})`, () => {
    before(async () => {
      await selectBackend(backend);
    });
    afterEach(() => setKernelReplay(true));

    for (const { name, overrides, data } of CASES)
      it(`${name}: replayed steps give the engine's losses and weights bit for bit, and leak nothing`, () => {
        const run = (replay: boolean) => {
          setKernelReplay(replay);
          const gan = createGan(config(overrides), data ?? { dim: 2 }, new Rng(1));
          const tensors = tf.memory().numTensors;
          const ids = dataIds();
          const losses = train(gan, 8, data !== undefined);
          const leaked = { tensors: tf.memory().numTensors - tensors, ids: dataIds() - ids };
          const weights = bits([...gan.generator.variables, ...gan.discriminator.variables]);
          const replays = gan.replay.discriminator.replays + gan.replay.generator.replays;
          const reasons = [gan.replay.discriminator.disabledReason, gan.replay.generator.disabledReason];
          const idsBeforeDispose = dataIds();
          gan.dispose();
          return { losses, leaked, weights, replays, reasons, freed: idsBeforeDispose - dataIds() };
        };
        const engine = run(false);
        const replayed = run(true);
        assert.equal(engine.replays, 0);
        assert.deepEqual(replayed.reasons, [undefined, undefined]);
        assert.equal(replayed.replays, 2 * (8 - 2), 'both regions replay from the third step');
        assert.deepEqual(replayed.losses, engine.losses);
        assert.deepEqual(replayed.weights, engine.weights);
        assert.equal(replayed.leaked.tensors, 0);
        // The compiled programs hold their constants (a few scalars) until the GAN is disposed.
        assert.ok(
          replayed.leaked.ids >= 0 && replayed.freed - engine.freed === replayed.leaked.ids,
          JSON.stringify({ replayed, engine: engine.freed }),
        );
      });

    it('a region replays its kernels with fresh inputs, and traces again when their shapes change', () => {
      const w = tf.variable(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]));
      const region = new ReplayRegion<null>('test');
      const body = (x: tf.Tensor) => (): RegionOutputs<null> => ({
        tensors: [tf.tidy(() => tf.sum(tf.relu(tf.matMul(x, w)), 1))],
        layout: null,
      });
      const run = (rows: number[][]) => {
        const x = tf.tensor2d(rows);
        const [y] = region.run([x], [w], body(x)).tensors;
        const out = Array.from(y!.dataSync());
        tf.dispose([x, y!]);
        return out;
      };
      assert.deepEqual(run([[1, 0, 0]]), [3]);
      assert.deepEqual(run([[0, 1, 0]]), [7]);
      assert.deepEqual(run([[0, 0, 1]]), [11]);
      assert.equal(region.replays, 1);
      w.assign(tf.tensor2d([-1, 2, 3, 4, 5, 6], [3, 2]));
      assert.deepEqual(run([[1, 0, 0]]), [2], "the variable's current value");
      assert.deepEqual(
        run([
          [1, 0, 0],
          [0, 1, -1],
        ]),
        [2, 0],
        'two rows: traced again',
      );
      assert.equal(region.replays, 2);
      region.dispose();
      w.dispose();
    });

    it('a body that reads values on the host or draws a constant per call is never replayed, and still gives its results', () => {
      let draw = 0;
      const bodies: Record<string, (x: tf.Tensor) => tf.Tensor> = {
        reads: (x) => tf.mul(x, tf.scalar(tf.max(x).dataSync()[0]!)),
        draws: (x) => tf.add(x, tf.scalar(++draw)),
        // On wasm, reading the heap directly (hostMemory.ts) counts as a read.
        ...(backend === 'wasm' && { views: (x: tf.Tensor) => (readableView(x)![0]! > 0 ? tf.neg(x) : tf.abs(x)) }),
      };
      const expected = { reads: 'reads tensor values on the host', draws: 'constant #0 changed', views: 'a view of the heap' };
      for (const [name, f] of Object.entries(bodies)) {
        const region = new ReplayRegion<null>(name);
        for (let i = 0; i < 6; i++) {
          const x = tf.tensor1d([1, 2]);
          const wanted = tf.tidy(() => f(x).dataSync().slice());
          if (name === 'draws') draw--;
          const [y] = region.run([x], [], () => ({ tensors: [tf.tidy(() => f(x))], layout: null })).tensors;
          assert.deepEqual(Array.from(y!.dataSync()), Array.from(wanted), `${name}, call ${i}`);
          tf.dispose([x, y!]);
        }
        assert.equal(region.replays, 0, name);
        assert.match(region.disabledReason ?? '', new RegExp(expected[name as keyof typeof expected]), name);
        region.dispose();
      }
    });

    it('a body that assigns a variable (running statistics) is replayed with the assignment', () => {
      const tensors = tf.memory().numTensors;
      const ids = dataIds();
      const v = tf.tidy(() => tf.variable(tf.tensor1d([1, 2])));
      const region = new ReplayRegion<null>('assigns');
      const got: number[][] = [];
      const wanted: number[][] = [];
      let w = [1, 2];
      for (let i = 0; i < 5; i++) {
        const x = tf.tensor1d([i, 1]);
        const [y] = region.run([x], [v], () => {
          const out = tf.tidy(() => {
            v.assign(tf.add(tf.mul(v, 0.5), x));
            return tf.mul(x, v);
          });
          return { tensors: [out], layout: null };
        }).tensors;
        got.push([...y!.dataSync(), ...v.dataSync()]);
        tf.dispose([x, y!]);
        w = w.map((a, k) => a * 0.5 + [i, 1][k]!);
        wanted.push([...w.map((a, k) => a * [i, 1][k]!), ...w]);
      }
      assert.deepEqual(got, wanted);
      assert.equal(region.replays, 3);
      region.dispose();
      v.dispose();
      assert.equal(tf.memory().numTensors, tensors);
      assert.equal(dataIds(), ids, 'nothing left on the backend');
    });

    it('a kernel whose output shape follows its input values, replayed on other values, makes the region run its body from then on', () => {
      // A kernel of n zeros for an input holding n (read inside the kernel, where the trace does not see it).
      const name = `ReplayTestZeros_${backend}`;
      tf.registerKernel({
        kernelName: name,
        backendName: backend,
        kernelFunc: ({ inputs, backend: b }) => {
          const x = inputs.x as tf.TensorInfo;
          const heap = b as unknown as {
            readSync(id: object): Float32Array;
            write(v: Float32Array, shape: number[], dtype: 'float32'): object;
          };
          const n = heap.readSync(x.dataId)[0]!;
          return { dataId: heap.write(new Float32Array(n), [n], 'float32'), shape: [n], dtype: 'float32' };
        },
      });
      const region = new ReplayRegion<null>('zeros');
      const run = (n: number) => {
        const x = tf.tensor1d([n]);
        const [y] = region.run([x], [], () => ({
          tensors: [tf.tidy(() => tf.add(tf.engine().runKernel(name, { x }) as tf.Tensor, 1))],
          layout: null,
        })).tensors;
        const out = Array.from(y!.dataSync());
        tf.dispose([x, y!]);
        return out;
      };
      const ids = dataIds();
      assert.deepEqual(
        [run(2), run(2), run(2)],
        [
          [1, 1],
          [1, 1],
          [1, 1],
        ],
      );
      assert.equal(region.replays, 1);
      assert.deepEqual(run(3), [1, 1, 1], 'the body, not the replay');
      assert.match(region.disabledReason ?? '', /kernel ReplayTestZeros_\w+ \(#0\) gave outputs of other shapes than when it was traced/);
      assert.deepEqual(run(1), [1]);
      region.dispose();
      assert.equal(dataIds(), ids, 'nothing left on the backend');
      tf.unregisterKernel(name, backend);
    });

    it("a region inside another region's body runs its body while the outer one traces", () => {
      const outer = new ReplayRegion<null>('outer');
      const inner = new ReplayRegion<null>('inner');
      const run = (v: number) => {
        const x = tf.scalar(v);
        const [y] = outer.run([x], [], () => {
          const [doubled] = inner.run([x], [], () => ({ tensors: [tf.mul(x, 2)], layout: null })).tensors;
          const out = tf.add(doubled!, 1);
          doubled!.dispose();
          return { tensors: [out], layout: null };
        }).tensors;
        const out = y!.dataSync()[0];
        tf.dispose([x, y!]);
        return out;
      };
      assert.deepEqual([run(1), run(2), run(3)], [3, 5, 7]);
      assert.equal(outer.replays, 1);
      assert.equal(inner.replays, 0);
      assert.equal(inner.disabledReason, undefined);
      outer.dispose();
      inner.dispose();
    });

    it('under tf.profile the body runs, so every kernel is seen', async () => {
      const gan = createGan(config({}), { dim: 2 }, new Rng(1));
      train(gan, 3, false);
      const replays = gan.replay.discriminator.replays;
      assert.equal(replays, 1);
      const profile = await tf.profile(() => void train(gan, 1, false));
      assert.equal(gan.replay.discriminator.replays, replays, 'not replayed while profiling');
      assert.ok(profile.kernels.some((k) => k.name === 'BatchMatMul' || k.name === '_FusedMatMul'));
      gan.dispose();
    });
  });
