import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { SamplingOutcome } from '../../src/extension/trainingRuns/samplingProcess';
import type { RunEvent, SamplingRecord } from '../../src/shared/runFormat';
import { api, until, workspaceFile } from './helpers';

const REPO = join(__dirname, '..', '..');

/** Trains the workspace's ring experiment with gan-train in a temp folder; returns the run directory. */
async function trainRing(): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'gan-int-sampling-'));
  const cli = spawn(process.execPath, [join(REPO, 'bin', 'gan-train.js'), workspaceFile('ring.gan.json').fsPath, '--out', out, '--quiet'], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: 'ignore',
  });
  assert.equal(await new Promise<number | null>((resolve) => cli.on('exit', resolve)), 0);
  const dir = join(out, 'ring8-small');
  return join(dir, readdirSync(dir)[0]!);
}

describe('sampling with MCMC from the editor', function () {
  this.timeout(120_000);

  it('"GAN: Sample With MCMC" runs gan-sample on a run, writes the result and shows it in the run’s dashboard', async () => {
    await api();
    const runDir = await trainRing();
    const outcome = await vscode.commands.executeCommand<SamplingOutcome | undefined>('ganWorkbench.sampleWithMcmc', runDir, {
      method: 'mala',
      steps: 20,
      stepSize: 0.01,
      temperature: 1,
      chains: 32,
      start: 'fresh',
    });
    assert.ok(outcome?.ok, outcome?.message);
    const file = join(runDir, 'sampling', outcome.id!, 'sampling.json');
    assert.ok(existsSync(file));
    const record = JSON.parse(readFileSync(file, 'utf8')) as SamplingRecord;
    assert.equal(record.settings.chains, 32);
    assert.equal(record.checkpointStep, 200);
    assert.ok(record.acceptanceRate > 0 && record.acceptanceRate <= 1);
    // The run is not training in this window: gan-sample records the result in the run's events.
    assert.equal(outcome.event, 'gan-sample');
    const events = readFileSync(join(runDir, 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as RunEvent);
    const sampled = events.filter((e) => e.kind === 'sampling');
    assert.equal(sampled.length, 1);
    assert.equal(sampled[0]!.step, 200);
    assert.deepEqual(
      [sampled[0]!.data?.id, sampled[0]!.data?.chains, sampled[0]!.data?.steps, sampled[0]!.data?.acceptanceRate],
      [outcome.id, 32, 20, record.acceptanceRate],
    );
    const runId = runDir.split(/[/\\]/).pop()!;
    await until(
      () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label.includes(runId)),
      10_000,
      'the dashboard of the sampled run',
    );
  });

  it('says why a run cannot be sampled, and refuses malformed settings', async () => {
    const missing = join(tmpdir(), 'no-such-run');
    const outcome = await vscode.commands.executeCommand<SamplingOutcome | undefined>('ganWorkbench.sampleWithMcmc', missing, {
      method: 'langevin',
      steps: 5,
      stepSize: 0.01,
      temperature: 1,
    });
    assert.equal(outcome?.ok, false);
    assert.match(outcome?.message ?? '', /no-such-run: no such run directory/);
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('ganWorkbench.sampleWithMcmc', missing, { method: 'hmc', steps: 5 })),
      /malformed settings/,
    );
  });
});
