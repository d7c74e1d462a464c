/**
 * Sweep files (issue 23): the schema and its check, expansion into trials (grid, random with a
 * seed, list), parameter paths and values checked against the experiment schema with problems at
 * their place in the sweep file, the sweep folder written and read back (each trial's state from
 * its files), and the ranking by the objective.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { formatProblem } from '../../src/shared/experiment/validate';
import type { QualityRecord, RunMeta } from '../../src/shared/runFormat';
import { expandSweep, gridValues, trialValues, type Expansion } from '../../src/shared/sweep/expandSweep';
import { readSweep, trialStateFile, type TrialStatus } from '../../src/shared/sweep/sweepFolder';
import { sweepJsonSchemaText } from '../../src/shared/sweep/sweepJsonSchema';
import { bestTrial, rankTrials } from '../../src/shared/sweep/sweepRanking';
import type { Sweep } from '../../src/shared/sweep/sweepSchema';
import { checkSweepDocument } from '../../src/shared/sweep/validateSweep';
import { executorFor, writeSweepFolder } from '../../src/shared/sweep/writeSweepFolder';
import { ringExperiment, tempDir, writeExperimentFile, type Json } from '../helpers/experiments';

const root = join(__dirname, '..', '..');

/** Writes a base experiment and a sweep file beside it; returns the sweep file's path. */
function sweepFiles(sweep: Json | string, base: Json = ringExperiment()): string {
  const dir = tempDir('gan-sweep-unit-');
  writeExperimentFile(base, dir, 'base.gan.json');
  const file = join(dir, 'test.sweep.json');
  writeFileSync(file, typeof sweep === 'string' ? sweep : JSON.stringify(sweep, null, 2));
  return file;
}

const sweepOf = (overrides: Json = {}): Json => ({
  experiment: 'base.gan.json',
  search: { kind: 'grid' },
  parameters: [
    { kind: 'values', path: 'optimizer.generator.lr', values: [0.0002, 0.0005] },
    { kind: 'values', path: 'seed', values: [1, 2, 3] },
  ],
  objective: { metric: 'modesCovered', goal: 'maximize' },
  ...overrides,
});

function expanded(sweep: Json | string, base?: Json): Extract<Expansion, { ok: true }> {
  const result = expandSweep(sweepFiles(sweep, base));
  if (!result.ok) assert.fail(result.problems.map((p) => formatProblem(p.file, p.problem)).join('\n'));
  return result;
}

/** The problems of a sweep that does not expand, as gan-sweep prints them. */
function problems(sweep: Json | string, base?: Json): string[] {
  const file = sweepFiles(sweep, base);
  const result = expandSweep(file);
  assert.equal(result.ok, false, 'expected problems');
  return (result as Extract<Expansion, { ok: false }>).problems.map((p) => formatProblem(p.file, p.problem));
}

