/**
 * Workspace trust, as behaviour. Every command is registered as the composition root registers it,
 * on fakes (test/helpers/hostFixture.ts: the `vscode` stand-in, a launcher that records and starts
 * nothing, the real RunManager), and run with the argument that takes it furthest. In a trusted
 * workspace exactly the commands that start a process reach the launcher (so the test is not
 * vacuous, and a new command that starts one joins the list); in an untrusted one each of them
 * shows the modal that offers to manage trust and starts nothing, stops nothing, creates no run.
 * The dashboard's "Sample with MCMC" button too. The launcher the root builds refuses by itself
 * in an untrusted workspace (a second gate where the process starts), and package.json declares
 * the limited support. That only the launcher may import child_process is checked in lint
 * (eslint.config.mjs).
 */
import { ui, Uri, workspace } from '../helpers/fakeVscode';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { registerCommands } from '../../src/extension/commands/registerCommands';
import { COMMANDS, type CommandId } from '../../src/extension/ids';
import { createHostLauncher } from '../../src/extension/trainingRuns/hostLauncher';
import type { LiveRun } from '../../src/extension/trainingRuns/liveRun';
import { UntrustedWorkspaceError } from '../../src/extension/trainingRuns/processLauncher';
import type { ViewFeed } from '../../src/extension/webviews/runFeeds';
import { createRunActions } from '../../src/extension/webviews/runActions';
import { SAMPLING_DEFAULTS } from '../../src/shared/samplingSettings';
import { acceptEveryProposal, hostDeps, RecordingLauncher, workspaceFixture, type Workspace } from '../helpers/hostFixture';

const root = join(__dirname, '..', '..');

/** The commands that start a process (a trainer, gan-sample, gan-export, gan-train's backend check or npm). */
const STARTS_A_PROCESS: CommandId[] = [
  COMMANDS.startTraining,
  COMMANDS.resumeFromCheckpoint,
  COMMANDS.restartWithChanges,
  COMMANDS.sampleWithMcmc,
  COMMANDS.exportGenerator,
  COMMANDS.checkBackends,
  COMMANDS.installNativeBackend,
];

const MCMC_SETTINGS = { ...SAMPLING_DEFAULTS, steps: 10, chains: 4 };

interface Setup {
  workspace: Workspace;
  launcher: RecordingLauncher;
  host: ReturnType<typeof hostDeps>;
  /** A run this window is training (started while trusted, before the command under test). */
  live: LiveRun;
}

/** The arguments each command is invoked with: the ones that take it furthest. Typed by CommandId, so a new command needs one. */
const ARGUMENTS: Record<CommandId, (s: Setup) => Promise<unknown[]> | unknown[]> = {
  [COMMANDS.startTraining]: (s) => [s.workspace.experimentUri],
  [COMMANDS.stopTraining]: (s) => [s.live],
  [COMMANDS.pauseTraining]: (s) => [s.live],
  [COMMANDS.resumeTraining]: (s) => [s.live],
  [COMMANDS.openDashboard]: async (s) => [await s.host.catalogRun()],
  [COMMANDS.showSamples]: async (s) => [await s.host.catalogRun()],
  [COMMANDS.openRun]: (s) => [Uri.file(s.workspace.runDir)],
  [COMMANDS.openLastRun]: (s) => [s.workspace.experimentUri],
  [COMMANDS.resumeFromCheckpoint]: async (s) => [await s.host.catalogRun()],
  [COMMANDS.deleteRun]: async (s) => [await s.host.catalogRun()],
  [COMMANDS.revealRun]: async (s) => [await s.host.catalogRun()],
  [COMMANDS.newExperiment]: () => [],
  [COMMANDS.showTrainerLog]: () => [],
  [COMMANDS.restartWithChanges]: (s) => [s.live],
  [COMMANDS.refreshRuns]: () => [],
  [COMMANDS.exportGenerator]: async (s) => [await s.host.catalogRun()],
  [COMMANDS.sampleWithMcmc]: (s) => [s.workspace.runDir, MCMC_SETTINGS],
  [COMMANDS.checkBackends]: (s) => [s.workspace.experimentUri],
  [COMMANDS.installNativeBackend]: () => ['cpu'],
};

