#!/usr/bin/env node
// Runs every test suite and prints one total line: "N passed, N failed".
// Suites: unit (fast, node-side), convergence (the examples trained to the end through the CLI).
// Mocha runs in this process with TypeScript loaded through tsx. `node test/run.mjs <text>` runs
// only test files whose path contains <text>.
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

const grep = process.argv.slice(2).find((a) => !a.startsWith('-'));
const SUITES = ['unit', 'convergence'];
const results = [];
for (const suite of SUITES) {
  const files = findTests(join(root, 'test', suite)).filter((f) => !grep || f.includes(grep));
  if (files.length > 0) results.push(await runMocha(suite, files, {}));
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
