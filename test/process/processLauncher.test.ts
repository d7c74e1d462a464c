/**
 * The one process launcher: the launch plan (script, Node path, environment, stdio, process group),
 * the trust refusal where the process starts, the priority setting, and the tracking of children:
 * disposing the launcher kills every child still running with whatever it started. The children
 * are tiny Node scripts standing in for the tools (a temp folder is the "extension"), so this is
 * fast. Before the launcher, gan-sample and gan-export children had no owner: closing the window
 * left them running (the dispose test had nothing to dispose).
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { join } from 'node:path';
import { launchPlan, TOOL_SCRIPTS, type LaunchHost } from '../../src/extension/trainingRuns/launchPlan';
import {
  LauncherDisposedError,
  ProcessLauncher,
  UntrustedWorkspaceError,
  type LauncherDeps,
} from '../../src/extension/trainingRuns/processLauncher';
import { tempDir } from '../helpers/experiments';

const HOST: LaunchHost = { extensionPath: '/ext', env: { PATH: '/usr/bin', HOME: '/home/u' }, execPath: '/host/node', platform: 'linux' };

/** A stand-in extension whose gan-sample starts a grandchild, prints both pids and runs until killed. */
function fakeExtension(): string {
  const root = tempDir('gan-launcher-');
  mkdirSync(join(root, 'bin'));
  mkdirSync(join(root, 'dist'));
  const script = `
const { spawn } = require('node:child_process');
const grandchild = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
process.stdout.write(JSON.stringify({ pid: process.pid, grandchild: grandchild.pid, argv: process.argv.slice(2), electron: process.env.ELECTRON_RUN_AS_NODE, cwd: process.cwd() }) + '\\n');
setInterval(() => {}, 1000);
`;
  writeFileSync(join(root, 'bin', 'gan-sample.js'), script);
  writeFileSync(join(root, 'bin', 'gan-export.js'), 'process.exit(0);\n');
  writeFileSync(join(root, 'dist', 'trainer.js'), script);
  return root;
}

function launcherFor(extensionPath: string, overrides: Partial<LauncherDeps> = {}): ProcessLauncher {
  return new ProcessLauncher({
    extensionPath,
    isTrusted: () => true,
    settings: () => ({ nodePath: '', priority: 'normal' }),
    log: () => undefined,
    ...overrides,
  });
}

interface Started {
  pid: number;
  grandchild: number;
  argv: string[];
  electron: string;
  cwd: string;
}

function firstLine(child: ChildProcess): Promise<Started> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) resolve(JSON.parse(text.slice(0, text.indexOf('\n'))) as Started);
    });
    child.on('exit', () => reject(new Error(`exited before printing; got ${text}`)));
  });
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('launch plan', () => {
  it('runs each tool’s bundled script with the host’s Node, or the configured one', () => {
    for (const tool of ['trainer', 'gan-sample', 'gan-export', 'gan-train', 'gan-sweep'] as const) {
      const plan = launchPlan({ tool, args: ['a', '--b'] }, { nodePath: '', priority: 'normal' }, HOST);
      assert.equal(plan.command, '/host/node');
      assert.deepEqual(plan.args, [join('/ext', ...TOOL_SCRIPTS[tool]), 'a', '--b']);
    }
    assert.deepEqual(TOOL_SCRIPTS, {
      trainer: ['dist', 'trainer.js'],
      'gan-sample': ['bin', 'gan-sample.js'],
      'gan-export': ['bin', 'gan-export.js'],
      'gan-train': ['bin', 'gan-train.js'],
      'gan-sweep': ['bin', 'gan-sweep.js'],
    });
    const configured = launchPlan({ tool: 'gan-export', args: [] }, { nodePath: ' /opt/node20/bin/node ', priority: 'normal' }, HOST);
    assert.equal(configured.command, '/opt/node20/bin/node');
  });

  it('keeps the host’s environment and makes an Electron binary behave as Node', () => {
    const plan = launchPlan({ tool: 'gan-sample', args: [] }, { nodePath: '', priority: 'normal' }, HOST);
    assert.deepEqual(plan.options.env, { PATH: '/usr/bin', HOME: '/home/u', ELECTRON_RUN_AS_NODE: '1' });
    assert.equal(HOST.env.ELECTRON_RUN_AS_NODE, undefined, 'the host’s own environment is not changed');
  });

  it('gives only the trainer an IPC channel; the working directory only when asked', () => {
    const trainer = launchPlan({ tool: 'trainer', args: [], cwd: '/work' }, { nodePath: '', priority: 'normal' }, HOST);
    assert.deepEqual(trainer.options.stdio, ['ignore', 'pipe', 'pipe', 'ipc']);
    assert.equal(trainer.options.cwd, '/work');
    const sample = launchPlan({ tool: 'gan-sample', args: [] }, { nodePath: '', priority: 'normal' }, HOST);
    assert.deepEqual(sample.options.stdio, ['ignore', 'pipe', 'pipe']);
    assert.equal('cwd' in sample.options, false);
  });

  it('starts a process group on POSIX, none on Windows', () => {
    const posix = launchPlan({ tool: 'gan-sample', args: [] }, { nodePath: '', priority: 'normal' }, HOST);
    assert.equal(posix.processGroup, true);
    assert.equal(posix.options.detached, true);
    const windows = launchPlan({ tool: 'gan-sample', args: [] }, { nodePath: '', priority: 'normal' }, { ...HOST, platform: 'win32' });
    assert.equal(windows.processGroup, false);
    assert.equal(windows.options.detached, false);
  });
});

