/**
 * GAN: Check Backends, as behaviour: the command on the fake vscode and the real launcher, with a
 * gan-train that prints the check's JSON lines as a real process. Progress names the backend and
 * n of m; the result is a Markdown table with the fastest marked; Cancel ends the check; a check
 * that gives no result is an error message in gan-train's words and opens nothing; the active
 * experiment file is used, else one is picked.
 */
import { ui, Uri, window, workspace } from '../helpers/fakeVscode';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkBackends } from '../../src/extension/commands/checkBackends';
import { tempDir } from '../helpers/experiments';
import { REPO_ROOT, testLauncher } from '../helpers/launcher';
import { cancelProgressAt, launcherWithGanTrain } from '../helpers/nativeBackendFakes';

const RESULT = `
const line = (o) => console.log(JSON.stringify(o));
const names = ['tensorflow', 'webgpu', 'wasm', 'cpu'];
names.forEach((name, i) => line({ type: 'backendCheckProgress', name, index: i + 1, count: names.length }));
console.log('some text that is not a JSON line');
line({ type: 'backendCheck', file: process.argv[3], cacheKey: 'mlp-2-32-32|linux-x64|4 cores', measuredAt: '2026-12-05T10:00:00.000Z', fastest: 'wasm', entries: [
  { name: 'tensorflow', variant: 'gpu', state: 'skipped', reason: 'no NVIDIA GPU visible' },
  { name: 'webgpu', state: 'skipped', reason: 'no WebGPU adapter: Dawn found no Vulkan adapter | none' },
  { name: 'wasm', state: 'measured', reason: 'wasm with SIMD', stepsPerSecond: 143.27, timedSteps: 20, warmupSteps: 3 },
  { name: 'cpu', state: 'measured', reason: 'plain JavaScript', stepsPerSecond: 21.5, timedSteps: 20, warmupSteps: 3 } ] });
`;

