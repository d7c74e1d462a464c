/**
 * Check Backends' measurement and how auto uses it, without child processes or hardware: the cache
 * key (what changes it and what does not), the cache file (round trip, a damaged file ignored with
 * a warning and replaced), auto choosing by measurement over injected starters (fastest first, a
 * faster one that no longer starts skipped with its reason, the measurement cited), the check over
 * an injected runner (every candidate in order, progress, fastest), and a child's output read into
 * an entry (a crash, a hang, libtensorflow's log diagnosed).
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BackendCheckEntry, BackendCheckProgress, BackendCheckResult } from '../../src/shared/backendCheck';
import { validateExperiment } from '../../src/shared/experiment/validate';
import type { Experiment } from '../../src/shared/experiment/schema';
import type { ConcreteBackend } from '../../src/shared/runFormat';
import { checkBackends, childEntry } from '../../src/training/backendCheck/checkAll';
import { machineShape, type MachineShape } from '../../src/training/backendCheck/machine';
import { modelShape } from '../../src/training/backendCheck/modelKey';
import { cacheKey, SpeedCache, speedCachePath } from '../../src/training/backendCheck/speedCache';
import { candidateLabel } from '../../src/training/backends/candidates';
import { chooseBackend } from '../../src/training/backends/choose';
import type { SelectionDeps, StartResult } from '../../src/training/backends/types';
import { ringExperiment, tempDir } from '../helpers/experiments';

function config(overrides: Record<string, unknown> = {}): Experiment {
  const result = validateExperiment(JSON.stringify(ringExperiment(overrides)));
  assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
  return result.config;
}

const MACHINE: MachineShape = {
  cpu: 'AMD EPYC 7B13',
  cores: 2,
  platform: 'linux-x64',
  gpus: [],
  tfjs: '4.22.0',
  node: '20.20.2',
  native: [],
};
const key = (c: Experiment, m: MachineShape = MACHINE) => cacheKey(modelShape(c), m);

describe('backend speeds: the cache key', () => {
  const base = key(config());

  it('is 16 hex digits, the same for the same model and machine', () => {
    assert.match(base, /^[0-9a-f]{16}$/);
    assert.equal(key(config()), base);
  });

  it('ignores the seed, the step count, learning rates, logging and the data’s continuous parameters', () => {
    assert.equal(key(config({ seed: 99 })), base);
    assert.equal(key(config({ schedule: { steps: 9999, batchSize: 32 } })), base);
    assert.equal(key(config({ optimizer: { generator: { kind: 'adam', lr: 0.1 } } })), base);
    assert.equal(key(config({ data: { kind: 'ring', modes: 8, radius: 5, std: 0.3 } })), base);
    assert.equal(key(config({ backend: 'cpu' })), base);
  });

  it('changes with the batch, the networks, the latent size, the loss, the data’s shape and k', () => {
    const changed = [
      config({ schedule: { steps: 40, batchSize: 64 } }),
      config({ generator: { kind: 'mlp', hidden: [16, 32] } }),
      config({ discriminator: { kind: 'mlp', hidden: [16, 16], activation: 'relu' } }),
      config({ latent: { dim: 3 } }),
      config({ loss: { kind: 'wganGp' } }),
      config({ data: { kind: 'grid', size: 5 } }),
      config({ data: { kind: 'parabola', points: 15 } }),
      config({ data: { kind: 'parabola', points: 16 } }),
      config({ schedule: { steps: 40, batchSize: 32, dStepsPerGStep: 3 } }),
      config({ optimizer: { generator: { kind: 'sgd' } } }),
    ].map((c) => key(c));
    assert.equal(new Set([base, ...changed]).size, changed.length + 1);
  });

  it('changes with the machine: CPU, cores, GPUs, tfjs version, the native backend installed', () => {
    const c = config();
    const machines: MachineShape[] = [
      { ...MACHINE, cpu: 'Intel Xeon' },
      { ...MACHINE, cores: 16 },
      { ...MACHINE, gpus: ['NVIDIA A100'] },
      { ...MACHINE, tfjs: '4.23.0' },
      { ...MACHINE, native: ['cpu: /home/u/.vscode/native'] },
      { ...MACHINE, platform: 'darwin-arm64' },
    ];
    assert.equal(new Set([base, ...machines.map((m) => key(c, m))]).size, machines.length + 1);
  });

  it('this machine’s shape names its CPU, cores and tfjs', () => {
    const m = machineShape({});
    assert.ok(m.cores >= 1 && m.cpu.length > 0 && /^\d+\.\d+\.\d+/.test(m.tfjs), JSON.stringify(m));
    assert.deepEqual(m.native, []);
  });
});

const entry = (name: ConcreteBackend, state: BackendCheckEntry['state'], stepsPerSecond?: number, variant?: string): BackendCheckEntry => ({
  name,
  ...(variant && { variant }),
  state,
  reason: `${name} ${state}`,
  ...(stepsPerSecond !== undefined && { stepsPerSecond, timedSteps: 20, warmupSteps: 3 }),
});

const RESULT: BackendCheckResult = {
  type: 'backendCheck',
  file: '/x/ring.gan.json',
  cacheKey: 'abcdef0123456789',
  entries: [
    { ...entry('tensorflow', 'skipped', undefined, 'gpu'), reason: 'no NVIDIA GPU visible' },
    { ...entry('webgpu', 'skipped'), reason: 'no WebGPU adapter' },
    entry('tensorflow', 'measured', 30.04, 'cpu'),
    entry('wasm', 'measured', 41.23),
    entry('cpu', 'measured', 9.8),
  ],
  fastest: 'wasm',
  measuredAt: '2026-12-05T10:00:00.000Z',
};

describe('backend speeds: the cache file', () => {
  it('lives under XDG_CACHE_HOME, else ~/.cache', () => {
    assert.equal(speedCachePath({ XDG_CACHE_HOME: '/c' }), '/c/gan-workbench/backend-speeds.json');
    assert.match(speedCachePath({}), /\.cache\/gan-workbench\/backend-speeds\.json$/);
  });

  it('keeps a measurement per key, across instances', () => {
    const path = join(tempDir(), 'sub', 'backend-speeds.json');
    new SpeedCache(path).put(RESULT);
    new SpeedCache(path).put({ ...RESULT, cacheKey: '1111111111111111', fastest: 'cpu' });
    const cache = new SpeedCache(path);
    assert.deepEqual(cache.get(RESULT.cacheKey), RESULT);
    assert.equal(cache.get('1111111111111111')?.fastest, 'cpu');
    assert.equal(cache.get('2222222222222222'), undefined);
  });

  for (const [what, text] of [
    ['not JSON (a torn write)', '{"format":1,"measurements":{"ab'],
    ['another format', '{"format":7,"measurements":{}}'],
    ['JSON null', 'null'],
  ] as const)
    it(`a damaged file (${what}) is ignored with one warning, and the next write replaces it`, () => {
      const path = join(tempDir(), 'backend-speeds.json');
      writeFileSync(path, text);
      const warnings: string[] = [];
      const cache = new SpeedCache(path, (m) => warnings.push(m));
      assert.equal(cache.get(RESULT.cacheKey), undefined);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, new RegExp(`^the backend speed cache ${path} is damaged and was ignored`));
      cache.put(RESULT);
      assert.deepEqual(new SpeedCache(path).get(RESULT.cacheKey), RESULT);
      assert.equal(JSON.parse(readFileSync(path, 'utf8')).format, 1);
    });

  it('an entry that is not a measurement (a wrong state, a key that does not match) is dropped, the rest kept', () => {
    const path = join(tempDir(), 'backend-speeds.json');
    const bad = { ...RESULT, cacheKey: '3333333333333333', entries: [{ name: 'wasm', state: 'fast', reason: '' }] };
    writeFileSync(
      path,
      JSON.stringify({ format: 1, measurements: { [RESULT.cacheKey]: RESULT, '3333333333333333': bad, '4444444444444444': RESULT } }),
    );
    const cache = new SpeedCache(path);
    assert.deepEqual(cache.get(RESULT.cacheKey), RESULT);
    assert.equal(cache.get('3333333333333333'), undefined);
    assert.equal(cache.get('4444444444444444'), undefined);
  });
});

/** Starters with fixed outcomes, recording the order tried. */
function starters(outcomes: Partial<Record<string, StartResult>>) {
  const tried: string[] = [];
  const start = (name: ConcreteBackend) => async (_forced: boolean, variant?: string) => {
    const label = candidateLabel({ name, ...((variant === 'gpu' || variant === 'cpu') && { variant }) });
    tried.push(label);
    return outcomes[label] ?? { ok: false, reason: `${label} cannot start` };
  };
  const deps: SelectionDeps = {
    start: { tensorflow: start('tensorflow'), webgpu: start('webgpu'), wasm: start('wasm'), cpu: start('cpu') },
    probe: async () => ({ ok: true, maxAbsError: 2e-7 }),
  };
  return { deps, tried };
}

