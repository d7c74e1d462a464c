/**
 * GAN: Compare Runs on the host (issue 24): which runs an argument names (run directory paths from
 * the sweep dashboard, the Runs tree's clicked node and multi-selection), the 2–4 rule with its
 * message, the palette's quick pick of the catalog's runs; the runs read for the page (every
 * histogram, beyond the 500 a snapshot used to keep; a folder that is no run named with why); the
 * page's messages validated (runs by index, no paths).
 */
import { ui } from '../helpers/fakeVscode';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareRuns, runDirsOf, type CompareDeps } from '../../src/extension/compare/compareCommand';
import { readComparison } from '../../src/extension/compare/readComparison';
import { isComparisonViewToHost } from '../../src/shared/protocol';
import { RUN_FILES } from '../../src/shared/runFormat';
import type { CatalogRun } from '../../src/extension/trainingRuns/catalogRun';
import { appendLine, runDirFixture } from '../helpers/feedFixture';
import { tempDir } from '../helpers/experiments';

const node = (dir: string, experimentName = 'ring', runId = dir.split('/').pop() ?? '') =>
  ({ kind: 'run', dir, runId, experimentName, status: 'completed' }) as unknown as CatalogRun;

function deps(runs: CatalogRun[] = []): CompareDeps & { shown: string[][] } {
  const shown: string[][] = [];
  return { catalog: { list: async () => runs }, showComparison: (dirs) => shown.push(dirs), shown };
}

describe('GAN: Compare Runs (issue 24)', () => {
  afterEach(() => ui.reset());

  it('run directories come from paths, a tree node, or the tree selection (which wins), in order, without repeats', () => {
    assert.deepEqual(runDirsOf(['/r/a', '/r/b', '/r/a'], undefined), ['/r/a', '/r/b']);
    assert.deepEqual(runDirsOf(node('/r/a'), [node('/r/a'), node('/r/c'), node('/r/b')]), ['/r/a', '/r/c', '/r/b']);
    assert.deepEqual(runDirsOf(node('/r/a'), undefined), ['/r/a']);
    assert.equal(runDirsOf(undefined, undefined), null);
    assert.equal(runDirsOf({ kind: 'experiment', name: 'ring' }, undefined), null);
  });

  it('opens the panel for 2 to 4 runs; one or five is a message naming the rule, and nothing opens', async () => {
    const d = deps();
    assert.deepEqual(await compareRuns(d, ['/r/a', '/r/b']), ['/r/a', '/r/b']);
    assert.deepEqual(await compareRuns(d, node('/r/a'), [node('/r/a'), node('/r/b'), node('/r/c'), node('/r/d')]), [
      '/r/a',
      '/r/b',
      '/r/c',
      '/r/d',
    ]);
    assert.equal(await compareRuns(d, node('/r/a'), [node('/r/a')]), undefined);
    assert.equal(await compareRuns(d, ['/1', '/2', '/3', '/4', '/5']), undefined);
    assert.deepEqual(d.shown.length, 2);
    const warnings = ui.calls.filter((c) => c.api === 'window.showWarningMessage').map((c) => String(c.args[0]));
    assert.equal(warnings.length, 2);
    assert.match(warnings[0]!, /2 to 4 runs side by side; 1 was selected/);
    assert.match(warnings[1]!, /5 were selected/);
  });

  it('from the palette: a quick pick (several picked) of the runs the catalog knows', async () => {
    const d = deps([node('/r/a', 'ring', 'run-a'), node('/r/b', 'ring', 'run-b'), node('', 'ring', 'queued')]);
    ui.answer = (api, args) => {
      if (api !== 'window.showQuickPick') return undefined;
      const [items, options] = args as [{ label: string; dir: string }[], { canPickMany: boolean }];
      assert.equal(options.canPickMany, true);
      assert.deepEqual(
        items.map((i) => i.label),
        ['ring · run-a', 'ring · run-b'],
        'runs without a directory are not offered',
      );
      return items;
    };
    assert.deepEqual(await compareRuns(d), ['/r/a', '/r/b']);
    assert.deepEqual(d.shown, [['/r/a', '/r/b']]);
  });

  it('fewer than two runs known: says so and asks nothing', async () => {
    const d = deps([node('/r/a')]);
    assert.equal(await compareRuns(d), undefined);
    assert.equal(ui.calls.filter((c) => c.api === 'window.showQuickPick').length, 0);
    assert.match(String(ui.calls.find((c) => c.api === 'window.showInformationMessage')?.args[0]), /at least 2 runs; one run is known/);
  });

  it('reads each run for the page: every histogram record (600, none thinned), samples steps, label; a folder that is no run says why', async () => {
    const dir = runDirFixture('completed', { metrics: [10, 20, 30] });
    for (let step = 1; step <= 600; step++)
      appendLine(dir, RUN_FILES.histograms, { step, min: 0, max: 1, scale: 'probability', real: [1, 2], fake: [2, 1] });
    for (const step of [0, 300]) writeFileSync(join(dir, RUN_FILES.samples, `step-${String(step).padStart(8, '0')}.json`), '{}');
    const empty = join(tempDir('gan-compare-'), 'nothing');
    mkdirSync(empty, { recursive: true });
    const [run, none] = await readComparison([dir, empty], 100);
    assert.equal(run!.label, 'test-ring · 20260102-030405-feed');
    assert.equal(run!.histograms.length, 600);
    assert.deepEqual(
      run!.histograms.slice(0, 3).map((h) => h.step),
      [1, 2, 3],
    );
    assert.deepEqual(run!.sampleSteps, [0, 300]);
    assert.deepEqual(
      run!.metrics.map((m) => m.step),
      [10, 20, 30],
    );
    assert.equal(run!.error, null);
    // run.json and experiment.json are read at once; the message names run.json whichever answered first.
    assert.equal(none!.error, 'no run here: run.json: missing; the trainer writes it when a run starts');
    assert.match(none!.label, /^gan-compare-\w+ · nothing$/, 'the folder names stand in for run.json');
  });

  it("the page's messages: runs by index and steps as integers, nothing else", () => {
    assert.equal(isComparisonViewToHost({ type: 'comparisonReady', payload: {} }), true);
    assert.equal(isComparisonViewToHost({ type: 'requestComparedSamples', payload: { run: 1, step: 250 } }), true);
    for (const bad of [
      { type: 'requestComparedSamples', payload: { run: 4, step: 250 } },
      { type: 'requestComparedSamples', payload: { run: 0, step: -1 } },
      { type: 'requestComparedSamples', payload: { run: 0, step: 1.5 } },
      { type: 'requestComparedSamples', payload: { run: 0, step: 1, runDir: '/etc' } },
      { type: 'comparisonReady', payload: { x: 1 } },
      { type: 'openRun', payload: {} },
      { type: 'comparisonReady', payload: {}, extra: 1 },
    ])
      assert.equal(isComparisonViewToHost(bad), false, JSON.stringify(bad));
  });
});
