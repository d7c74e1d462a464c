/**
 * The threaded wasm loader applies to the installed tfjs-backend-wasm: the exact version it was
 * written for, every piece of tfjs's Node code it relies on present, and package.json pinning it.
 * An upgrade of tfjs fails here (and test/process/wasmThreads.test.ts shows it running) before a
 * user's runs quietly drop to one thread.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  installedThreadedWasmFiles,
  LOADER_PATTERNS,
  LOADER_TFJS_VERSION,
  threadedLoaderProblems,
  workerScriptText,
} from '../../src/training/backends/wasmThreadsCompat';
import { requestedWasmThreads, setWasmThreads } from '../../src/training/backends/wasmThreadsSetting';
import { parseTrainArgs } from '../../src/training/cli/args';
import { UsageError } from '../../src/training/cli/options';

describe('wasm threads: the loader against the installed tfjs', () => {
  const files = installedThreadedWasmFiles();
  const bundle = readFileSync(files.bundle, 'utf8');

  it('applies to the installed @tensorflow/tfjs-backend-wasm (no problem found)', () => {
    assert.equal(files.version, LOADER_TFJS_VERSION);
    assert.deepEqual(threadedLoaderProblems(files), []);
  });

  it('package.json pins every @tensorflow package exactly to the version the loader is written for', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as Record<
      string,
      Record<string, string>
    >;
    const pins = ['dependencies', 'optionalDependencies', 'devDependencies'].flatMap((k) =>
      Object.entries(manifest[k] ?? {}).filter(([name]) => name.startsWith('@tensorflow/')),
    );
    assert.ok(pins.length >= 2);
    for (const [name, range] of pins) assert.equal(range, LOADER_TFJS_VERSION, `${name} is "${range}"`);
  });

  it('names each piece of tfjs it relies on that has gone, and a different version', () => {
    for (const pattern of LOADER_PATTERNS) {
      const problems = threadedLoaderProblems(files, bundle.split(pattern.text).join(''));
      assert.deepEqual(problems, [`tfjs's Node code changed: ${pattern.why} (no "${pattern.text}")`]);
    }
    assert.match(threadedLoaderProblems({ ...files, version: '4.23.0' }).join(), /is 4\.23\.0; the thread loader is written for 4\.22\.0/);
    assert.match(threadedLoaderProblems({ ...files, mainScript: `${files.mainScript}.gone` }).join(), /threaded-simd\.js\.gone is missing/);
  });

  it("reads the worker script from the package's worker module, with its strings' newlines escaped as tfjs does", () => {
    const text = workerScriptText(files);
    assert.equal(typeof text, 'string');
    assert.ok((text as string).includes('importScripts(e.data.urlOrBlob)'));
    assert.doesNotThrow(() => new Function(text as string), 'the script parses');
    assert.match(
      (workerScriptText({ ...files, workerModule: join(files.workerModule, 'gone.js') }) as { problem: string }).problem,
      /cannot read/,
    );
  });
});

describe('wasm threads: the setting', () => {
  after(() => setWasmThreads(undefined));

  it('--threads takes 0 (every core) to 1024 and refuses anything else', () => {
    assert.equal((parseTrainArgs(['e.gan.json', '--threads', '3']) as { threads?: number }).threads, 3);
    assert.equal((parseTrainArgs(['e.gan.json', '--threads=0']) as { threads?: number }).threads, 0);
    assert.equal((parseTrainArgs(['e.gan.json']) as { threads?: number }).threads, undefined);
    for (const bad of ['-1', '1.5', 'two', '', '1025'])
      assert.throws(
        () => parseTrainArgs(['e.gan.json', '--threads', bad]),
        (e: unknown) => e instanceof UsageError && /--threads must be/.test(e.message),
      );
  });

  it('defaults to the machine cores; 0 means every core', () => {
    const { availableParallelism } = require('node:os') as typeof import('node:os');
    setWasmThreads(undefined);
    assert.equal(requestedWasmThreads(), availableParallelism());
    setWasmThreads(3);
    assert.equal(requestedWasmThreads(), 3);
    setWasmThreads(0);
    assert.equal(requestedWasmThreads(), availableParallelism());
    assert.throws(() => setWasmThreads(-2), RangeError);
  });
});
