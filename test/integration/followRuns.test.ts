/**
 * Issue 19, in a real VS Code: the open dashboard follows a resumed run to its end (and the run's
 * events record the resume the chart marks); a completed run tells its result in its notification
 * and in the Runs tree's row and tooltip; Stop offers "Stop all" beside the runs; the Samples view
 * stays on the run it shows with two runs training, and follows the dashboard opened or focused; a
 * bad data path opens no dashboard and is refused once, naming the path once; starting runs of one
 * experiment reuses its tab (one per run with ganWorkbench.dashboardTabs = perRun).
 *
 * The dashboards are read through the extension's exports: each panel's `shown` is what its page
 * was last told (the run, phase and newest step posted).
 */
import * as assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { LiveRun } from '../../src/extension/trainingRuns/liveRun';
import { describeRunNode, runNodeLabel, runTooltip } from '../../src/extension/views/runNode';
import { qualityHeadline } from '../../src/shared/qualityHeadline';
import { readRunExperiment } from '../../src/shared/runDirectory/runExperiment';
import { api, until, workspaceFile } from './helpers';

/** A ring run short enough to finish, long enough to be stopped and resumed first. */
function shortRing(name: string, steps: number) {
  return JSON.stringify(
    {
      name,
      seed: 5,
      data: { kind: 'ring', modes: 8, radius: 2, std: 0.02 },
      latent: { dim: 2, distribution: 'normal' },
      generator: { kind: 'mlp', hidden: [32, 32], activation: 'relu' },
      discriminator: { kind: 'mlp', hidden: [32, 32], activation: 'leakyRelu' },
      loss: { kind: 'nonSaturating' },
      schedule: { steps, batchSize: 32, dStepsPerGStep: 1 },
      logging: { metricsEvery: 10, histogramsEvery: 200, samplesEvery: 200, checkpointEvery: 100000, sampleCount: 64, gridResolution: 16 },
      backend: 'wasm',
    },
    null,
    2,
  );
}

const created: string[] = [];
function writeExperiment(fileName: string, text: string): vscode.Uri {
  const uri = workspaceFile(fileName);
  writeFileSync(uri.fsPath, text);
  created.push(uri.fsPath);
  return uri;
}

async function start(uri: vscode.Uri): Promise<LiveRun> {
  const run = await vscode.commands.executeCommand<LiveRun | undefined>('ganWorkbench.startTraining', uri);
  assert.ok(run, 'Start Training returned no run');
  return run;
}

const tabsOf = (experimentName: string) =>
  vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label.startsWith(`GAN ${experimentName}`));

