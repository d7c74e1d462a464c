import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { LiveRun } from '../../src/extension/trainingRuns/liveRun';
import { runContextValue } from '../../src/extension/views/runNode';
import { RunsTreeProvider } from '../../src/extension/views/runsTree';
import { statusText } from '../../src/extension/views/statusBar';
import { api, until, workspaceFile } from './helpers';

const REPO = join(__dirname, '..', '..');

async function startLong(): Promise<LiveRun> {
  const run = await vscode.commands.executeCommand<LiveRun | undefined>('ganWorkbench.startTraining', workspaceFile('long.gan.json'));
  assert.ok(run);
  await until(() => run.lastMetrics, 60_000, 'the first metrics');
  return run;
}

/** Whether a child process still runs, and if not how it ended (a code, or the signal that killed it). */
function cliState(cli: ChildProcess): string {
  if (cli.exitCode !== null) return `exited ${cli.exitCode}`;
  return cli.signalCode ? `killed by ${cli.signalCode}` : 'still running';
}

/** gan-train on `file` in a child process, as from a terminal; its stderr is kept for failure messages. */
function startCli(file: string, extraArgs: string[]) {
  const cli = spawn(process.execPath, [join(REPO, 'bin', 'gan-train.js'), file, ...extraArgs, '--quiet'], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  cli.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => cli.on('exit', resolve));
  /** `wait`, with the CLI's exit code and stderr added to its failure. */
  const explain = async <T>(wait: Promise<T>): Promise<T> =>
    wait.catch((e: Error) => {
      throw new Error(`${e.message}; gan-train ${cliState(cli)}, stderr: ${stderr.slice(-2000) || '(none)'}`);
    });
  return { cli, exited, explain };
}

