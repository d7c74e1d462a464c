// How test/run.mjs runs a mocha suite in its own process and counts every suite's results: passed,
// failed and pending tests, and each suite's time. A pending test (this.skip(), it.skip, a skipped
// hook) is a test that did not run: unless EXPECTED_PENDING lists it with the reason, it counts as
// failed, so a skip cannot turn a regression into a passing run.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * Tests that may be pending, each with why: `{ suite, title, reason }`, `title` the test's full
 * title (describe titles and its own, space-separated). test/run.mjs announces each one it meets.
 * None today: the suites that need something absent (GAN_WORKBENCH_SKIP_RENDER,
 * GAN_WORKBENCH_SKIP_INTEGRATION, GAN_WORKBENCH_SKIP_E2E) are left out whole, and say so.
 */
export const EXPECTED_PENDING = [];

/**
 * Runs `files` with mocha (spec reporter) in this process; TypeScript must already load (tsx).
 * Resolves with `{ name, passed, failed, pending: [full titles], seconds }`.
 */
export function runMochaSuite(name, files, options = {}) {
  const Mocha = require('mocha');
  const started = Date.now();
  return new Promise((resolvePromise) => {
    const mocha = new Mocha({ reporter: 'spec', timeout: 60_000, ...options });
    for (const f of files) mocha.addFile(f);
    let passed = 0;
    let failed = 0;
    const pending = [];
    const runner = mocha.run(() => resolvePromise({ name, passed, failed, pending, seconds: (Date.now() - started) / 1000 }));
    runner.on('pass', () => passed++);
    runner.on('fail', () => failed++);
    runner.on('pending', (test) => pending.push(test.fullTitle()));
  });
}

/**
 * A child suite's summary, its last line: `suite <name>: N passed, N failed, N pending` (the pending
 * count may be left out: 0). Returns `{ passed, failed, pending }` or undefined.
 */
export function parseSuiteSummary(name, line) {
  const m = new RegExp(`^suite ${name}: (\\d+) passed, (\\d+) failed(?:, (\\d+) pending)?$`).exec(line.trim());
  return m ? { passed: Number(m[1]), failed: Number(m[2]), pending: Number(m[3] ?? 0) } : undefined;
}

/** The line a child suite prints for each pending test before its summary; returns the title or undefined. */
export function parsePendingLine(name, line) {
  const prefix = `suite ${name} pending: `;
  return line.startsWith(prefix) ? line.slice(prefix.length).trim() : undefined;
}

/**
 * Settles a suite's pending tests against `expected`: returns the result with `failed` raised by
 * the unexpected ones, `pendingCount`, and `notes`, a line for each pending test (expected, with
 * its reason, or counted as failed). `result.pending` is a list of titles; a child suite that
 * reported more pending tests than titles (`pendingCount`) gets one line for the untitled ones.
 */
export function settlePending(result, expected = EXPECTED_PENDING) {
  const titles = result.pending ?? [];
  const count = Math.max(result.pendingCount ?? 0, titles.length);
  const notes = [];
  let unexpected = 0;
  for (const title of titles) {
    const allowed = expected.find((e) => e.suite === result.name && e.title === title);
    if (allowed) notes.push(`suite ${result.name}: pending as expected (${allowed.reason}): ${title}`);
    else {
      unexpected++;
      notes.push(`suite ${result.name}: pending, not expected, counted as failed: ${title}`);
    }
  }
  if (count > titles.length) {
    unexpected += count - titles.length;
    notes.push(`suite ${result.name}: ${count - titles.length} more pending test(s) without a title, counted as failed`);
  }
  return { ...result, failed: result.failed + unexpected, pendingCount: count, notes };
}

/** `suite <name>: N passed, N failed, N pending (T s)`; `failed` includes unexpected pending tests. */
export function summaryLine(result) {
  return `suite ${result.name}: ${result.passed} passed, ${result.failed} failed, ${result.pendingCount} pending (${result.seconds.toFixed(1)} s)`;
}
