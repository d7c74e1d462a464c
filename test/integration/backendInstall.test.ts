/**
 * "GAN: Install Native TensorFlow Backend" in the real extension host with the real npm on the PATH:
 * on this project's machines the registry answers but storage.googleapis.com does not, so
 * @tensorflow/tfjs-node's install script fails to download libtensorflow (10–20 s). The error
 * message the user sees must say so (npm's line, what to do, that nothing was installed), the
 * extension's global storage must hold nothing afterwards (no install, no staging folder), and
 * training must go on (on wasm or cpu). Where npm reaches no registry the message must say that;
 * where the download works the install must be verified instead. The messages are read by
 * replacing `vscode.window.showErrorMessage` (and the information and warning messages the
 * verification would show) for the test: the suite shares the extension's `vscode` API object.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { InstallCommandOutcome } from '../../src/extension/commands/installNativeBackend';
import type { LaunchRequest } from '../../src/extension/trainingRuns/launchPlan';
import type { LaunchedProcess } from '../../src/extension/trainingRuns/processLauncher';
import type { LiveRun } from '../../src/extension/trainingRuns/liveRun';
import type { RunMeta } from '../../src/shared/runFormat';
import { api, EXTENSION_ID, processAlive, until, workspaceFile } from './helpers';

type MessageKind = 'showErrorMessage' | 'showWarningMessage' | 'showInformationMessage';
const KINDS: readonly MessageKind[] = ['showErrorMessage', 'showWarningMessage', 'showInformationMessage'];

describe('GAN: Install Native TensorFlow Backend with the real npm', function () {
  this.timeout(300_000);
  const window = vscode.window as unknown as Record<MessageKind, unknown>;
  const originals = new Map(KINDS.map((k) => [k, window[k]]));
  const shown: { kind: MessageKind; message: string; items: unknown[] }[] = [];

  before(async () => {
    await api();
    for (const kind of KINDS) {
      window[kind] = (message: string, ...items: unknown[]) => {
        shown.push({ kind, message, items });
        return Promise.resolve(undefined);
      };
    }
  });
  after(async () => {
    for (const kind of KINDS) window[kind] = originals.get(kind);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('fails at the libtensorflow download with a clear message, leaves nothing in global storage, and training goes on', async () => {
    const { workbench } = await api();
    // The npm launch, as the install makes it through the launcher: where its staging folder is.
    const launcher = workbench.launcher as unknown as { launch(request: LaunchRequest): LaunchedProcess };
    const launch = launcher.launch.bind(launcher);
    const npmLaunches: { request: LaunchRequest; launched: LaunchedProcess }[] = [];
    launcher.launch = (request) => {
      const launched = launch(request);
      if (request.tool === 'npm') npmLaunches.push({ request, launched });
      return launched;
    };
    let outcome: InstallCommandOutcome | undefined;
    const started = Date.now();
    try {
      outcome = await vscode.commands.executeCommand<InstallCommandOutcome | undefined>('ganWorkbench.installNativeBackend', 'cpu');
    } finally {
      delete (launcher as { launch?: unknown }).launch; // the class's own method again
    }
    console.log(`      the install ended ${outcome?.kind} after ${((Date.now() - started) / 1000).toFixed(1)} s`);

    assert.equal(npmLaunches.length, 1, 'npm was started once, through the launcher');
    const { request, launched } = npmLaunches[0]!;
    assert.equal(request.args[0], 'install');
    const staging = request.args[request.args.indexOf('--prefix') + 1]!;
    assert.match(basename(staging), /^native-staging-/);
    const storageDir = dirname(staging);
    assert.match(storageDir, /globalStorage/, 'the install goes into the extension’s global storage');
    const version = (
      JSON.parse(
        readFileSync(
          join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'node_modules', '@tensorflow', 'tfjs', 'package.json'),
          'utf8',
        ),
      ) as { version: string }
    ).version;
    assert.equal(request.args.at(-1), `@tensorflow/tfjs-node@${version}`);
    assert.ok(!processAlive(launched.pid), 'npm has exited');

    if (outcome?.kind === 'verified') {
      // A machine that can download libtensorflow: the install was checked and the result said.
      assert.ok(existsSync(join(storageDir, 'native')));
      assert.ok(shown.some((s) => s.message.startsWith(`Installed @tensorflow/tfjs-node@${version} (multi-threaded CPU) in `)));
      return;
    }
    assert.equal(outcome?.kind, 'failed', JSON.stringify(outcome));
    const errors = shown.filter((s) => s.kind === 'showErrorMessage');
    assert.equal(errors.length, 1, JSON.stringify(shown));
    const { message, items } = errors[0]!;
    console.log(`      ${message}`);
    assert.ok(message.startsWith(`Could not install @tensorflow/tfjs-node@${version} (multi-threaded CPU): `), message);
    assert.match(
      message,
      /could not download libtensorflow from https:\/\/storage\.googleapis\.com\/\S+\.tar\.gz\. npm: “[^”]+”\. It needs to reach storage\.googleapis\.com|npm could not reach the package registry\. npm: “[^”]+”\./,
    );
    if (/libtensorflow/.test(message))
      assert.match(message, /npm: “[^”]*(storage\.googleapis\.com|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN)[^”]*”/);
    assert.match(message, /The workbench keeps working without it: runs use webgpu or wasm\. Nothing was installed\.$/);
    if (items.length > 0) assert.deepEqual(items, ['Open npm Log']);
    assert.equal(shown.filter((s) => s.kind !== 'showErrorMessage').length, 0, JSON.stringify(shown));
    assert.deepEqual(existsSync(storageDir) ? readdirSync(storageDir) : [], [], 'neither an install nor a staging folder remains');

    // The workbench trains on without it.
    const run = await vscode.commands.executeCommand<LiveRun | undefined>('ganWorkbench.startTraining', workspaceFile('ring.gan.json'));
    assert.ok(run, 'Start Training returned no run');
    await until(() => run.ended, 120_000, 'the ring run to end');
    assert.equal(run.phase, 'completed', run.error);
    const meta = JSON.parse(readFileSync(join(run.runDir!, 'run.json'), 'utf8')) as RunMeta;
    assert.equal(meta.status, 'completed');
    assert.ok(meta.backend && meta.backend.name !== 'tensorflow', JSON.stringify(meta.backend));
  });
});
