#!/usr/bin/env node
// Runs every test suite and prints one total line: "N passed, N failed".
// Suites: unit (fast, node-side), render (the webview pages in headless chromium with runs recorded
// by the trainer, test/render/), convergence (the examples trained to the end through the CLI),
// integration (test/integration/, inside a real VS Code extension host: code-server + chromium,
// installed on first use; see test/vscode/runIntegration.ts), e2e (test/e2e/: the packaged vsix
// installed in code-server and driven through the UI in chromium; see test/e2e/runE2e.ts).
// Mocha runs in this process with TypeScript loaded through tsx; the integration and e2e suites run
// in child processes. `node test/run.mjs <text>` runs only test files whose path contains <text>.
// GAN_WORKBENCH_SKIP_INTEGRATION=1 / GAN_WORKBENCH_SKIP_E2E=1 leave those suites out (and say so).
import { spawn } from 'node:child_process';
import { setTimeout, clearTimeout } from 'node:timers';
import { createRequire } from 'node:module';
import { readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
require('tsx/cjs/api').register();
const Mocha = require('mocha');

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

function runMocha(name, files, options) {
  return new Promise((resolvePromise) => {
    const mocha = new Mocha({ reporter: 'spec', timeout: 60_000, ...options });
    for (const f of files) mocha.addFile(f);
    let passed = 0;
    let failed = 0;
    const runner = mocha.run(() => resolvePromise({ name, passed, failed }));
    runner.on('pass', () => passed++);
    runner.on('fail', () => failed++);
  });
}

const INTEGRATION_TIMEOUT_MS = 20 * 60_000; // a clean install (apt + code-server) included
const E2E_TIMEOUT_MS = 15 * 60_000; // packaging and a clean code-server install included

// Runs a suite runner (test/vscode/runIntegration.ts, test/e2e/runE2e.ts) in a child process (its
// own process group, so a timeout ends everything it started), passes its output through and reads
// its last line: "suite <name>: N passed, N failed". Anything else counts as a failed suite, with the
// reason.
function runChildSuite(name, script, timeoutMs, filter) {
  return new Promise((resolvePromise) => {
    const args = ['--import', 'tsx', script, ...(filter ? [filter] : [])];
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let tail = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      tail = (tail + chunk.toString()).slice(-4096);
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
    const failed = (reason) => {
      console.error(`suite ${name} failed to run: ${reason}`);
      resolvePromise({ name, passed: 0, failed: 1 });
    };
    child.on('error', (e) => {
      clearTimeout(timer);
      failed(`could not start node: ${e.message}`);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const last = tail.trimEnd().split('\n').pop() ?? '';
      const m = new RegExp(`^suite ${name}: (\\d+) passed, (\\d+) failed$`).exec(last.trim());
      if (timedOut) failed(`no result within ${timeoutMs / 60_000} minutes`);
      else if (!m) failed(`${script} exited (${signal ?? code}) without its summary line`);
      else {
        const result = { name, passed: Number(m[1]), failed: Number(m[2]) };
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

const grep = process.argv.slice(2).find((a) => !a.startsWith('-'));
const SUITES = ['unit', 'process', 'render', 'convergence'];
const results = [];
for (const suite of SUITES) {
  const files = findTests(join(root, 'test', suite)).filter((f) => !grep || f.includes(grep));
  if (files.length > 0) results.push(await runMocha(suite, files, {}));
}
const integrationFiles = findTests(join(root, 'test', 'integration')).filter((f) => !grep || f.includes(grep));
if (integrationFiles.length > 0) {
  if (process.env.GAN_WORKBENCH_SKIP_INTEGRATION) {
    console.log('suite integration: skipped because GAN_WORKBENCH_SKIP_INTEGRATION is set');
  } else {
    results.push(await runChildSuite('integration', join('test', 'vscode', 'runIntegration.ts'), INTEGRATION_TIMEOUT_MS, grep));
  }
}
const e2eFiles = findTests(join(root, 'test', 'e2e')).filter((f) => !grep || f.includes(grep));
if (e2eFiles.length > 0) {
  if (process.env.GAN_WORKBENCH_SKIP_E2E) {
    console.log('suite e2e: skipped because GAN_WORKBENCH_SKIP_E2E is set');
  } else {
    results.push(await runChildSuite('e2e', join('test', 'e2e', 'runE2e.ts'), E2E_TIMEOUT_MS, grep));
  }
}

let passed = 0;
let failed = 0;
for (const r of results) {
  console.log(`suite ${r.name}: ${r.passed} passed, ${r.failed} failed`);
  passed += r.passed;
  failed += r.failed;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