const setups: Setup[] = [];

/** A fresh workspace, the commands registered on fakes, and one live run started while trusted. */
function setUp(): Setup {
  ui.reset();
  const workspace = workspaceFixture();
  ui.folder = workspace.folder;
  acceptEveryProposal(workspace);
  const launcher = new RecordingLauncher();
  const host = hostDeps(workspace, launcher);
  registerCommands(host.deps);
  const live = host.manager.start(workspace.otherUri as never, 'other');
  assert.equal(launcher.launched.length, 1, 'the live run of the fixture started');
  launcher.launched.length = 0;
  const setup = { workspace, launcher, host, live };
  setups.push(setup);
  return setup;
}

async function run(command: CommandId, setup: Setup): Promise<void> {
  const handler = ui.commands.get(command);
  assert.ok(handler, `${command} is registered`);
  await handler(...(await ARGUMENTS[command](setup)));
  await new Promise((resolve) => setImmediate(resolve)); // what a command leaves running (a notification's follow-up)
}

/** The modals that ask for trust (ensureTrusted's). */
const trustModals = () =>
  ui
    .called('window.showWarningMessage')
    .filter((c) => (c.args[1] as { modal?: boolean })?.modal === true && /trusted workspace/.test(String(c.args[0])));

describe('workspace trust', () => {
  afterEach(async () => {
    for (const { host } of setups.splice(0)) {
      await host.manager.stopAll();
      host.manager.dispose();
    }
    ui.reset();
  });

  it('is declared in package.json: limited support with a description, process settings restricted', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      capabilities?: { untrustedWorkspaces?: { supported?: unknown; description?: unknown; restrictedConfigurations?: unknown } };
    };
    const declared = pkg.capabilities?.untrustedWorkspaces;
    assert.equal(declared?.supported, 'limited');
    assert.equal(typeof declared?.description, 'string');
    assert.match(declared!.description as string, /trusted workspace/);
    assert.deepEqual([...(declared!.restrictedConfigurations as string[])].sort(), [
      'ganWorkbench.runsDirectory',
      'ganWorkbench.trainerNodePath',
    ]);
  });

  it('in a trusted workspace, exactly the commands that start a process reach the launcher', async () => {
    const reached: CommandId[] = [];
    for (const command of Object.values(COMMANDS)) {
      const setup = setUp();
      await run(command, setup);
      if (setup.launcher.launched.length > 0) reached.push(command);
      assert.equal(trustModals().length, 0, `${command} asked for trust in a trusted workspace`);
    }
    assert.deepEqual(reached.sort(), [...STARTS_A_PROCESS].sort());
  });

  it('starts each process with what its command was asked for', async () => {
    // The fixture's other run may be training when a trainer starts: that one then gets its share of the cores.
    const withoutThreadShare = (args: readonly string[]): string[] => {
      const at = args.indexOf('--threads');
      if (at < 0) return [...args];
      assert.equal(args[at + 1], String(Math.max(1, Math.floor(availableParallelism() / 2))));
      return args.filter((_, i) => i !== at && i !== at + 1);
    };
    const expected: Record<string, (s: Setup) => { tool: string; args: string[] }> = {
      [COMMANDS.startTraining]: (s) => ({ tool: 'trainer', args: [s.workspace.experimentFile, '--out', join(s.workspace.folder, 'runs')] }),
      [COMMANDS.resumeFromCheckpoint]: (s) => ({ tool: 'trainer', args: ['--resume', s.workspace.runDir] }),
      [COMMANDS.restartWithChanges]: (s) => ({ tool: 'trainer', args: [s.workspace.otherFile, '--out', join(s.workspace.folder, 'runs')] }),
      [COMMANDS.exportGenerator]: (s) => ({ tool: 'gan-export', args: [s.workspace.runDir, '--json'] }),
      [COMMANDS.checkBackends]: (s) => ({ tool: 'gan-train', args: ['--check-backends', s.workspace.experimentFile, '--json'] }),
    };
    for (const command of STARTS_A_PROCESS) {
      const setup = setUp();
      await run(command, setup);
      const [launched] = setup.launcher.launched;
      assert.ok(launched, command);
      if (command === COMMANDS.sampleWithMcmc) {
        assert.equal(launched.tool, 'gan-sample');
        assert.deepEqual(launched.args.slice(0, 5), [setup.workspace.runDir, '--method', 'mala', '--steps', '10']);
      } else if (command === COMMANDS.installNativeBackend) {
        // npm, into a staging folder of the storage, the CPU package at the trainer's TensorFlow.js version.
        assert.equal(launched.tool, 'npm');
        assert.deepEqual(launched.args.slice(0, 2), ['install', '--prefix']);
        assert.ok(launched.args[2]!.startsWith(join(setup.workspace.folder, 'global-storage', 'native-staging-')), launched.args[2]);
        assert.equal(launched.args.at(-1), '@tensorflow/tfjs-node@4.22.0');
      } else assert.deepEqual({ tool: launched.tool, args: withoutThreadShare(launched.args) }, expected[command]!(setup), command);
    }
  });

  for (const command of STARTS_A_PROCESS) {
    it(`${command} refuses in an untrusted workspace before it starts (or stops) anything`, async () => {
      const setup = setUp();
      workspace.isTrusted = false;
      const runsBefore = setup.host.manager.all().length;
      await run(command, setup);
      assert.deepEqual(setup.launcher.launched, [], 'nothing reached the launcher');
      assert.equal(setup.host.manager.all().length, runsBefore, 'no run was created');
      assert.ok(setup.live.live, 'the live run was not stopped');
      assert.equal(setup.host.record.dashboards.length, 0, 'no dashboard opened');
      const [modal, ...more] = trustModals();
      assert.ok(modal, 'the trust modal was shown');
      assert.equal(more.length, 0, 'once');
      assert.match(String(modal.args[0]), /needs a trusted workspace\. Editing and viewing runs work without trust\./);
      assert.deepEqual(modal.args.slice(2), ['Manage Workspace Trust']);
      assert.deepEqual(ui.called('command workbench.trust.manage'), [], 'trust is managed only when the user asks');
    });
  }

  it('offers to manage trust from the modal, and still starts nothing', async () => {
    const setup = setUp();
    workspace.isTrusted = false;
    ui.answer = (api, args) => (api === 'window.showWarningMessage' ? args[2] : undefined);
    await run(COMMANDS.startTraining, setup);
    assert.equal(ui.called('command workbench.trust.manage').length, 1);
    assert.deepEqual(setup.launcher.launched, []);
  });

  it('in an untrusted workspace, no command reaches the launcher, whatever its arguments', async () => {
    for (const command of Object.values(COMMANDS)) {
      const setup = setUp();
      workspace.isTrusted = false;
      await run(command, setup);
      assert.deepEqual(setup.launcher.launched, [], command);
    }
  });

  it('the dashboard’s Sample with MCMC goes through the same gate', async () => {
    for (const trusted of [true, false]) {
      const setup = setUp();
      workspace.isTrusted = trusted;
      const actions = createRunActions(setup.host.deps);
      const source = { runDir: setup.workspace.runDir, liveRun: undefined } as unknown as ViewFeed;
      await actions.act(source, 'sampleWithMcmc');
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(
        setup.launcher.launched.map((l) => l.tool),
        trusted ? ['gan-sample'] : [],
      );
      assert.equal(trustModals().length, trusted ? 0 : 1);
    }
  });

  it('the launcher the root builds reads the workspace’s trust and the Node path setting at every launch', () => {
    ui.reset();
    const spawned: string[] = [];
    const launcher = createHostLauncher(root, () => undefined, join(root, 'out', 'no-storage'), {
      spawn: ((command: string) => {
        spawned.push(command);
        throw new Error('spawned');
      }) as never,
    });
    workspace.isTrusted = false;
    for (const tool of ['trainer', 'gan-sample', 'gan-export'] as const)
      assert.throws(() => launcher.launch({ tool, args: [] }), UntrustedWorkspaceError);
    assert.deepEqual(spawned, []);
    workspace.isTrusted = true;
    ui.settings = { 'ganWorkbench.trainerNodePath': '/opt/node/bin/node' };
    assert.throws(() => launcher.launch({ tool: 'trainer', args: [] }), /spawned/);
    assert.deepEqual(spawned, ['/opt/node/bin/node']);
    launcher.dispose();
  });
});