describe('sweep file', () => {
  it('the example ring8-lr-seed.sweep.json expands into 2 learning rates × 3 seeds of the ring-8 example', () => {
    const result = expandSweep(join(root, 'examples', 'ring8-lr-seed.sweep.json'));
    assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
    assert.equal(result.trials.length, 6);
    assert.deepEqual(
      result.trials.map((t) => [t.experiment.optimizer.generator.lr, t.experiment.seed]),
      [
        [0.0002, 1],
        [0.0002, 2],
        [0.0002, 3],
        [0.0005, 1],
        [0.0005, 2],
        [0.0005, 3],
      ],
    );
    assert.equal(result.trials[4]!.experiment.data.kind, 'ring');
    assert.equal(result.trials[4]!.experiment.name, 'ring8-trial-004');
  });

  it('schemas/sweep.schema.json is what the TypeBox definition gives (npm run schema)', () => {
    assert.equal(readFileSync(join(root, 'schemas', 'sweep.schema.json'), 'utf8'), sweepJsonSchemaText());
  });

  it('reports schema problems at their line with the did-you-mean of the experiment validator', () => {
    const text = `{
  "experiment": "base.gan.json",
  "search": { "kind": "grdi" },
  "parameters": [{ "kind": "values", "path": "seed", "values": [1] }],
  "objective": { "metric": "modesCovered", "goal": "maximise" }
}`;
    const { problems: found } = checkSweepDocument(text);
    const lines = found.map((p) => formatProblem('s.sweep.json', p));
    assert.ok(
      lines.some((l) =>
        /^s\.sweep\.json:3:\d+: search\.kind: unknown kind "grdi" \(expected "grid" \| "random" \| "list", found "grdi"\)/.test(l),
      ),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((l) =>
        /^s\.sweep\.json:5:\d+: objective\.goal: expected one of "minimize", "maximize"; did you mean "maximize"\?/.test(l),
      ),
      lines.join('\n'),
    );
  });

  it('checks relations: list lengths, ranges, overlapping paths, a grid too large', () => {
    const check = (sweep: Json) =>
      checkSweepDocument(JSON.stringify(sweepOf(sweep), null, 2)).problems.map((p) => `${p.path}: ${p.message}`);
    assert.match(
      check({ search: { kind: 'list' } }).join('\n'),
      /parameters\[1\]\.values: a list search needs the same number of values in every parameter: parameters\[0\] has 2, this one 3/,
    );
    assert.match(
      check({ parameters: [{ kind: 'logUniform', path: 'seed', min: 0, max: 1 }] }).join('\n'),
      /parameters\[0\]\.min: a logUniform range must lie above 0/,
    );
    assert.match(
      check({ parameters: [{ kind: 'uniform', path: 'seed', min: 5, max: 1 }] }).join('\n'),
      /parameters\[0\]\.max: max is below min/,
    );
    assert.match(
      check({
        parameters: [
          { kind: 'values', path: 'loss', values: [{ kind: 'hinge' }] },
          { kind: 'values', path: 'loss.kind', values: ['wgan'] },
        ],
      }).join('\n'),
      /parameters\[1\]\.path: "loss\.kind" overlaps parameters\[0\]/,
    );
    assert.match(
      check({
        parameters: [
          { kind: 'uniform', path: 'seed', min: 0, max: 1000, count: 100, integer: true },
          { kind: 'values', path: 'latent.dim', values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] },
        ],
      }).join('\n'),
      /the grid makes 1100 trials, more than 1000/,
    );
  });
});

