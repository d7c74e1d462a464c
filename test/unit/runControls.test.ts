/**
 * Run controls of issue 19, on the fakes of test/helpers/hostFixture.ts (the real RunManager over a
 * launcher that starts nothing): Stop offers "Stop all" after the runs when several train and stops
 * every one; Start refuses a file with a bad data path in one message that names the path once and
 * says what is expected; the dashboard's Resume From Checkpoint resumes the view's own run through
 * the command's trust gate.
 */
import { ui, workspace as vscodeWorkspace } from '../helpers/fakeVscode';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRefusal, stopTraining } from '../../src/extension/commands/trainingCommands';
import { createRunActions } from '../../src/extension/webviews/runActions';
import type { ViewFeed } from '../../src/extension/webviews/runFeeds';
import { validateExperimentFile } from '../../src/training/validateExperimentFile';
import { ringExperiment } from '../helpers/experiments';
import { hostDeps, RecordingLauncher, workspaceFixture } from '../helpers/hostFixture';

function setUp() {
  ui.reset();
  const workspace = workspaceFixture();
  ui.folder = workspace.folder;
  const launcher = new RecordingLauncher();
  const host = hostDeps(workspace, launcher);
  return { workspace, launcher, host };
}

describe('run controls', () => {
  afterEach(() => ui.reset());

  it('Stop with several live runs offers "Stop all" after them, and it stops every run', async () => {
    const { workspace, host } = setUp();
    const runs = [host.manager.start(workspace.experimentUri as never, 'ring'), host.manager.start(workspace.otherUri as never, 'other')];
    let offered: { label: string; kind?: number }[] = [];
    ui.answer = (api, args) => {
      if (api !== 'window.showQuickPick') return undefined;
      offered = args[0] as typeof offered;
      return offered.find((i) => i.label.includes('Stop all'));
    };
    await stopTraining(host.deps);
    assert.deepEqual(
      offered.map((i) => i.label),
      ['ring', 'other', '', '$(debug-stop) Stop all'],
      'the runs, a separator, then Stop all',
    );
    assert.ok(
      runs.every((r) => r.ended),
      `every run stopped: ${runs.map((r) => r.phase).join(', ')}`,
    );
    host.manager.dispose();
  });

  it('Stop with several live runs stops only the one picked', async () => {
    const { workspace, host } = setUp();
    const [ring, other] = [
      host.manager.start(workspace.experimentUri as never, 'ring'),
      host.manager.start(workspace.otherUri as never, 'other'),
    ];
    ui.answer = (api, args) =>
      api === 'window.showQuickPick' ? (args[0] as { label: string }[]).find((i) => i.label === 'other') : undefined;
    await stopTraining(host.deps);
    assert.ok(other!.phase === 'stopping' || other!.ended, other!.phase);
    assert.ok(ring!.live, 'the other run trains on');
    await host.manager.stopAll();
    host.manager.dispose();
  });

  it('a missing data path: one message, the path once, with what is expected and what to do', async () => {
    const { workspace } = setUp();
    const file = join(workspace.folder, 'points.gan.json');
    const config = { ...ringExperiment({ name: 'points' }), data: { kind: 'csv', path: 'data/missing-points.csv' } };
    writeFileSync(file, JSON.stringify(config, null, 2));
    const result = await validateExperimentFile(JSON.stringify(config, null, 2), file);
    assert.ok(!result.ok);
    const message = startRefusal('points.gan.json', result.problems);
    assert.equal(message.split('data/missing-points.csv').length - 1, 1, `the path once: ${message}`);
    assert.match(message, /^Cannot start points\.gan\.json: line \d+, data\.path: file not found: data\/missing-points\.csv; expected /);
    assert.match(message, /Correct it in the file, then start again\.$/);
  });

  it('the dashboard’s Resume From Checkpoint resumes the view’s run, behind the trust gate', async () => {
    for (const trusted of [true, false]) {
      const { workspace, launcher, host } = setUp();
      vscodeWorkspace.isTrusted = trusted;
      const actions = createRunActions(host.deps);
      const source = { runDir: workspace.runDir, liveRun: undefined } as unknown as ViewFeed;
      await actions.act(source, 'resumeFromCheckpoint');
      assert.deepEqual(
        launcher.launched.map((l) => [l.tool, ...l.args]),
        trusted ? [['trainer', '--resume', workspace.runDir]] : [],
      );
      await host.manager.stopAll();
      host.manager.dispose();
    }
  });
});
