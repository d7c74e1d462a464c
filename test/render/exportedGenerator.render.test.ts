/**
 * The exported generator loads in a web page: a run is trained here, exported with `gan-export`'s
 * function, served over HTTP with TensorFlow.js's browser bundle, and `tf.loadLayersModel(url)` in
 * headless chromium gives the same samples as the trainer's generator in Node.
 */
import assert from 'node:assert/strict';
import { createReadStream, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { AddressInfo } from 'node:net';
import { selectBackend } from '../../src/training/backend';
import { exportGenerator, ExportError } from '../../src/training/export/exportGenerator';
import { createGan } from '../../src/training/gan';
import { Rng } from '../../src/training/random';
import { generate } from '../../src/training/recording/evaluate';
import { latestCheckpointSync } from '../../src/shared/runDirectory/checkpoints';
import { loadCheckpoint } from '../../src/training/run/checkpoint';
import { loadExperiment } from '../../src/training/loadExperiment';
import { ringExperiment } from '../helpers/experiments';
import { prepareRun } from '../helpers/runTrainer';
import { launchChromium, type LaunchedChromium } from '../vscode/runInHost';
import { requireChromium, repoRoot } from './setup';

const TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.js': 'text/javascript',
  '.html': 'text/html',
  '.bin': 'application/octet-stream',
};

function serve(routes: Record<string, string>): Promise<Server> {
  const server = createServer((req, res) => {
    const file = routes[req.url ?? ''];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('exported generator', function () {
  this.timeout(180_000);
  let chromium: LaunchedChromium | undefined;

  before(async () => {
    requireChromium();
    await selectBackend('cpu');
  });
  after(async () => {
    await chromium?.close();
  });

  it('loads with tf.loadLayersModel in chromium and reproduces the trainer’s samples (batch norm, tanh output)', async () => {
    const run = prepareRun(
      ringExperiment({
        generator: { kind: 'mlp', hidden: [16, 16], normalization: 'batch', activation: 'leakyRelu', outputActivation: 'tanh' },
        schedule: { steps: 30, batchSize: 16 },
        backend: 'cpu',
      }),
    );
    assert.equal(await run.trainer.run(), 'completed');
    const runDir = run.runDir();
    const result = await exportGenerator(runDir);
    assert.equal(result.step, 30);
    assert.deepEqual(readdirSync(result.folder).sort(), ['model.json', 'weights.bin']);
    assert.deepEqual(readdirSync(join(runDir, 'exports')), ['generator-step-00000030'], 'no temp folder left');
    const modelJson = JSON.parse(readFileSync(join(result.folder, 'model.json'), 'utf8')) as {
      format: string;
      userDefinedMetadata: { ganWorkbench: { latent: { dim: number }; data: { dim: number }; step: number } };
    };
    assert.equal(modelJson.format, 'layers-model');
    assert.deepEqual(modelJson.userDefinedMetadata.ganWorkbench.data, { dim: 2 });
    assert.equal(modelJson.userDefinedMetadata.ganWorkbench.latent.dim, 2);

    // The trainer's own generator (eval mode: batch norm with running statistics) from the same checkpoint.
    const config = loadExperiment(join(runDir, 'experiment.json'));
    const gan = createGan(config, { dim: 2 }, new Rng(0));
    loadCheckpoint(latestCheckpointSync(join(runDir, 'checkpoints'))!, gan);
    const z = new Rng(9).fillNormal(new Float32Array(8 * 2));
    const expected = Array.from(generate(gan, z));
    gan.dispose();
    assert.ok(expected.some((v) => Math.abs(v) > 1e-3));

    const pageFile = join(result.folder, '..', 'index.html');
    writeFileSync(pageFile, '<!doctype html><script src="/tf.min.js"></script>');
    const server = await serve({
      '/': pageFile,
      '/model.json': join(result.folder, 'model.json'),
      '/weights.bin': join(result.folder, 'weights.bin'),
      '/tf.min.js': join(repoRoot, 'node_modules', '@tensorflow', 'tfjs', 'dist', 'tf.min.js'),
    });
    try {
      chromium = await launchChromium();
      const tab = await chromium.context.newPage();
      await tab.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      const browserValues = await tab.evaluate(async (zs: number[]) => {
        const tfb = (globalThis as unknown as { tf: typeof tf }).tf;
        const model = await tfb.loadLayersModel('/model.json');
        const out = model.predict(tfb.tensor2d(zs, [zs.length / 2, 2])) as tf.Tensor;
        return Array.from(await out.data());
      }, Array.from(z));
      assert.equal(browserValues.length, expected.length);
      const maxDiff = Math.max(...browserValues.map((v, i) => Math.abs(v - expected[i]!)));
      assert.ok(maxDiff < 1e-5, `max |browser − trainer| = ${maxDiff}`);
    } finally {
      server.close();
    }
  });

  it('refuses to overwrite an export and explains a folder that is not a run', async () => {
    const run = prepareRun(ringExperiment({ schedule: { steps: 10, batchSize: 16 }, logging: { checkpointEvery: 0 }, backend: 'cpu' }));
    await run.trainer.run();
    const out = join(run.runDir(), 'exports', 'mine');
    await exportGenerator(run.runDir(), { out });
    await assert.rejects(
      exportGenerator(run.runDir(), { out }),
      (e: Error) => e instanceof ExportError && /already exists/.test(e.message),
    );
    await assert.rejects(
      exportGenerator(join(run.runDir(), 'samples')),
      /samples: not a run directory \(it holds none of run\.json, metrics\.jsonl, experiment\.json\)/,
    );
  });
});