describe('sweep expansion', () => {
  it('grid: every combination, the first parameter varying slowest; ranges take count points', () => {
    assert.deepEqual(gridValues({ kind: 'logUniform', path: 'x', min: 0.0001, max: 0.01, count: 3 }), [0.0001, 0.001, 0.01]);
    assert.deepEqual(gridValues({ kind: 'uniform', path: 'x', min: 1, max: 2, count: 3, integer: false }), [1, 1.5, 2]);
    assert.deepEqual(gridValues({ kind: 'uniform', path: 'x', min: 0, max: 3, count: 4, integer: true }), [0, 1, 2, 3]);
    const result = expanded(sweepOf());
    assert.deepEqual(
      result.trials.map((t) => t.params),
      [0.0002, 0.0005].flatMap((lr) => [1, 2, 3].map((seed) => ({ 'optimizer.generator.lr': lr, seed }))),
    );
    assert.deepEqual(
      result.trials.map((t) => t.id),
      ['trial-000', 'trial-001', 'trial-002', 'trial-003', 'trial-004', 'trial-005'],
    );
  });

  it('random: the seed fixes the draws; values within their ranges; another seed draws others', () => {
    const sweep = sweepOf({
      search: { kind: 'random', seed: 42, trials: 20 },
      parameters: [
        { kind: 'logUniform', path: 'optimizer.generator.lr', min: 0.00001, max: 0.01 },
        { kind: 'uniform', path: 'seed', min: 1, max: 5, integer: true },
        { kind: 'values', path: 'loss.kind', values: ['hinge', 'lsgan'] },
      ],
    });
    const a = expanded(sweep).trials.map((t) => t.params);
    const b = expanded(sweep).trials.map((t) => t.params);
    assert.deepEqual(a, b);
    assert.equal(a.length, 20);
    for (const p of a) {
      const lr = p['optimizer.generator.lr'] as number;
      assert.ok(lr >= 0.00001 && lr <= 0.01, `lr ${lr}`);
      assert.ok(Number.isInteger(p.seed) && (p.seed as number) >= 1 && (p.seed as number) <= 5, `seed ${String(p.seed)}`);
      assert.ok(['hinge', 'lsgan'].includes(p['loss.kind'] as string));
    }
    // Log-uniform: both decades below 1e-3 are drawn, not only the top one.
    assert.ok(a.some((p) => (p['optimizer.generator.lr'] as number) < 0.0001));
    assert.equal(new Set(a.map((p) => p['loss.kind'])).size, 2);
    const other = trialValues({ ...(sweep as unknown as Sweep), search: { kind: 'random', seed: 43, trials: 20 } });
    assert.notDeepEqual(
      other.map((v) => v[0]),
      a.map((p) => p['optimizer.generator.lr']),
    );
  });

  it('list: trial i takes the i-th value of every parameter', () => {
    const result = expanded(
      sweepOf({
        search: { kind: 'list' },
        parameters: [
          { kind: 'values', path: 'loss.kind', values: ['hinge', 'wgan'] },
          { kind: 'values', path: 'seed', values: [5, 6] },
        ],
      }),
    );
    assert.deepEqual(
      result.trials.map((t) => [t.experiment.loss.kind, t.experiment.seed]),
      [
        ['hinge', 5],
        ['wgan', 6],
      ],
    );
  });

  it('each trial is the resolved experiment: defaults filled (those of its loss too), data files absolute, the name suffixed', () => {
    const base = ringExperiment({ data: { kind: 'csv', path: 'points.csv' } });
    const result = expanded(sweepOf({ parameters: [{ kind: 'values', path: 'loss.kind', values: ['nonSaturating', 'wgan'] }] }), base);
    const [first, second] = result.trials;
    assert.equal(first!.experiment.name, 'test-ring-trial-000');
    assert.equal((first!.experiment.data as { path: string }).path, join(result.baseFile, '..', 'points.csv'));
    // The optimizer the base leaves to its defaults: the default of each trial's loss.
    assert.equal(second!.experiment.loss.kind, 'wgan');
    assert.ok(second!.experiment.optimizer.generator.kind);
    assert.equal(first!.experiment.schedule.steps, 40);
  });

  it('a path into an optimizer the base leaves to its defaults keeps the default kind', () => {
    const result = expanded(sweepOf({ parameters: [{ kind: 'values', path: 'optimizer.discriminator.lr', values: [0.001] }] }));
    assert.equal(result.trials[0]!.experiment.optimizer.discriminator.lr, 0.001);
    assert.equal(result.trials[0]!.experiment.optimizer.discriminator.kind, 'adam');
  });

  it('a path that is not a field of the experiment is an error at the path, with the fix', () => {
    const [line] = problems(sweepOf({ parameters: [{ kind: 'values', path: 'optimizer.generator.lrr', values: [0.1] }] }));
    assert.match(
      line!,
      /test\.sweep\.json:\d+:\d+: parameters\[0\]\.path: "optimizer\.generator" of kind "adam" has no field "lrr"; did you mean "lr"\? \(fix the path "optimizer\.generator\.lrr"\)/,
    );
    const [list] = problems(sweepOf({ parameters: [{ kind: 'values', path: 'generator.hidden[5]', values: [8] }] }));
    assert.match(list!, /parameters\[0\]\.path: "generator\.hidden" has 2 items in the base experiment, so \[5\] does not exist/);
    const [syntax] = problems(sweepOf({ parameters: [{ kind: 'values', path: 'optimizer..lr', values: [8] }] }));
    assert.match(syntax!, /parameters\[0\]\.path: "optimizer\.\.lr" is not a field path/);
    const [scalar] = problems(sweepOf({ parameters: [{ kind: 'values', path: 'seed.value', values: [8] }] }));
    assert.match(scalar!, /"seed" is a single value, it has no field "value"/);
  });

  it('a value the experiment validator rejects is an error at that value in the sweep file', () => {
    const text = `{
  "experiment": "base.gan.json",
  "search": { "kind": "grid" },
  "parameters": [
    { "kind": "values", "path": "seed", "values": [1, -4] },
    { "kind": "values", "path": "loss.kind", "values": ["hinge", "hinj"] }
  ],
  "objective": { "metric": "js", "goal": "minimize" }
}`;
    const lines = problems(text);
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.match(
      lines[0]!,
      /test\.sweep\.json:5:\d+: parameters\[0\]\.values\[1\]: seed = -4 is not a valid experiment: seed: out of range: must be between 0 and 2147483647 .*; change this value/,
    );
    assert.match(
      lines[1]!,
      /test\.sweep\.json:6:\d+: parameters\[1\]\.values\[1\]: loss\.kind = "hinj" is not a valid experiment: loss\.kind: unknown kind "hinj" \(expected "minimax" \| .*found "hinj"\); change this value/,
    );
  });

  it('a base experiment with problems: each at its place in the base file, and one at "experiment"', () => {
    const base = ringExperiment({ latent: { dim: 0 } });
    const lines = problems(sweepOf({ parameters: [{ kind: 'values', path: 'seed', values: [1, 2] }] }), base);
    assert.ok(
      lines.some((l) => /base\.gan\.json:\d+:\d+: latent\.dim: out of range/.test(l)),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((l) => /test\.sweep\.json:2:\d+: experiment: the base experiment .*base\.gan\.json has a problem; fix it first/.test(l)),
      lines.join('\n'),
    );
  });

  it('a base experiment that cannot be read is an error at "experiment"', () => {
    const [line] = problems(sweepOf({ experiment: 'nowhere.gan.json' }));
    assert.match(
      line!,
      /test\.sweep\.json:2:\d+: experiment: cannot read the base experiment .*nowhere\.gan\.json \(ENOENT\); "experiment" is relative to the sweep file: fix the path/,
    );
  });
});