describe('runs you can follow: resume, results, Stop all, the Samples view, tabs', function () {
  this.timeout(180_000);

  before(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const file of created.splice(0)) rmSync(file, { force: true });
  });

  it('the open dashboard follows a resumed run to its end, with the resume recorded; the result is told in the notification, the tree row and its tooltip', async () => {
    const { workbench } = await api();
    const uri = writeExperiment('follow.gan.json', shortRing('follow-ring', 1500));
    const first = await start(uri);
    const panel = await until(
      () => workbench.dashboards.all().find((p) => p.liveRun === first && p.shown.step > 0),
      60_000,
      'the dashboard to open on the run and show steps',
    );
    workbench.manager.stop(first);
    await first.whenEnded();
    assert.equal(first.phase, 'stopped');
    const stoppedAt = first.meta!.lastStep;
    await until(() => panel.shown.phase === 'stopped', 10_000, 'the dashboard to say stopped');

    // Resumed as from the tree's context menu: the same panel follows the new live run.
    const node = (await workbench.catalog.list()).find((n) => n.dir === first.runDir);
    assert.ok(node);
    const resumed = await vscode.commands.executeCommand<LiveRun | undefined>('ganWorkbench.resumeFromCheckpoint', node);
    assert.ok(resumed);
    await until(() => panel.liveRun === resumed, 30_000, 'the open dashboard to follow the resumed run');
    await until(() => panel.shown.step > stoppedAt, 60_000, `the dashboard's step to pass the stop step ${stoppedAt}`);
    await until(() => resumed.ended, 120_000, 'the resumed run to end');
    assert.equal(resumed.phase, 'completed', resumed.error);
    await until(
      () => panel.shown.phase === 'completed' && panel.shown.step === 1500,
      10_000,
      `the dashboard to show the run completed at step 1,500 (it shows ${panel.shown.phase} at ${panel.shown.step})`,
    );
    assert.equal(workbench.dashboards.all().filter((p) => p.target.runDir === first.runDir).length, 1, 'one dashboard, the same panel');
    assert.equal(tabsOf('follow-ring').length, 1);

    // The stop/resume marker's record (webview/src/logic/markers.ts draws it).
    const events = readFileSync(join(first.runDir!, 'events.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { kind: string; step: number; message: string });
    const resumeEvent = events.find((e) => e.kind === 'status' && e.message === `resumed from the checkpoint at step ${stoppedAt}`);
    assert.ok(resumeEvent, 'events.jsonl records the resume');
    assert.equal(resumeEvent.step, stoppedAt);
    assert.ok(events.some((e) => e.kind === 'status' && e.message === 'stopped' && e.step === stoppedAt));

    // The result, in the quality headline's words, everywhere.
    const headline = qualityHeadline(resumed.lastQuality!.metrics);
    assert.ok(headline, 'the run has a quality headline');
    assert.match(headline, /^modes \d\/8, JS [\d.e-]+ bit$/);
    const notice = await until(
      () => workbench.notices.shown.find((n) => n.message.startsWith('GAN follow-ring completed')),
      10_000,
      'the completed-run notification',
    );
    assert.equal(notice.severity, 'info');
    assert.equal(notice.message, `GAN follow-ring completed: ${headline} (1,500 steps in ${notice.message.split(' in ').pop()}`);
    await workbench.catalog.refresh();
    const row = await until(
      () => workbench.catalog.runs().find((n) => n.dir === first.runDir && n.status === 'completed'),
      10_000,
      'the tree row completed',
    );
    assert.ok(describeRunNode(row).startsWith(`${headline} · 1,500/1,500`), describeRunNode(row));
    assert.ok(runNodeLabel(row).length < row.runId.length, 'a short label leaves the row room');
    const tooltip = runTooltip(row, await readRunExperiment(row.dir)).value;
    assert.ok(tooltip.includes(headline), tooltip);
    assert.ok(tooltip.includes(row.runId), 'the tooltip names the full run id');
  });

  it('Stop with several live runs offers "Stop all", which stops every live run', async () => {
    const { workbench } = await api();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const runs = [
      workbench.manager.start(workspaceFile('long.gan.json'), 'long-ring'),
      workbench.manager.start(workspaceFile('long.gan.json'), 'long-ring'),
    ];
    try {
      await until(() => runs.every((r) => r.runDir), 60_000, 'both runs to start');
      assert.equal(workbench.manager.live().length, 2);
      let done = false;
      const stopping = Promise.resolve(vscode.commands.executeCommand('ganWorkbench.stopTraining')).then(() => (done = true));
      // The picker lists the runs, then "Stop all": pick the last item.
      await until(
        async () => {
          await new Promise((r) => setTimeout(r, 300));
          if (done) return true;
          await vscode.commands.executeCommand('quickInput.last');
          await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
          return done;
        },
        20_000,
        'Stop all to be picked',
      );
      await stopping;
      await until(() => runs.every((r) => r.ended), 30_000, 'every run to stop');
      assert.deepEqual(
        runs.map((r) => r.phase),
        ['stopped', 'stopped'],
      );
      assert.equal(workbench.manager.live().length, 0);
    } finally {
      await workbench.manager.stopAll();
    }
  });

  it('the Samples view stays on the run it shows with two runs training, and follows the dashboard opened or focused', async () => {
    const { workbench } = await api();
    const config = vscode.workspace.getConfiguration('ganWorkbench');
    await config.update('dashboardTabs', 'perRun', vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const [a, b] = [
      workbench.manager.start(workspaceFile('long.gan.json'), 'long-ring'),
      workbench.manager.start(workspaceFile('long.gan.json'), 'long-ring'),
    ];
    try {
      await until(() => a!.lastMetrics && b!.lastMetrics, 60_000, 'both runs to train');
      workbench.samples.show({ live: a! }, false);
      assert.equal(workbench.samples.currentRunDir, a!.runDir);
      assert.ok(!workbench.samples.isPinned);
      const seen = new Set<string | undefined>();
      const until4s = Date.now() + 4000;
      const stepB = b!.lastMetrics!.step;
      while (Date.now() < until4s) {
        seen.add(workbench.samples.currentRunDir);
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(b!.lastMetrics!.step > stepB, 'the other run reported meanwhile');
      assert.deepEqual([...seen], [a!.runDir], 'the view stayed on the run it showed');

      // A dashboard opened, then another focused: the view follows each.
      workbench.dashboards.open({ live: b! });
      assert.equal(workbench.samples.currentRunDir, b!.runDir);
      const panelA = workbench.dashboards.open({ live: a! });
      assert.equal(workbench.samples.currentRunDir, a!.runDir);
      assert.equal(workbench.dashboards.all().length, 2, 'one tab per run (perRun)');
      const panelB = workbench.dashboards.all().find((p) => p.liveRun === b)!;
      panelB.reveal();
      await until(() => workbench.samples.currentRunDir === b!.runDir, 10_000, 'the view to follow the focused dashboard');
      panelA.reveal();
      await until(() => workbench.samples.currentRunDir === a!.runDir, 10_000, 'the view to follow the focused dashboard back');
    } finally {
      await config.update('dashboardTabs', undefined, vscode.ConfigurationTarget.Workspace);
      await workbench.manager.stopAll();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('a bad data path: shown in the editor, one notification naming the path once, no run and no dashboard', async () => {
    const { workbench } = await api();
    const text = shortRing('bad-data', 100).replace(/"data": \{[^}]*\}/, '"data": { "kind": "csv", "path": "data/no-such-points.csv" }');
    assert.match(text, /no-such-points/);
    const uri = writeExperiment('baddata.gan.json', text);
    const runsBefore = workbench.manager.all().length;
    const panelsBefore = workbench.dashboards.all().length;
    const noticesBefore = workbench.notices.shown.length;
    const run = await vscode.commands.executeCommand<LiveRun | undefined>('ganWorkbench.startTraining', uri);
    assert.equal(run, undefined, 'no run');
    assert.equal(workbench.manager.all().length, runsBefore);
    const notices = workbench.notices.shown.slice(noticesBefore);
    assert.equal(notices.length, 1, JSON.stringify(notices));
    const message = notices[0]!.message;
    assert.equal(notices[0]!.severity, 'error');
    assert.equal(message.split('data/no-such-points.csv').length - 1, 1, `the path once: ${message}`);
    assert.match(
      message,
      /^Cannot start baddata\.gan\.json: line \d+, data\.path: file not found: data\/no-such-points\.csv; expected an existing CSV file, relative to the experiment file\. Correct it in the file, then start again\.$/,
    );
    // The editor shows the file at the problem, with the same error once.
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, uri.fsPath);
    const errors = await until(
      () => {
        const d = vscode.languages.getDiagnostics(uri).filter((x) => x.severity === vscode.DiagnosticSeverity.Error);
        return d.length > 0 ? d : undefined;
      },
      10_000,
      'the error in the editor',
    );
    assert.equal(errors.length, 1, errors.map((e) => e.message).join(' | '));
    assert.equal(errors[0]!.message.split('data/no-such-points.csv').length - 1, 1, errors[0]!.message);
    assert.equal(vscode.window.activeTextEditor?.selection.active.line, errors[0]!.range.start.line);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(workbench.dashboards.all().length, panelsBefore, 'no dashboard opened');
  });

  it('starting runs of one experiment reuses its dashboard tab; ganWorkbench.dashboardTabs = perRun keeps one per run', async () => {
    const { workbench } = await api();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const uri = writeExperiment('tabs.gan.json', shortRing('tabs-ring', 60));
    const config = vscode.workspace.getConfiguration('ganWorkbench');
    const panelsOf = (run: LiveRun) => workbench.dashboards.all().filter((p) => p.liveRun === run);
    try {
      const first = await start(uri);
      const panel = await until(() => panelsOf(first)[0], 60_000, 'the first run’s dashboard');
      await until(() => first.ended, 60_000, 'the first run to end');
      const second = await start(uri);
      await until(() => panel.liveRun === second, 60_000, 'the second run to take over the experiment’s tab');
      await until(() => second.ended, 60_000, 'the second run to end');
      assert.equal(workbench.dashboards.all().length, 1, 'one dashboard');
      assert.equal(tabsOf('tabs-ring').length, 1, 'one tab');
      assert.ok(panel.shown.title.includes(second.meta!.runId), panel.shown.title);

      await config.update('dashboardTabs', 'perRun', vscode.ConfigurationTarget.Workspace);
      const third = await start(uri);
      await until(() => panelsOf(third)[0], 60_000, 'the third run’s own dashboard');
      assert.equal(panel.liveRun, second, 'the second run keeps its tab');
      assert.equal(workbench.dashboards.all().length, 2);
      await until(() => tabsOf('tabs-ring').length === 2, 10_000, 'two tabs');
      await until(() => third.ended, 60_000, 'the third run to end');
    } finally {
      await config.update('dashboardTabs', undefined, vscode.ConfigurationTarget.Workspace);
      await workbench.manager.stopAll();
    }
  });
});
