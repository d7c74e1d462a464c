/**
 * What the dashboard's and the Samples view's buttons and inputs do (webviews/runActions.ts), built
 * as the composition root builds them but on fakes (test/helpers/hostFixture.ts): each action acts
 * on the view's own run only, a compare run is read only when the host offered it, and an export is
 * written only where the user chose in a save dialog (the view's name is a suggestion, made safe).
 * The trust gate of "Sample with MCMC" is test/unit/workspaceTrust.test.ts's.
 */
import { ui, Uri } from '../helpers/fakeVscode';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LiveRun } from '../../src/extension/trainingRuns/liveRun';
import { createRunActions } from '../../src/extension/webviews/runActions';
import type { ViewFeed } from '../../src/extension/webviews/runFeeds';
import type { HostToTrainer } from '../../src/shared/protocol';
import { hostDeps, workspaceFixture } from '../helpers/hostFixture';

function setUp() {
  ui.reset();
  const workspace = workspaceFixture();
  ui.folder = workspace.folder;
  const host = hostDeps(workspace);
  const managerCalls: [string, LiveRun][] = [];
  for (const action of ['stop', 'pause', 'resume'] as const) host.manager[action] = (run: LiveRun) => void managerCalls.push([action, run]);
  const actions = createRunActions(host.deps);
  const sent: HostToTrainer[] = [];
  /** A run training in this window: what the view's controls act on. */
  const live = {
    live: true,
    runDir: join(workspace.folder, 'runs', 'ring', 'live'),
    send: (m: HostToTrainer) => sent.push(m) > 0,
  } as unknown as LiveRun;
  /** The view of a run: its feed's directory, live run and view. */
  const view = (runDir: string | undefined, liveRun?: LiveRun) =>
    ({
      runDir,
      liveRun,
      view: () => ({ runDir: runDir ?? '', runId: 'r1', experimentName: 'ring', experimentFile: workspace.experimentFile }),
    }) as unknown as ViewFeed;
  return { workspace, host, actions, managerCalls, sent, live, view };
}