function meta(status: RunMeta['status'], step: number, error: string | null = null): RunMeta {
  return {
    formatVersion: 1,
    runId: '20260101-000000-abcd',
    experimentName: 'x',
    experimentFile: '/x.gan.json',
    status,
    backend: null,
    versions: { ganWorkbench: '0', tfjs: '0', node: '0' },
    startedAt: '2026-01-01T00:00:00.000Z',
    endedAt: null,
    lastStep: step,
    totalSteps: 40,
    error,
    pid: 1,
  };
}

describe('sweep folder', () => {
  it('is written whole at submission and each trial state is read from its files', () => {
    const result = expanded(sweepOf({ objective: { metric: 'js', goal: 'minimize' } }));
    const dir = writeSweepFolder(result, executorFor(result.sweep), tempDir('gan-sweep-folder-'));
    const manifest = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as {
      trials: { experiment: string; runDir: string }[];
      executor: { maxParallel: number };
    };
    assert.equal(manifest.trials[2]!.experiment, 'trials/trial-002.gan.json');
    assert.equal(manifest.trials[2]!.runDir, 'runs/trial-002');
    assert.ok(manifest.executor.maxParallel >= 1, 'local maxParallel filled in with the cores');
    assert.equal(JSON.parse(readFileSync(join(dir, 'trials', 'trial-002.gan.json'), 'utf8')).seed, 3);

    const run = (id: string, m: RunMeta, quality?: QualityRecord) => {
      const path = join(dir, 'runs', id, `test-ring-${id}`, m.runId);
      mkdirSync(path, { recursive: true });
      writeFileSync(join(path, 'run.json'), JSON.stringify(m));
      if (quality)
        writeFileSync(join(path, 'quality.jsonl'), `${JSON.stringify({ step: 20, metrics: { js: 0.9 } })}\n${JSON.stringify(quality)}\n`);
    };
    const started = (id: string, pid: number) =>
      writeFileSync(
        trialStateFile(dir, id, 'started'),
        JSON.stringify({ at: new Date().toISOString(), host: hostname(), pid, attempt: 1 }),
      );
    // trial-000 done (js 0.2), trial-001 done (js 0.1), trial-002 failed (its run says why), trial-003 running,
    // trial-004 cancelled, trial-005 started but its process is gone: failed.
    run('trial-000', meta('completed', 40), { step: 40, metrics: { js: 0.2, modesCovered: 8 } });
    run('trial-001', meta('completed', 40), { step: 40, metrics: { js: 0.1, modesCovered: 7 } });
    run('trial-002', meta('failed', 12, 'data.path: cannot read gone.csv'));
    started('trial-003', process.pid);
    run('trial-003', meta('running', 17));
    started('trial-004', process.pid);
    writeFileSync(trialStateFile(dir, 'trial-004', 'cancel'), JSON.stringify({ at: new Date().toISOString() }));
    started('trial-005', 2 ** 22 + 12345);

    const status = readSweep(dir);
    assert.deepEqual(
      status.trials.map((t) => t.state),
      ['done', 'done', 'failed', 'running', 'cancelled', 'failed'],
    );
    assert.deepEqual(status.counts, { pending: 0, running: 1, done: 2, failed: 2, cancelled: 1 });
    assert.equal(status.trials[0]!.objective, 0.2);
    assert.equal(status.trials[0]!.metricsStep, 40);
    assert.equal(status.trials[3]!.step, 17);
    assert.equal(status.trials[2]!.error, 'data.path: cannot read gone.csv');
    assert.match(status.trials[5]!.error!, /is gone without recording an exit/);

    // An exit record after the start: the trainer ended without completing its run; the log's error lines say why.
    writeFileSync(join(dir, 'logs', 'trial-005.log'), 'gan-train: error: something broke\n');
    writeFileSync(
      trialStateFile(dir, 'trial-005', 'exit'),
      JSON.stringify({ at: new Date(Date.now() + 1000).toISOString(), code: 1, signal: null }),
    );
    assert.equal(readSweep(dir).trials[5]!.error, 'gan-train: error: something broke');

    const ranked = rankTrials(status.manifest.objective, status.trials).map((t) => t.trial.id);
    assert.deepEqual(ranked.slice(0, 2), ['trial-001', 'trial-000']);
    assert.equal(bestTrial(status.manifest.objective, status.trials)?.trial.id, 'trial-001');
  });

  it('a folder without sweep.json is an error naming the file and what writes it', () => {
    assert.throws(
      () => readSweep(tempDir()),
      /sweep\.json is missing: .* is not a sweep folder \(gan-sweep writes sweep\.json when it submits a sweep\)/,
    );
  });
});

describe('sweep ranking', () => {
  const trial = (index: number, objective?: number): TrialStatus =>
    ({
      trial: { index, id: `trial-${index}`, params: {}, experiment: '', runDir: '' },
      state: 'done',
      step: 0,
      totalSteps: 0,
      log: '',
      ...(objective !== undefined && { objective }),
    }) as TrialStatus;
  const ids = (t: TrialStatus[]) => t.map((x) => x.trial.index);

  it('minimize: lowest first; maximize: highest first; ties by index; trials without a value last', () => {
    const trials = [trial(0, 3), trial(1), trial(2, 1), trial(3, 3), trial(4, 2)];
    assert.deepEqual(ids(rankTrials({ metric: 'js', goal: 'minimize' }, trials)), [2, 4, 0, 3, 1]);
    assert.deepEqual(ids(rankTrials({ metric: 'modesCovered', goal: 'maximize' }, trials)), [0, 3, 4, 2, 1]);
    assert.equal(bestTrial({ metric: 'js', goal: 'minimize' }, [trial(0)]), undefined);
  });
});
