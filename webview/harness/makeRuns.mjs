// Records the runs the harness shows: the three examples (short), WGAN-GP on the ring (a critic's
// reference lines and components), a 5-column CSV run for the vectors layout, an image run
// (imageRun.ts: PNG grids), two synthetic energy runs (energyRun.ts) and three synthetic MNIST
// runs (mnistRun.ts: learned metrics, class histograms, nearest training images, class rows), under
// /tmp/harness-runs (or the directory given). Needs `npm run build` first.
//
//   node webview/harness/makeRuns.mjs [runs-root]
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = process.argv[2] ?? '/tmp/harness-runs';
const train = (experiment, ...args) =>
  execFileSync(process.execPath, [join(root, 'bin', 'gan-train.js'), experiment, '--out', out, ...args], { stdio: 'inherit' });

train(join(root, 'examples/ring8-nonsaturating.gan.json'), '--steps', '1500');
train(join(root, 'examples/parabola-minimax.gan.json'), '--steps', '2000');
train(join(root, 'examples/mixture1d.gan.json'), '--steps', '2000');
train(join(root, 'examples/ring8-wgangp.gan.json'), '--steps', '600');
execFileSync(process.execPath, ['--import', 'tsx', join(root, 'webview/harness/imageRun.ts'), out], { stdio: 'inherit', cwd: root });
execFileSync(process.execPath, ['--import', 'tsx', join(root, 'webview/harness/energyRun.ts'), out], { stdio: 'inherit', cwd: root });
execFileSync(process.execPath, ['--import', 'tsx', join(root, 'webview/harness/mnistRun.ts'), out], { stdio: 'inherit', cwd: root });

// vectors: five correlated columns.
const dir = '/tmp/harness-exp';
mkdirSync(dir, { recursive: true });
let seed = 1;
const uniform = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
const gauss = () => Math.sqrt(-2 * Math.log(uniform() || 1e-12)) * Math.cos(2 * Math.PI * uniform());
const rows = ['a,b,c,d,e'];
for (let i = 0; i < 2000; i++) {
  const t = gauss();
  const u = gauss();
  rows.push([t, 0.5 * t + 0.3 * u, -t, u, Math.tanh(t + u)].map((v) => v.toFixed(4)).join(','));
}
writeFileSync(join(dir, 'vec5.csv'), `${rows.join('\n')}\n`);
const experiment = {
  name: 'vec5',
  description: '5-column CSV (harness: vectors layout).',
  seed: 1,
  data: { kind: 'csv', path: 'vec5.csv' },
  latent: { dim: 4 },
  generator: { kind: 'mlp', hidden: [64, 64] },
  discriminator: { kind: 'mlp', hidden: [64, 64] },
  loss: { kind: 'nonSaturating' },
  schedule: { steps: 800, batchSize: 64 },
  logging: { metricsEvery: 10, histogramsEvery: 100, samplesEvery: 200, checkpointEvery: 0 },
};
writeFileSync(join(dir, 'vec5.gan.json'), JSON.stringify(experiment, null, 2));
train(join(dir, 'vec5.gan.json'));
