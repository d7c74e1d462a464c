/**
 * gan-sample's command line and the settings shared with the extension: defaults, every option,
 * the errors (each names the option and what it expected), and the extension's argument list,
 * which must parse back to the settings it was made from.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { samplingArgs } from '../../src/extension/trainingRuns/samplingProcess';
import {
  defaultChains,
  parseSamplingNumber,
  requestedSettings,
  resolveSettings,
  SAMPLING_DEFAULTS,
  type RequestedSettings,
} from '../../src/shared/samplingSettings';
import { UsageError } from '../../src/training/cli/args';
import { parseSampleArgs, type SampleArgs } from '../../src/training/cli/sampleArgs';

const parse = (argv: string[]): SampleArgs => {
  const parsed = parseSampleArgs(argv);
  assert.notEqual(parsed, 'help');
  return parsed as SampleArgs;
};

const usageError = (argv: string[], message: RegExp) =>
  assert.throws(
    () => parseSampleArgs(argv),
    (e: unknown) => e instanceof UsageError && message.test(e.message),
  );

describe('gan-sample arguments', () => {
  it('defaults to MALA, 100 steps of ε 0.01, T 1, a fresh start and the prior; chains and seed come from the run', () => {
    const { runDir, settings, checkpoint, backend } = parse(['runs/ring8/20250101-000000-abcd']);
    assert.equal(runDir, 'runs/ring8/20250101-000000-abcd');
    assert.deepEqual(settings, { method: 'mala', steps: 100, stepSize: 0.01, temperature: 1, start: 'fresh', prior: true });
    assert.equal(checkpoint, undefined);
    assert.equal(backend, undefined);
    assert.deepEqual(settings, { ...SAMPLING_DEFAULTS });
  });

  it('reads every option, as "--flag value" and "--flag=value"', () => {
    const a = parse(['run', '--method', 'langevin', '--steps', '250', '--step-size', '2e-3', '--temperature', '0.1', '--chains', '32']);
    assert.deepEqual(a.settings, {
      method: 'langevin',
      steps: 250,
      stepSize: 0.002,
      temperature: 0.1,
      chains: 32,
      start: 'fresh',
      prior: true,
    });
    const b = parse(['--start=fixed', '--no-prior', '--seed=9', '--checkpoint=run/checkpoints/step-00000100', '--backend=cpu', 'run']);
    assert.equal(b.settings.start, 'fixed');
    assert.equal(b.settings.prior, false);
    assert.equal(b.settings.seed, 9);
    assert.equal(b.checkpoint, 'run/checkpoints/step-00000100');
    assert.equal(b.backend, 'cpu');
    assert.equal(parseSampleArgs(['--help']), 'help');
    assert.equal(parseSampleArgs(['run', '-h']), 'help');
  });

  it('--json asks for JSON lines (the extension always passes it); it takes no value', () => {
    assert.equal(parse(['run', '--json']).json, true);
    assert.equal(parse(['run']).json, undefined);
    usageError(['run', '--json=yes'], /--json takes no value/);
  });

  it('rejects bad input with the option, what it expects and what it got', () => {
    usageError([], /no run directory given/);
    usageError(['a', 'b'], /give one run directory, got 2: a b/);
    usageError(['run', '--method', 'hmc'], /--method must be one of langevin, mala, got "hmc"/);
    usageError(['run', '--start', 'random'], /--start must be one of fresh, fixed, got "random"/);
    usageError(['run', '--steps', '0'], /--steps: expected a whole number of steps from 1 to 1,000,000, got "0"/);
    usageError(['run', '--steps', '2.5'], /--steps: expected a whole number/);
    usageError(['run', '--step-size', '0'], /--step-size: expected a step size above 0 and at most 10, got "0"/);
    usageError(['run', '--step-size', 'small'], /--step-size: .*got "small"/);
    usageError(['run', '--temperature', '-1'], /--temperature: expected a temperature above 0/);
    usageError(['run', '--temperature', 'Infinity'], /--temperature: .*got "Infinity"/);
    usageError(['run', '--chains', '100000'], /--chains: expected a whole number of chains from 1 to 10,000, got "100000"/);
    usageError(['run', '--seed', '-3'], /--seed: expected a whole number from 0/);
    usageError(['run', '--steps'], /--steps needs a value/);
    usageError(['run', '--no-prior=yes'], /--no-prior takes no value/);
    usageError(['run', '--backend', 'gpu'], /--backend must be one of auto, tensorflow, wasm, cpu, got "gpu"/);
    usageError(['run', '--stepsize', '1'], /unknown option --stepsize/);
  });

  it('checks numbers the same way for the CLI and the input boxes', () => {
    assert.deepEqual(parseSamplingNumber('stepSize', '0.005'), { value: 0.005 });
    assert.deepEqual(parseSamplingNumber('chains', ' 64 '), { value: 64 });
    assert.ok('problem' in parseSamplingNumber('chains', ''));
    assert.ok('problem' in parseSamplingNumber('temperature', 'NaN'));
  });

  it('takes chains from the run (capped at 512, 64 for images) and the seed from the run unless given', () => {
    assert.equal(defaultChains(512, false), 512);
    assert.equal(defaultChains(2000, false), 512);
    assert.equal(defaultChains(100, false), 100);
    assert.equal(defaultChains(512, true), 64);
    const requested: RequestedSettings = { ...SAMPLING_DEFAULTS };
    assert.deepEqual(resolveSettings(requested, { sampleCount: 256, image: false, seed: 7 }), { ...requested, chains: 256, seed: 7 });
    assert.deepEqual(resolveSettings({ ...requested, chains: 8, seed: 1 }, { sampleCount: 256, image: false, seed: 7 }), {
      ...requested,
      chains: 8,
      seed: 1,
    });
  });

  it('settings handed to the command: the missing ones are the defaults; anything malformed is refused', () => {
    assert.deepEqual(requestedSettings({}), { ...SAMPLING_DEFAULTS });
    assert.deepEqual(requestedSettings({ method: 'langevin', steps: 20, chains: 32, seed: 4, prior: false }), {
      ...SAMPLING_DEFAULTS,
      method: 'langevin',
      steps: 20,
      chains: 32,
      seed: 4,
      prior: false,
    });
    for (const bad of [
      null,
      'mala',
      [],
      { method: 'hmc' },
      { steps: 0 },
      { stepSize: -1 },
      { chains: 1.5 },
      { start: 'middle' },
      { prior: 'no' },
    ])
      assert.equal(requestedSettings(bad), undefined, JSON.stringify(bad));
  });

  it('the extension’s command line parses back to the settings it was made from', () => {
    const settings = fc.record(
      {
        method: fc.constantFrom('langevin' as const, 'mala' as const),
        steps: fc.integer({ min: 1, max: 1_000_000 }),
        stepSize: fc.double({ min: 1e-6, max: 10, noNaN: true }),
        temperature: fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
        start: fc.constantFrom('fresh' as const, 'fixed' as const),
        prior: fc.boolean(),
        chains: fc.integer({ min: 1, max: 10_000 }),
        seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      },
      { requiredKeys: ['method', 'steps', 'stepSize', 'temperature', 'start', 'prior'] },
    );
    fc.assert(
      fc.property(settings, fc.option(fc.constant('/runs/r/checkpoints/step-00000010'), { nil: undefined }), (s, checkpoint) => {
        const args = parse(samplingArgs({ runDir: '/runs/r', settings: s, ...(checkpoint && { checkpoint }) }));
        assert.equal(args.runDir, '/runs/r');
        assert.equal(args.checkpoint, checkpoint);
        assert.deepEqual(args.settings, { ...s });
      }),
    );
  });
});
