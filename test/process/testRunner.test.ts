/**
 * test/run.mjs's accounting (test/suiteResults.mjs): a pending test — a skip — fails the run unless
 * it is listed as expected, and the child suites' summary lines carry their pending tests. The
 * mocha runner runs a fixture suite in a child process (a second mocha cannot run inside this one).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(__dirname, '..', '..');
const FIXTURE = join(root, 'test', 'fixtures', 'pending.fixture.ts');

interface Settled {
  name: string;
  passed: number;
  failed: number;
  pending: string[];
  pendingCount: number;
  notes: string[];
  line: string;
}

/** Runs `body` (an ES module's text, with `results` the imported test/suiteResults.mjs) in a child node, returning what it prints as JSON. */
function inChild<T>(body: string): T {
  const script = `
    import { createRequire } from 'node:module';
    createRequire(${JSON.stringify(join(root, 'test', 'run.mjs'))})('tsx/cjs/api').register();
    const results = await import(${JSON.stringify(pathToFileURL(join(root, 'test', 'suiteResults.mjs')).href)});
    ${body}`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  const last = child.stdout.trimEnd().split('\n').pop() ?? '';
  return JSON.parse(last) as T;
}

const settleFixture = (expected: { suite: string; title: string; reason: string }[]) =>
  inChild<Settled>(`
    const raw = await results.runMochaSuite('unit', [${JSON.stringify(FIXTURE)}], { reporter: 'dot' });
    const settled = results.settlePending(raw, ${JSON.stringify(expected)});
    console.log(JSON.stringify({ ...settled, line: results.summaryLine(settled) }));`);

describe('test/run.mjs: pending tests', function () {
  this.timeout(60_000);

  it('a skip that nothing expects counts as failed, and each is named', () => {
    const r = settleFixture([]);
    assert.equal(r.passed, 1);
    assert.deepEqual(r.pending, ['fixture skips itself', 'fixture a hook that skips never runs']);
    assert.equal(r.failed, 2);
    assert.deepEqual(r.notes, [
      'suite unit: pending, not expected, counted as failed: fixture skips itself',
      'suite unit: pending, not expected, counted as failed: fixture a hook that skips never runs',
    ]);
    assert.match(r.line, /^suite unit: 1 passed, 2 failed, 2 pending \(\d+\.\d s\)$/);
  });

  it('an expected skip is announced with its reason and does not fail the run', () => {
    const r = settleFixture([{ suite: 'unit', title: 'fixture skips itself', reason: 'the fixture says so' }]);
    assert.equal(r.failed, 1);
    assert.equal(r.notes[0], 'suite unit: pending as expected (the fixture says so): fixture skips itself');
    // Listed for another suite, it is not expected here.
    assert.equal(settleFixture([{ suite: 'e2e', title: 'fixture skips itself', reason: 'elsewhere' }]).failed, 2);
  });

  it("reads a child suite's summary with and without pending, its pending lines, and counts untitled pending tests as failed", () => {
    const r = inChild<unknown[]>(`
      console.log(JSON.stringify([
        results.parseSuiteSummary('e2e', 'suite e2e: 7 passed, 1 failed, 2 pending'),
        results.parseSuiteSummary('e2e', 'suite e2e: 8 passed, 0 failed'),
        results.parseSuiteSummary('e2e', 'suite integration: 8 passed, 0 failed'),
        results.parsePendingLine('e2e', 'suite e2e pending: GAN Workbench end to end 05 stops the run'),
        results.parsePendingLine('e2e', '  ✔ 05 stops the run'),
        results.settlePending({ name: 'e2e', passed: 7, failed: 1, pending: ['a'], pendingCount: 3, seconds: 1 }, []),
      ]));`);
    assert.deepEqual(r.slice(0, 5), [
      { passed: 7, failed: 1, pending: 2 },
      { passed: 8, failed: 0, pending: 0 },
      null, // another suite's line (undefined, as JSON)
      'GAN Workbench end to end 05 stops the run',
      null,
    ]);
    const settled = r[5] as Settled;
    assert.equal(settled.failed, 4);
    assert.equal(settled.pendingCount, 3);
    assert.equal(settled.notes.at(-1), 'suite e2e: 2 more pending test(s) without a title, counted as failed');
  });
});