describe('the views’ actions', () => {
  afterEach(() => ui.reset());

  it('stop, pause and resume act on the view’s own live run, and on nothing when it is not training here', async () => {
    const { actions, managerCalls, live, view, workspace } = setUp();
    for (const action of ['stop', 'pause', 'resume'] as const) await actions.act(view(live.runDir, live), action);
    assert.deepEqual(managerCalls, [
      ['stop', live],
      ['pause', live],
      ['resume', live],
    ]);
    managerCalls.length = 0;
    const ended = { ...live, live: false } as LiveRun;
    for (const source of [view(workspace.runDir), view(workspace.runDir, ended)]) await actions.act(source, 'pause');
    assert.deepEqual(managerCalls, []);
    assert.deepEqual(
      ui.called('window.showInformationMessage').map((c) => c.args[0]),
      ['This run is not training in this window.', 'This run is not training in this window.'],
    );
  });

  it('"sample now" asks the view’s own trainer for samples', async () => {
    const { actions, sent, live, view, workspace } = setUp();
    await actions.act(view(live.runDir, live), 'sampleNow');
    await actions.act(view(workspace.runDir), 'sampleNow');
    assert.deepEqual(sent, [{ type: 'sampleNow', payload: {} }]);
  });

  it('opens the run’s experiment file, and reveals the run folder in the Explorer (in the workspace) or the file manager', async () => {
    const { actions, view, workspace } = setUp();
    await actions.act(view(workspace.runDir), 'openExperiment');
    assert.deepEqual(
      ui.called('window.showTextDocument').map((c) => (c.args[0] as Uri).fsPath),
      [workspace.experimentFile],
    );
    await actions.act(view(workspace.runDir), 'openRunFolder');
    ui.folder = join(workspace.folder, 'elsewhere');
    await actions.act(view(workspace.runDir), 'openRunFolder');
    assert.deepEqual(
      ui.calls.filter((c) => c.api.startsWith('command reveal')).map((c) => [c.api, (c.args[0] as Uri).fsPath]),
      [
        ['command revealInExplorer', workspace.runDir],
        ['command revealFileInOS', workspace.runDir],
      ],
    );
  });

  it('writes a hyper-parameter edit for the view’s own live run only, with exactly the key and value sent', async () => {
    const { actions, host, live, view, workspace } = setUp();
    await actions.setHyperparameter(view(live.runDir, live), { key: 'generatorLr', value: 2e-4 });
    await actions.setHyperparameter(view(workspace.runDir), { key: 'discriminatorLr', value: 1e-3 });
    assert.deepEqual(host.record.edits, [{ run: live, changes: { generatorLr: 2e-4 } }]);
  });

  it('lists the other runs of the catalog to compare, and reads only a run it offered', async () => {
    const { actions, view, workspace } = setUp();
    const source = view(join(workspace.folder, 'runs', 'ring', 'this-run'));
    const listed = await actions.listCompareRuns(source);
    assert.deepEqual(listed, {
      type: 'compareRunsListed',
      payload: { runs: [{ runDir: workspace.runDir, label: 'ring · 20260101-000000-1 · stopped' }] },
    });
    assert.deepEqual((await actions.listCompareRuns(view(workspace.runDir))).payload, { runs: [] }, 'a run is not compared with itself');
    for (const notOffered of ['/etc', join(workspace.folder, 'runs'), `${workspace.runDir}/..`, source.runDir!])
      assert.equal(await actions.compareRun(source, notOffered), undefined, notOffered);
    const added = await actions.compareRun(source, workspace.runDir);
    assert.equal(added?.type, 'compareRunAdded');
    assert.ok(added?.type === 'compareRunAdded');
    assert.equal(added.payload.label, 'ring · 20260101-000000-1 · stopped');
    assert.deepEqual(
      added.payload.metrics.map((m) => m.step),
      [1, 2],
    );
  });

  it('saves an export where the user chooses, proposing the run folder and a safe name; cancelling writes nothing', async () => {
    const { actions, view, workspace } = setUp();
    const target = join(workspace.folder, 'chosen.png');
    ui.answer = (api) => (api === 'window.showSaveDialog' ? Uri.file(target) : undefined);
    const data = Buffer.from('not really a png').toString('base64');
    const saved = await actions.saveExport(view(workspace.runDir), { format: 'png', suggestedName: '../../x/evil name.png', data });
    assert.deepEqual(saved, { type: 'exportDone', payload: { ok: true, message: 'Saved chosen.png' } });
    const [dialog] = ui.called('window.showSaveDialog');
    const options = dialog!.args[0] as { defaultUri: Uri; filters: Record<string, string[]> };
    assert.equal(options.defaultUri.fsPath, join(workspace.runDir, 'x-evil-name.png'));
    assert.deepEqual(options.filters, { PNG: ['png'] });
    assert.equal(readFileSync(target, 'utf8'), 'not really a png');
    assert.ok(!existsSync(join(workspace.runDir, 'x-evil-name.png')));

    ui.answer = () => undefined;
    const cancelled = await actions.saveExport(view(workspace.runDir), { format: 'gif', suggestedName: 'a.gif', data });
    assert.deepEqual(cancelled, { type: 'exportDone', payload: { ok: false, message: 'Export cancelled.' } });
    assert.equal(ui.called('workspace.fs.writeFile').length, 1);
  });

  it('exports the run’s metrics as CSV where the user chooses; a run with no directory has none', async () => {
    const { actions, view, workspace } = setUp();
    const target = join(workspace.folder, 'metrics.csv');
    ui.answer = (api) => (api === 'window.showSaveDialog' ? Uri.file(target) : undefined);
    const done = await actions.exportMetricsCsv(view(workspace.runDir));
    assert.deepEqual(done, { type: 'exportDone', payload: { ok: true, message: 'Saved metrics.csv' } });
    const [dialog] = ui.called('window.showSaveDialog');
    assert.equal((dialog!.args[0] as { defaultUri: Uri }).defaultUri.fsPath, join(workspace.runDir, 'ring-r1-metrics.csv'));
    const lines = readFileSync(target, 'utf8').trim().split('\n');
    assert.equal(lines.length, 3, 'a header and the two records');
    assert.match(lines[0]!, /^step,/);
    assert.deepEqual(await actions.exportMetricsCsv(view(undefined)), {
      type: 'exportDone',
      payload: { ok: false, message: 'This run has no directory yet.' },
    });
  });

  it('opens the dashboard of the view’s run (the Samples view’s button)', () => {
    const { actions, host, live, view, workspace } = setUp();
    actions.openDashboard(view(live.runDir, live));
    actions.openDashboard(view(workspace.runDir));
    assert.deepEqual(host.record.dashboards, [{ live, runDir: live.runDir }, { runDir: workspace.runDir }]);
  });
});
