/**
 * The native backend's folder in every process the editor starts: only a complete install counts
 * (its marker and its package), every tool gets it, a value the user set is kept, and a request's
 * own value (the install's verification) wins. Also npm's other failures in words, and the check's
 * lines read field by field.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCheckLine } from '../../src/extension/backendCheck/checkLines';
import { NATIVE_MARKER, nativeBackendDirFor, nativeInstallDir } from '../../src/extension/nativeBackend/nativeInstallFolder';
import { npmFailure } from '../../src/extension/nativeBackend/npmFailure';
import { launchPlan, type LaunchHost, type NodeTool } from '../../src/extension/trainingRuns/launchPlan';
import { NATIVE_BACKEND_DIR_ENV } from '../../src/shared/backendCheck';
import { tempDir } from '../helpers/experiments';

const SETTINGS = { nodePath: '', priority: 'normal' } as const;
const HOST: LaunchHost = { extensionPath: '/ext', env: { PATH: '/usr/bin' }, execPath: '/host/node', platform: 'linux' };
const TOOLS: NodeTool[] = ['trainer', 'gan-sample', 'gan-export', 'gan-train', 'gan-sweep'];

function writeInstall(storage: string, parts: { marker?: boolean; pkg?: boolean }): string {
  const dir = nativeInstallDir(storage);
  mkdirSync(dir, { recursive: true });
  if (parts.marker)
    writeFileSync(
      join(dir, NATIVE_MARKER),
      JSON.stringify({ variant: 'cpu', packageName: '@tensorflow/tfjs-node', version: '4.22.0', installedAt: '2026-12-05T00:00:00Z' }),
    );
  if (parts.pkg) {
    mkdirSync(join(dir, 'node_modules', '@tensorflow', 'tfjs-node'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', '@tensorflow', 'tfjs-node', 'package.json'), '{"version":"4.22.0"}');
  }
  return dir;
}

describe('the native backend folder in the environment', () => {
  it('counts only a complete install: marker and package both there', () => {
    assert.equal(nativeBackendDirFor(tempDir()), undefined, 'no folder');
    assert.equal(nativeBackendDirFor(((s) => (writeInstall(s, { pkg: true }), s))(tempDir())), undefined, 'a package without the marker');
    assert.equal(
      nativeBackendDirFor(((s) => (writeInstall(s, { marker: true }), s))(tempDir())),
      undefined,
      'a marker without the package',
    );
    const storage = tempDir();
    const dir = writeInstall(storage, { marker: true, pkg: true });
    assert.equal(nativeBackendDirFor(storage), dir);
    writeFileSync(join(dir, NATIVE_MARKER), '{"variant":"gpu"');
    assert.equal(nativeBackendDirFor(storage), undefined, 'a torn marker');
  });

  it('is given to every tool the editor starts when there is an install, and to none otherwise', () => {
    for (const tool of TOOLS) {
      const env = launchPlan({ tool, args: [] }, SETTINGS, { ...HOST, nativeBackendDir: '/storage/native' }).options.env!;
      assert.equal(env[NATIVE_BACKEND_DIR_ENV], '/storage/native', tool);
      assert.equal(env.PATH, '/usr/bin');
      assert.equal(launchPlan({ tool, args: [] }, SETTINGS, HOST).options.env![NATIVE_BACKEND_DIR_ENV], undefined, tool);
    }
  });

  it('keeps a value the user set in the environment; a request’s own value wins over both', () => {
    const host = { ...HOST, env: { [NATIVE_BACKEND_DIR_ENV]: '/mine' }, nativeBackendDir: '/storage/native' };
    assert.equal(launchPlan({ tool: 'trainer', args: [] }, SETTINGS, host).options.env![NATIVE_BACKEND_DIR_ENV], '/mine');
    const empty = { ...host, env: { [NATIVE_BACKEND_DIR_ENV]: '' } };
    assert.equal(launchPlan({ tool: 'trainer', args: [] }, SETTINGS, empty).options.env![NATIVE_BACKEND_DIR_ENV], '/storage/native');
    const request = { tool: 'gan-train', args: [], env: { [NATIVE_BACKEND_DIR_ENV]: '/new' } } as const;
    assert.equal(launchPlan(request, SETTINGS, host).options.env![NATIVE_BACKEND_DIR_ENV], '/new');
  });

  it('starts npm as found, with its own arguments after npm’s', () => {
    const plan = launchPlan(
      { tool: 'npm', npm: { command: 'C:\\node\\node.exe', args: ['C:\\node\\npm-cli.js'] }, args: ['install'] },
      SETTINGS,
      HOST,
    );
    assert.equal(plan.command, 'C:\\node\\node.exe');
    assert.deepEqual(plan.args, ['C:\\node\\npm-cli.js', 'install']);
    assert.deepEqual(plan.options.stdio, ['ignore', 'pipe', 'pipe']);
  });
});

describe('npm failures in words', () => {
  it('the registry out of reach', () => {
    const f = npmFailure(
      {
        text: 'npm error code ENOTFOUND\nnpm error syscall getaddrinfo\nnpm error network request to https://registry.npmjs.org/@tensorflow%2ftfjs-node failed, reason: getaddrinfo ENOTFOUND registry.npmjs.org\n',
        code: 1,
        signal: null,
      },
      '@tensorflow/tfjs-node',
    );
    assert.equal(f.what, 'npm could not reach the package registry.');
    assert.equal(
      f.keyLine,
      'request to https://registry.npmjs.org/@tensorflow%2ftfjs-node failed, reason: getaddrinfo ENOTFOUND registry.npmjs.org',
    );
    assert.match(f.advice, /proxy/);
  });

  it('a version the registry does not have, and anything else with npm’s first line and the log', () => {
    const missing = npmFailure(
      {
        text: 'npm error code ETARGET\nnpm error notarget No matching version found for @tensorflow/tfjs-node@9.9.9.\n',
        code: 1,
        signal: null,
      },
      '@tensorflow/tfjs-node',
    );
    assert.equal(missing.what, 'npm found no @tensorflow/tfjs-node at this version in the registry.');
    assert.equal(missing.keyLine, 'notarget No matching version found for @tensorflow/tfjs-node@9.9.9.');
    const other = npmFailure(
      {
        text: 'npm error code EWHAT\nnpm error something odd\nnpm error A complete log of this run can be found in: /l.log\n',
        code: 7,
        signal: null,
      },
      '@tensorflow/tfjs-node',
    );
    assert.deepEqual(other, {
      what: 'npm install @tensorflow/tfjs-node exited with code 7.',
      keyLine: 'something odd',
      advice: "npm's log has the details. The workbench keeps working without it: runs use webgpu or wasm.",
      logFile: '/l.log',
    });
  });
});

describe('the backend check’s lines', () => {
  it('reads progress and result lines and ignores anything off the contract', () => {
    assert.deepEqual(readCheckLine('{"type":"backendCheckProgress","name":"wasm","index":2,"count":4}'), {
      type: 'backendCheckProgress',
      name: 'wasm',
      index: 2,
      count: 4,
    });
    const result = {
      type: 'backendCheck',
      file: 'f',
      cacheKey: 'k',
      measuredAt: 't',
      entries: [{ name: 'cpu', state: 'measured', reason: 'r', stepsPerSecond: 3 }],
    };
    assert.deepEqual(readCheckLine(JSON.stringify(result)), result);
    for (const bad of [
      'gan-train: note',
      '{"type":"backendCheckProgress","name":"wasm","index":5,"count":4}',
      '{"type":"backendCheckProgress","name":"metal","index":1,"count":4}',
      JSON.stringify({ ...result, entries: [{ name: 'cpu', state: 'fast', reason: 'r' }] }),
      JSON.stringify({ ...result, fastest: 'gpu' }),
      '{"type":"backendCheck"',
    ])
      assert.equal(readCheckLine(bad), undefined, bad);
  });
});