describe('backend speeds: auto chooses by the measurement', () => {
  const ok = (reason: string): StartResult => ({ ok: true, reason });

  it('the fastest measured backend is tried first and chosen, the measurement cited in the reason', async () => {
    const { deps, tried } = starters({ wasm: ok('WebAssembly'), 'tensorflow (cpu)': ok('tfjs-node'), cpu: ok('JS') });
    const choice = await chooseBackend('auto', { ...deps, measured: RESULT });
    assert.deepEqual(tried, ['wasm']);
    assert.equal(choice.name, 'wasm');
    assert.equal(
      choice.reason,
      'auto: fastest measured for this model on this machine (Check Backends, 2026-12-05): wasm 41.2 steps/s, tensorflow (cpu) 30.0 steps/s, cpu 9.8 steps/s, tensorflow (gpu) skipped: no NVIDIA GPU visible, webgpu skipped: no WebGPU adapter; WebAssembly; numerical probe against cpu passed (max abs error 2.0e-7)',
    );
    assert.deepEqual(choice.skipped, []);
  });

  it('a faster backend that no longer starts is skipped with its reason; the next fastest is chosen', async () => {
    const { deps, tried } = starters({ 'tensorflow (cpu)': ok('tfjs-node'), cpu: ok('JS') });
    const choice = await chooseBackend('auto', { ...deps, measured: RESULT });
    assert.deepEqual(tried, ['wasm', 'tensorflow (cpu)']);
    assert.equal(choice.name, 'tensorflow');
    assert.match(
      choice.reason,
      /^auto: fastest measured that starts now for this model on this machine \(Check Backends, 2026-12-05\): wasm 41\.2/,
    );
    assert.deepEqual(choice.skipped, [{ name: 'wasm', reason: 'wasm cannot start' }]);
  });

  it('when no measured backend starts, the rest of the usual order is tried', async () => {
    const { deps, tried } = starters({ webgpu: ok('WebGPU on a new GPU') });
    const choice = await chooseBackend('auto', { ...deps, measured: RESULT });
    assert.deepEqual(tried, ['wasm', 'tensorflow (cpu)', 'cpu', 'tensorflow (gpu)', 'webgpu']);
    assert.equal(choice.name, 'webgpu');
    assert.match(choice.reason, /^auto: first candidate that started \(none measured starts now\)/);
  });

  it('a forced backend ignores the measurement', async () => {
    const { deps, tried } = starters({ cpu: ok('JS'), wasm: ok('WebAssembly') });
    const choice = await chooseBackend('cpu', { ...deps, measured: RESULT });
    assert.deepEqual(tried, ['cpu']);
    assert.match(choice.reason, /^requested in the experiment or on the command line; JS$/);
  });
});

