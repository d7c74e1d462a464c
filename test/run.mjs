#!/usr/bin/env node
// Runs every test suite and prints one total line: "N passed, N failed".
// Suites, in this order:
//   unit         test/unit/: in-process and fast (no child processes, no training beyond a few seconds)
//   process      test/process/: the trainer bundle forked as the extension forks it, the gan-train,
//                gan-export and gan-sample CLIs as children, and faults inflicted on them
//   render       test/render/: the webview pages in headless chromium with runs recorded by the trainer
//   convergence  test/convergence/: the examples trained to the end through the CLI
//   integration  test/integration/, inside a real VS Code extension host (code-server + chromium;
//                test/vscode/runIntegration.ts)
//   e2e          test/e2e/: the packaged vsix installed in code-server and driven through the UI in
//                chromium (test/e2e/runE2e.ts)
// The first four run in this process with mocha (TypeScript through tsx), the last two in child
// processes. `node test/run.mjs <text>` runs only test files whose path contains <text>.
// GAN_WORKBENCH_SKIP_RENDER=1, GAN_WORKBENCH_SKIP_INTEGRATION=1 and GAN_WORKBENCH_SKIP_E2E=1 leave
// those suites out, and say so. What the suites need besides npm packages (chromium, Mesa, code-server)
// is installed by `npm run setup` (npm test runs it first); the tests only check it.
// Each suite ends with "suite <name>: N passed, N failed, N pending (T s)". A pending test (a skip)
// counts as failed unless test/suiteResults.mjs's EXPECTED_PENDING lists it with its reason. The
// summary lines are also written to out/test-suites.txt (.ci/run prints them with its stage times).
import { spawn } from 'node:child_process';
import { setTimeout, clearTimeout } from 'node:timers';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// The suites' user cache is their own: backend speeds measured by a developer's Check Backends
// ($XDG_CACHE_HOME/gan-workbench/backend-speeds.json) must not change what `auto` picks in a test.
const testCache = mkdtempSync(join(tmpdir(), 'gan-test-cache-'));
process.env.XDG_CACHE_HOME = testCache;
process.on('exit', () => rmSync(testCache, { recursive: true, force: true }));
require('tsx/cjs/api').register();
const { parsePendingLine, parseSuiteSummary, runMochaSuite, settlePending, summaryLine } = await import('./suiteResults.mjs');

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (name === 'node_modules' || name === 'runs' || name === 'workspace') continue;
    if (statSync(full).isDirectory()) out.push(...findTests(full));
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

// Whole-suite limits for the child suites; what they need is installed beforehand (npm run setup).
const INTEGRATION_TIMEOUT_MS = 10 * 60_000; // 120 s on an idle CI machine, over 300 s on a loaded one; the host gives the suite 9 minutes
const E2E_TIMEOUT_MS = 15 * 60_000; // its own limit is 10 minutes (runE2e.ts); packaging included

// Runs a suite runner (test/vscode/runIntegration.ts, test/e2e/runE2e.ts) in a child process (its
// own process group, so a timeout ends everything it started), passes its output through and reads
// its lines "suite <name> pending: <title>" and its last line, "suite <name>: N passed, N failed,
// N pending". Anything else counts as a failed suite, with the reason.
function runChildSuite(name, script, timeoutMs, filter) {
  const started = Date.now();
  return new Promise((resolvePromise) => {
    const args = ['--import', 'tsx', script, ...(filter ? [filter] : [])];
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let partial = '';
    let last = '';
    const pending = [];
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const title = parsePendingLine(name, line);
        if (title !== undefined) pending.push(title);
        if (line.trim() !== '') last = line;
      }
    });
    child.stderr.on('data', (chunk) => process.stderr.write(chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }, timeoutMs);
    const seconds = () => (Date.now() - started) / 1000;
    const failed = (reason) => {
      console.error(`suite ${name} failed to run: ${reason}`);
      resolvePromise({ name, passed: 0, failed: 1, pending, seconds: seconds() });
    };
    child.on('error', (e) => {
      clearTimeout(timer);
      failed(`could not start node: ${e.message}`);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (partial.trim() !== '') last = partial;
      const summary = parseSuiteSummary(name, last);
      if (timedOut) failed(`no result within ${timeoutMs / 60_000} minutes`);
      else if (!summary) failed(`${script} exited (${signal ?? code}) without its summary line`);
      else {
        const result = { name, passed: summary.passed, failed: summary.failed, pending, pendingCount: summary.pending, seconds: seconds() };
        // A non-zero exit with nothing failed is still a failure.
        if (code !== 0 && result.failed === 0) {
          console.error(`suite ${name}: ${script} exited ${signal ?? code} although nothing failed`);
          result.failed = 1;
        }
        resolvePromise(result);
      }
    });
  });
}

// name, where its tests are, how it runs (in this process, or a runner script in a child), and the
// environment variable that leaves it out.
const SUITES = [
  { name: 'unit' },
  { name: 'process' },
  { name: 'render', skipEnv: 'GAN_WORKBENCH_SKIP_RENDER' },
  { name: 'convergence' },
  {
    name: 'integration',
    skipEnv: 'GAN_WORKBENCH_SKIP_INTEGRATION',
    runner: join('test', 'vscode', 'runIntegration.ts'),
    timeoutMs: INTEGRATION_TIMEOUT_MS,
  },
  { name: 'e2e', skipEnv: 'GAN_WORKBENCH_SKIP_E2E', runner: join('test', 'e2e', 'runE2e.ts'), timeoutMs: E2E_TIMEOUT_MS },
];

const grep = process.argv.slice(2).find((a) => !a.startsWith('-'));
const lines = []; // the summary, printed at the end
for (const suite of SUITES) {
  const files = findTests(join(root, 'test', suite.name)).filter((f) => !grep || f.includes(grep));
  if (files.length === 0) continue;
  if (suite.skipEnv && process.env[suite.skipEnv]) {
    const line = `suite ${suite.name}: skipped, ${files.length} test file(s) not run, because ${suite.skipEnv} is set`;
    console.log(line);
    lines.push({ line });
    continue;
  }
  const raw = suite.runner ? await runChildSuite(suite.name, suite.runner, suite.timeoutMs, grep) : await runMochaSuite(suite.name, files);
  const result = settlePending(raw);
  for (const note of result.notes) console.log(note);
  lines.push({ line: summaryLine(result), result });
}

let passed = 0;
let failed = 0;
console.log('');
for (const { line, result } of lines) {
  if (result) {
    for (const note of result.notes) console.log(note);
    passed += result.passed;
    failed += result.failed;
  }
  console.log(line);
}
try {
  mkdirSync(join(root, 'out'), { recursive: true });
  writeFileSync(join(root, 'out', 'test-suites.txt'), lines.map((l) => l.line).join('\n') + '\n');
} catch (e) {
  console.error(`could not write out/test-suites.txt: ${e.message}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
