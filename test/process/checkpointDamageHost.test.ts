/**
 * The editor's Export Generator and Sample With MCMC on a run whose newest checkpoint is damaged:
 * they run the real gan-export / gan-sample through the launcher (on the vscode stand-in) and show
 * the tool's error — the file and the problem — with a button for the newest intact checkpoint,
 * which exports or samples from it. Before, the export went through with NaN weights, and a
 * truncated weights.bin showed a raw tfjs error naming no file, with nothing to do about it.
 */
import { ui } from '../helpers/fakeVscode';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { exportGenerator, type ExportDeps } from '../../src/extension/commands/exportGenerator';
import { sampleWithMcmc, type SamplingDeps } from '../../src/extension/commands/sampleWithMcmc';
import { runCli } from '../helpers/cli';
import { nonFiniteDamages, weightsFileDamages } from '../helpers/checkpointDamage';
import { ringExperiment, tempDir, writeExperimentFile } from '../helpers/experiments';
import { testLauncher } from '../helpers/launcher';

const NEWEST = 'step-00000030';
const INTACT = 'step-00000020';

/** Waits until `ready` holds (the commands report without being awaited). */
async function until(ready: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600 && !ready(); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(ready(), `timed out waiting for ${what}`);
}

const messages = (api: string) => ui.called(api).map((c) => String(c.args[0]));

describe('damaged checkpoints in the editor: Export Generator and Sample With MCMC name the file and offer the newest intact checkpoint', function () {
  this.timeout(120_000);
  let runDir = '';

  before(async function () {
    this.timeout(60_000);
    const out = tempDir();
    const file = writeExperimentFile(
      ringExperiment({
        schedule: { steps: 30, batchSize: 32 },
        logging: { metricsEvery: 5, histogramsEvery: 10, samplesEvery: 10, checkpointEvery: 10, sampleCount: 64, gridResolution: 8 },
      }),
    );
    const { code, stderr } = await runCli([file, '--out', out, '--quiet']).done;
    assert.equal(code, 0, stderr);
    runDir = join(out, 'test-ring', readdirSync(join(out, 'test-ring'))[0]!);
  });

  function damaged(damage: (folder: string) => void): string {
    const dir = join(tempDir(), 'run');
    cpSync(runDir, dir, { recursive: true });
    damage(join(dir, 'checkpoints', NEWEST));
    return dir;
  }

  function deps() {
    const launcher = testLauncher();
    const manager = { byRunDir: () => undefined, liveRunFor: () => undefined };
    const shown: string[] = [];
    const openDashboard = () => ({ showSampling: async (id: string) => void shown.push(id) });
    return { launcher, manager, catalog: { list: async () => [] }, openDashboard, shown } as unknown as ExportDeps &
      SamplingDeps & { shown: string[] };
  }

  it('Export Generator: the error names the file and the problem; "Export step-00000020" exports the intact checkpoint', async () => {
    const nan = nonFiniteDamages(join(runDir, 'checkpoints', NEWEST))[0]!;
    const cut = weightsFileDamages(statSync(join(runDir, 'checkpoints', NEWEST, 'weights.bin')).size)[0]!; // cut to 0 bytes
    for (const d of [nan, cut]) {
      ui.reset();
      const dir = damaged(d.damage);
      const button = `Export ${INTACT}`;
      ui.answer = (api, args) => (api === 'window.showErrorMessage' && args.includes(button) ? button : undefined);
      const outcome = await exportGenerator(deps(), { kind: 'run', dir });
      assert.equal(outcome?.ok, false, d.name);
      assert.equal(outcome?.intactCheckpoint, join(dir, 'checkpoints', INTACT), d.name);
      await until(
        () => messages('window.showInformationMessage').some((m) => m.startsWith('Exported the generator')),
        `${d.name}: the export`,
      );
      const [error] = ui.called('window.showErrorMessage');
      const text = String(error!.args[0]);
      assert.ok(text.startsWith(`Could not export the generator: ${join(dir, 'checkpoints', NEWEST, d.file)}: `), `${d.name}: ${text}`);
      assert.match(text.slice(text.indexOf(`${d.file}: `) + d.file.length + 2).split('; the newest')[0]!, d.problem, d.name);
      assert.deepEqual(error!.args.slice(1), [button], d.name);
      assert.ok(existsSync(join(dir, 'exports', `generator-${INTACT}`, 'model.json')), d.name);
      assert.ok(!existsSync(join(dir, 'exports', `generator-${NEWEST}`)), d.name);
    }
  });

  it('Sample With MCMC: the error names the file and the problem; "Sample From step-00000020" samples the intact checkpoint', async () => {
    const d = nonFiniteDamages(join(runDir, 'checkpoints', NEWEST))[2]!;
    ui.reset();
    const dir = damaged(d.damage);
    const button = `Sample From ${INTACT}`;
    ui.answer = (api, args) => (api === 'window.showErrorMessage' && args.includes(button) ? button : undefined);
    const host = deps();
    const settings = { method: 'mala', steps: 2, stepSize: 0.01, temperature: 1, start: 'fresh', prior: true, chains: 4 };
    const outcome = await sampleWithMcmc(host, dir, settings);
    assert.equal(outcome?.ok, false);
    assert.equal(outcome?.intactCheckpoint, join(dir, 'checkpoints', INTACT));
    const [error] = ui.called('window.showErrorMessage');
    assert.match(
      String(error!.args[0]),
      new RegExp(
        `^Could not sample with MCMC: ${join(dir, 'checkpoints', NEWEST, 'weights.bin').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: variable .* holds −Infinity`,
      ),
    );
    await until(() => host.shown.length > 0, 'the sampling result');
    assert.match(host.shown[0]!, /^step-20-mala-/);
    assert.ok(existsSync(join(dir, 'sampling', host.shown[0]!, 'sampling.json')));
  });

  it('no intact checkpoint: the error, and no button', async () => {
    ui.reset();
    const cut = weightsFileDamages(statSync(join(runDir, 'checkpoints', NEWEST, 'weights.bin')).size)[0]!;
    const dir = damaged(() => {});
    for (const name of readdirSync(join(dir, 'checkpoints'))) cut.damage(join(dir, 'checkpoints', name));
    const outcome = await exportGenerator(deps(), { kind: 'run', dir });
    assert.equal(outcome?.ok, false);
    assert.equal(outcome?.intactCheckpoint, undefined);
    await until(() => ui.called('window.showErrorMessage').length > 0, 'the error');
    const [error] = ui.called('window.showErrorMessage');
    assert.match(
      String(error!.args[0]),
      /weights\.bin: size mismatch: 0 bytes, .*; no checkpoint of this run is intact: restore the files or train the run again$/,
    );
    assert.deepEqual(error!.args.slice(1), []);
  });
});