describe('backend speeds: the check', () => {
  it('runs every candidate of auto’s order, reports progress, and names the fastest (with its variant)', async () => {
    const progress: BackendCheckProgress[] = [];
    const speeds: Record<string, number> = { 'tensorflow (cpu)': 50, wasm: 20, cpu: 4 };
    const result = await checkBackends(
      '/x/e.gan.json',
      'k',
      async (c) => {
        const s = speeds[candidateLabel(c)];
        return s ? entry(c.name, 'measured', s, c.variant) : entry(c.name, 'skipped', undefined, c.variant);
      },
      (p) => progress.push(p),
      () => new Date('2026-12-05T12:00:00Z'),
    );
    assert.deepEqual(
      progress.map((p) => [p.name, p.variant, p.index, p.count]),
      [
        ['tensorflow', 'gpu', 1, 5],
        ['webgpu', undefined, 2, 5],
        ['tensorflow', 'cpu', 3, 5],
        ['wasm', undefined, 4, 5],
        ['cpu', undefined, 5, 5],
      ],
    );
    assert.equal(result.entries.length, 5);
    assert.deepEqual(
      [result.fastest, result.fastestVariant, result.measuredAt, result.cacheKey],
      ['tensorflow', 'cpu', '2026-12-05T12:00:00.000Z', 'k'],
    );
  });

  it('nothing measured: no fastest', async () => {
    const result = await checkBackends('/x', 'k', async (c) => entry(c.name, 'skipped'));
    assert.equal(result.fastest, undefined);
  });

  describe('a child’s output', () => {
    const gpu = { name: 'tensorflow' as const, variant: 'gpu' as const };
    const exited = { code: 0, signal: null, timedOut: false };

    it('its last line is its entry', () => {
      const line = JSON.stringify(entry('wasm', 'measured', 12));
      assert.deepEqual(childEntry({ name: 'wasm' }, `noise\n${line}\n`, '', exited), entry('wasm', 'measured', 12));
    });

    it('a crash is a failed entry naming the signal and libtensorflow’s diagnosis', () => {
      const e = childEntry(
        gpu,
        '',
        "Could not load dynamic library 'libcudnn.so.8'; dlerror: libcudnn.so.8: cannot open shared object file",
        {
          code: null,
          signal: 'SIGABRT',
          timedOut: false,
        },
      );
      assert.deepEqual(e, {
        name: 'tensorflow',
        variant: 'gpu',
        state: 'failed',
        reason: "the check's process was killed by SIGABRT: missing libcudnn.so.8 (cuDNN 8)",
      });
    });

    it('a hang, and an exit without a result (its last stderr line)', () => {
      assert.match(
        childEntry({ name: 'webgpu' }, '', '', { code: null, signal: 'SIGKILL', timedOut: true }).reason,
        /did not finish within 180 s$/,
      );
      assert.equal(
        childEntry({ name: 'wasm' }, '', 'x\nRangeError: out of memory\n', { ...exited, code: 1 }).reason,
        "the check's process exited with code 1 without a result: RangeError: out of memory",
      );
    });

    it('a gpu variant skipped for running on the CPU gains the log’s exact library', () => {
      const skipped = {
        ...entry('tensorflow', 'skipped', undefined, 'gpu'),
        reason: '@tensorflow/tfjs-node-gpu runs on the CPU, not the GPU: libtensorflow found no usable CUDA device',
      };
      const e = childEntry(
        gpu,
        JSON.stringify(skipped),
        "W dso_loader.cc:64] Could not load dynamic library 'libcudart.so.11.0'; dlerror: libcudart.so.11.0: cannot open shared object file",
        exited,
      );
      assert.match(e.reason, /found no usable CUDA device \(libtensorflow's log: missing libcudart\.so\.11\.0 \(the CUDA 11 runtime\)\)$/);
    });
  });
});