describe('GAN: Check Backends', function () {
  this.timeout(30_000);
  let folder: string;
  let file: string;
  let shown: { name: string; markdown: string }[];
  const showBackendReport = async (name: string, markdown: string) => void shown.push({ name, markdown });

  beforeEach(() => {
    ui.reset();
    folder = tempDir('gan-check-');
    ui.folder = folder;
    file = join(folder, 'ring.gan.json');
    writeFileSync(file, '{}');
    shown = [];
  });

  it('checks the active experiment file with progress n of m, then shows each backend in a table with the fastest marked', async () => {
    const launcher = launcherWithGanTrain(RESULT);
    const progress = cancelProgressAt(/^$/);
    try {
      window.activeTextEditor = { document: await workspace.openTextDocument(Uri.file(file)) };
      const outcome = await checkBackends({ launcher, index: { ready: Promise.resolve(), all: () => [] }, showBackendReport });
      assert.equal(outcome?.kind, 'result');
      assert.deepEqual(progress.reports, [
        'starting gan-train…',
        'tensorflow, 1 of 4…',
        'webgpu, 2 of 4…',
        'wasm, 3 of 4…',
        'cpu, 4 of 4…',
      ]);
      assert.equal(shown.length, 1);
      const { name, markdown } = shown[0]!;
      assert.equal(name, 'ring.gan.json');
      assert.match(markdown, /^# Backends for ring\.gan\.json$/m);
      assert.match(markdown, /^\| Backend \| State \| Steps\/s \| Device \| Reason \|$/m);
      assert.match(markdown, /^\| tensorflow \(gpu\) \| — skipped \| {2}\| {2}\| no NVIDIA GPU visible \|$/m);
      assert.match(
        markdown,
        /^\| webgpu \| — skipped \| {2}\| {2}\| no WebGPU adapter: Dawn found no Vulkan adapter \\\| none \|$/m,
        'a pipe in a reason is escaped',
      );
      assert.match(
        markdown,
        /^\| \*\*wasm\*\* ⚡ fastest \| ✓ measured \| \*\*143\*\* \(20 steps timed after 3 warm-up\) \| {2}\| wasm with SIMD \|$/m,
      );
      assert.match(markdown, /^\| cpu \| ✓ measured \| 21\.5 \(20 steps timed after 3 warm-up\) \| {2}\| plain JavaScript \|$/m);
      assert.match(
        markdown,
        /\*\*Fastest: wasm\*\*, 143 steps\/s\. A run of this model with `"backend": "auto"` now uses this measurement/,
      );
      assert.deepEqual(ui.called('window.showErrorMessage'), []);
    } finally {
      progress.restore();
      launcher.dispose();
    }
  });

  it('asks which experiment when none is active, and runs gan-train --check-backends on it with --json', async () => {
    const argsFile = join(tempDir(), 'args.json');
    const launcher = launcherWithGanTrain(
      `require('fs').writeFileSync(${JSON.stringify(argsFile)}, JSON.stringify(process.argv.slice(2)));\n${RESULT}`,
    );
    ui.answer = (api, args) => (api === 'window.showQuickPick' ? (args[0] as unknown[])[0] : undefined);
    try {
      const index = {
        ready: Promise.resolve(),
        all: () => [{ uri: Uri.file(file) as never, name: 'ring', runsRoot: join(folder, 'runs') }],
      };
      const outcome = await checkBackends({ launcher, index, showBackendReport });
      assert.equal(outcome?.kind, 'result');
      assert.equal(
        (ui.called('window.showQuickPick')[0]!.args[1] as { title: string }).title,
        'Check Backends: time which experiment’s model?',
      );
      assert.deepEqual(JSON.parse(readFileSync(argsFile, 'utf8')), ['--check-backends', file, '--json']);
    } finally {
      launcher.dispose();
    }
  });

  it('Cancel ends the check and shows nothing', async () => {
    const pidFile = join(tempDir(), 'pid');
    const launcher = launcherWithGanTrain(`
require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));
console.log(JSON.stringify({ type: 'backendCheckProgress', name: 'webgpu', index: 1, count: 3 }));
setInterval(() => {}, 1000);`);
    const progress = cancelProgressAt(/webgpu, 1 of 3/);
    try {
      const outcome = await checkBackends(
        { launcher, index: { ready: Promise.resolve(), all: () => [] }, showBackendReport },
        Uri.file(file),
      );
      assert.deepEqual(outcome, { kind: 'cancelled' });
      assert.deepEqual(launcher.live, []);
      assert.throws(() => process.kill(Number(readFileSync(pidFile, 'utf8')), 0), /ESRCH/);
      assert.deepEqual(shown, []);
      assert.deepEqual(ui.called('window.showErrorMessage'), []);
    } finally {
      progress.restore();
      launcher.dispose();
    }
  });

  it('a check without a result is an error in gan-train’s words, and no report opens', async () => {
    const launcher = launcherWithGanTrain(
      `console.error('gan-train: ring.gan.json:1:1: name: missing required property "name"'); process.exit(2);`,
    );
    try {
      const outcome = await checkBackends(
        { launcher, index: { ready: Promise.resolve(), all: () => [] }, showBackendReport },
        Uri.file(file),
      );
      assert.equal(outcome?.kind, 'failed');
      assert.deepEqual(
        ui.called('window.showErrorMessage').map((c) => c.args[0]),
        ['Check Backends could not measure ring.gan.json: ring.gan.json:1:1: name: missing required property "name"'],
      );
      assert.deepEqual(shown, []);
    } finally {
      launcher.dispose();
    }
  });

  it('with no backend measured, the table still shows every reason and says auto keeps its order', async () => {
    const launcher =
      launcherWithGanTrain(`console.log(JSON.stringify({ type: 'backendCheck', file: 'f', cacheKey: 'k', measuredAt: 't', entries: [
      { name: 'wasm', state: 'failed', reason: 'the timed steps threw: out of memory' } ] }));`);
    try {
      await checkBackends({ launcher, index: { ready: Promise.resolve(), all: () => [] }, showBackendReport }, Uri.file(file));
      const markdown = shown[0]?.markdown ?? '';
      assert.match(markdown, /^\| wasm \| ✗ failed \| {2}\| {2}\| the timed steps threw: out of memory \|$/m);
      assert.match(markdown, /No backend could be measured, so `"backend": "auto"` keeps its usual order/);
      assert.doesNotMatch(markdown, /Fastest/);
    } finally {
      launcher.dispose();
    }
  });

  it('with the real gan-train (dist/, about 5–10 s): every backend listed, wasm and cpu measured, the fastest marked', async function () {
    this.timeout(120_000);
    const launcher = testLauncher();
    const progress = cancelProgressAt(/^$/);
    try {
      const example = Uri.file(join(REPO_ROOT, 'examples', 'parabola-minimax.gan.json'));
      const outcome = await checkBackends({ launcher, index: { ready: Promise.resolve(), all: () => [] }, showBackendReport }, example);
      assert.equal(outcome?.kind, 'result', JSON.stringify(outcome));
      assert.ok(
        progress.reports.some((r) => /^wasm, \d of \d…$/.test(r)),
        progress.reports.join(' | '),
      );
      const markdown = shown[0]?.markdown ?? '';
      assert.match(markdown, /^\| (\*\*)?wasm(\*\* ⚡ fastest)? \| ✓ measured \| /m);
      assert.match(markdown, /^\| (\*\*)?cpu(\*\* ⚡ fastest)? \| ✓ measured \| /m);
      assert.match(markdown, /^\| tensorflow \(cpu\) \| /m);
      assert.match(markdown, /⚡ fastest/);
    } finally {
      progress.restore();
      launcher.dispose();
    }
  });
});