describe('runs: pause, resume, checkpoints, views, CLI runs', function () {
  this.timeout(120_000);

  it('pauses and resumes a live run from the commands; the status bar text follows', async () => {
    const { workbench } = await api();
    const run = await startLong();
    try {
      assert.match(statusText(run, 0), /^\$\(pulse\) GAN long-ring [\d,]+\/1,000,000 · \d+(\.\d)? steps\/s$/);
      await vscode.commands.executeCommand('ganWorkbench.pauseTraining', run);
      await until(() => run.phase === 'paused', 10_000, 'paused');
      const step = run.meta!.lastStep;
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(run.meta!.lastStep, step, 'no steps while paused');
      assert.match(statusText(run, 0), /^\$\(debug-pause\) GAN long-ring .* · paused$/);
      await vscode.commands.executeCommand('ganWorkbench.resumeTraining', run);
      await until(() => run.phase === 'running' && run.meta!.lastStep > step, 10_000, 'training again');
    } finally {
      workbench.manager.stop(run);
      await run.whenEnded();
    }
  });

  it('resumes a stopped run from its latest checkpoint in the same directory', async () => {
    const { workbench } = await api();
    const first = await startLong();
    workbench.manager.stop(first);
    await first.whenEnded();
    const stoppedAt = first.meta!.lastStep;
    const node = (await workbench.catalog.list()).find((n) => n.dir === first.runDir);
    assert.ok(node, 'the stopped run is in the catalog');
    assert.match(runContextValue(node), /\bresumable\b/);
    const resumed = await vscode.commands.executeCommand<LiveRun | undefined>('ganWorkbench.resumeFromCheckpoint', node);
    assert.ok(resumed);
    try {
      await until(
        () => resumed.lastMetrics && resumed.lastMetrics.step > stoppedAt,
        60_000,
        'the resumed run to train past the checkpoint',
      );
      assert.equal(resumed.runDir, first.runDir);
      const events = readFileSync(join(resumed.runDir!, 'events.jsonl'), 'utf8');
      assert.ok(events.includes(JSON.stringify(`resumed from the checkpoint at step ${stoppedAt}`)), 'events.jsonl records the resume');
    } finally {
      workbench.manager.stop(resumed);
      await resumed.whenEnded();
    }
  });

  it('exports the generator of a run from the tree as a TensorFlow.js model (model.json + weights.bin)', async () => {
    const { workbench } = await api();
    const run = await startLong();
    workbench.manager.stop(run);
    await run.whenEnded();
    const node = (await workbench.catalog.list()).find((n) => n.dir === run.runDir);
    assert.ok(node);
    const outcome = await vscode.commands.executeCommand<{ ok: boolean; message: string; folder?: string }>(
      'ganWorkbench.exportGenerator',
      node,
    );
    assert.ok(outcome?.ok, outcome?.message);
    assert.equal(outcome.folder, join(run.runDir!, 'exports', `generator-step-${String(run.meta!.lastStep).padStart(8, '0')}`));
    const model = JSON.parse(readFileSync(join(outcome.folder, 'model.json'), 'utf8')) as { format: string };
    assert.equal(model.format, 'layers-model');
    assert.ok(existsSync(join(outcome.folder, 'weights.bin')));
  });

  it('shows a run trained by the CLI in a terminal (file watcher), and opens its dashboard', async () => {
    const { workbench } = await api();
    const file = workspaceFile('ring.gan.json').fsPath;
    const before = new Set(workbench.catalog.runs().map((n) => n.dir));
    const { exited, explain } = startCli(file, ['--steps', '150']);
    const node = await explain(
      until(
        () => workbench.catalog.runs().find((n) => !before.has(n.dir) && n.experimentName === 'ring8-small' && !n.live),
        60_000,
        'the CLI run to appear in the tree',
      ),
    );
    assert.equal(await exited, 0);
    await until(
      () => workbench.catalog.runs().find((n) => n.dir === node.dir && n.status === 'completed'),
      20_000,
      'the catalog to show the CLI run completed',
    );
    // The Runs view is a view of the catalog (the composition root registers it and keeps no handle on it).
    const tree = new RunsTreeProvider(workbench.catalog);
    const shown = tree.getChildren().flatMap((experiment) => tree.getChildren(experiment));
    tree.dispose();
    assert.ok(
      shown.some((n) => n.kind === 'run' && n.dir === node.dir && n.status === 'completed'),
      'the tree shows the catalog',
    );
    await vscode.commands.executeCommand('ganWorkbench.openDashboard', node);
    await until(
      () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label.includes(node.runId)),
      10_000,
      'the dashboard of the CLI run',
    );
  });

  it('keeps a CLI run that writes metrics continuously up to date in the tree while it trains', async () => {
    const { workbench } = await api();
    const file = workspaceFile('long.gan.json').fsPath;
    const before = new Set(workbench.catalog.runs().map((n) => n.dir));
    const { cli, exited, explain } = startCli(file, []);
    try {
      const cliNode = () => workbench.catalog.runs().find((n) => !before.has(n.dir) && n.experimentName === 'long-ring' && !n.live);
      const first = await explain(until(() => cliNode()?.lastMetrics?.step, 60_000, 'the CLI run with metrics in the tree'));
      // metrics.jsonl changes every few milliseconds; the tree must follow without a refresh command.
      const later = await until(
        () => ((cliNode()?.lastMetrics?.step ?? 0) > first ? cliNode()!.lastMetrics!.step : undefined),
        10_000,
        'a later step',
      );
      await until(() => ((cliNode()?.lastMetrics?.step ?? 0) > later ? true : undefined), 10_000, 'a still later step');
      assert.equal(cliNode()?.status, 'running');
    } finally {
      cli.kill('SIGINT');
      await exited;
    }
  });

  it('offers "Open Last Run" on a file with runs, and the view commands act', async () => {
    const { workbench } = await api();
    const uri = workspaceFile('ring.gan.json');
    await vscode.window.showTextDocument(uri);
    const lenses = await until(
      async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
        return found?.some((l) => l.command?.title === 'Open Last Run') ? found : undefined;
      },
      10_000,
      'the Open Last Run lens',
    );
    assert.deepEqual(
      lenses.map((l) => l.command?.title),
      ['▶ Start Training', 'Open Last Run'],
    );
    await vscode.commands.executeCommand('ganWorkbench.openLastRun', uri);
    const last = workbench.lastRunOf(uri)!;
    await vscode.commands.executeCommand(
      'ganWorkbench.showSamples',
      workbench.catalog.runs().find((n) => n.dir === last),
    );
    assert.equal(workbench.samples.currentRunDir, last);
    await vscode.commands.executeCommand('ganWorkbench.refreshRuns');
    await vscode.commands.executeCommand('ganWorkbench.showTrainerLog');
  });
});