describe('process launcher', function () {
  this.timeout(20_000);

  it('refuses every tool in an untrusted workspace, before anything is spawned', () => {
    let spawned = 0;
    let trusted = false;
    const launcher = launcherFor('/nowhere', {
      isTrusted: () => trusted,
      spawn: (() => {
        spawned++;
        throw new Error('must not spawn');
      }) as unknown as LauncherDeps['spawn'],
    });
    for (const tool of ['trainer', 'gan-sample', 'gan-export'] as const)
      assert.throws(
        () => launcher.launch({ tool, args: [] }),
        (e: unknown) =>
          e instanceof UntrustedWorkspaceError && e.tool === tool && /needs a trusted workspace; nothing was started/.test(e.message),
      );
    assert.equal(spawned, 0);
    // Trust is read at every launch, not once.
    trusted = true;
    assert.throws(() => launcher.launch({ tool: 'gan-export', args: [] }), /must not spawn/);
    assert.equal(spawned, 1);
  });

  it('starts the tool’s script with the arguments, environment and working directory, and forgets it when it exits', async () => {
    const root = fakeExtension();
    const cwd = tempDir();
    const launcher = launcherFor(root);
    const launched = launcher.launch({ tool: 'gan-sample', args: ['run', '--json'], cwd });
    const started = await firstLine(launched.child);
    assert.equal(started.pid, launched.pid);
    assert.deepEqual(started.argv, ['run', '--json']);
    assert.equal(started.electron, '1');
    assert.equal(started.cwd, cwd);
    assert.deepEqual(launcher.live, [launched]);
    launched.kill('SIGTERM');
    const exit = await launched.exited;
    assert.equal(exit.signal, 'SIGTERM');
    await until(() => launcher.live.length === 0, 2000, 'the launcher to forget the child');
    await until(() => !isAlive(started.grandchild), 5000, 'the grandchild to die with its group');

    const quick = launcher.launch({ tool: 'gan-export', args: [] });
    assert.deepEqual(await quick.exited, { code: 0, signal: null });
    assert.equal(quick.hasExited, true);
    launcher.dispose();
  });

  it('lowers the priority of every child when the setting says belowNormal, and not otherwise', async () => {
    const root = fakeExtension();
    const calls: [number, number][] = [];
    const lowered = launcherFor(root, {
      settings: () => ({ nodePath: '', priority: 'belowNormal' }),
      setPriority: (pid, priority) => calls.push([pid, priority]),
    });
    const a = lowered.launch({ tool: 'gan-export', args: [] });
    const b = lowered.launch({ tool: 'trainer', args: [] });
    assert.deepEqual(calls, [
      [a.pid!, osConstants.priority.PRIORITY_BELOW_NORMAL],
      [b.pid!, osConstants.priority.PRIORITY_BELOW_NORMAL],
    ]);
    lowered.dispose();
    const normal = launcherFor(root, { setPriority: (pid, priority) => calls.push([pid, priority]) });
    await normal.launch({ tool: 'gan-export', args: [] }).exited;
    assert.equal(calls.length, 2);
    const logged: string[] = [];
    const failing = launcherFor(root, {
      settings: () => ({ nodePath: '', priority: 'belowNormal' }),
      setPriority: () => {
        throw new Error('EACCES');
      },
      log: (line) => logged.push(line),
    });
    await failing.launch({ tool: 'gan-export', args: [] }).exited;
    assert.deepEqual(logged, ["[host] could not lower the gan-export process's priority: EACCES"]);
  });

  it('dispose kills every child still running, with what it started, and refuses new launches', async () => {
    const root = fakeExtension();
    const launcher = launcherFor(root);
    const children = [launcher.launch({ tool: 'gan-sample', args: [] }), launcher.launch({ tool: 'trainer', args: [] })];
    const started = await Promise.all(children.map((c) => firstLine(c.child)));
    for (const s of started) assert.ok(isAlive(s.pid) && isAlive(s.grandchild));
    launcher.dispose();
    const exits = await Promise.all(children.map((c) => c.exited));
    assert.deepEqual(
      exits.map((e) => e.signal),
      ['SIGTERM', 'SIGTERM'],
    );
    for (const s of started) await until(() => !isAlive(s.grandchild), 5000, `grandchild ${s.grandchild} to die`);
    assert.equal(launcher.live.length, 0);
    assert.throws(() => launcher.launch({ tool: 'gan-sample', args: [] }), LauncherDisposedError);
  });

  it('a Node path that does not exist: the launch reports the error and the child is not tracked', async () => {
    const logged: string[] = [];
    const launcher = launcherFor(fakeExtension(), {
      settings: () => ({ nodePath: join(tempDir(), 'no-node'), priority: 'normal' }),
      log: (line) => logged.push(line),
    });
    const launched = launcher.launch({ tool: 'gan-export', args: [] });
    assert.deepEqual(await launched.exited, { code: null, signal: null });
    await until(() => launcher.live.length === 0, 2000, 'the failed child to be forgotten');
    assert.match(logged.join('\n'), /gan-export process error: spawn .*no-node ENOENT/);
  });
});
