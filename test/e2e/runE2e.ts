/**
 * The end-to-end suite's runner: test/e2e/**\/*.test.ts (mocha, BDD) against the packaged extension
 * in code-server, driven through headless chromium.
 *
 * 1. code-server and chromium checked (installed by `npm run setup`, which `npm test` runs first),
 *    `npm run package:targets` (the universal gan-workbench.vsix and the six platform packages, about
 *    15 s; skipped when every package is newer than its sources);
 * 2. a fresh extensions folder with the universal vsix installed by code-server's `--install-extension`, a
 *    temporary copy of examples/ as the workspace, code-server and chromium (see session.ts);
 * 3. mocha, in this process; screenshots, failure logs and the page's console (page-console.log)
 *    go to out/test-artifacts/e2e/;
 * 4. chromium and code-server's whole process group ended, temporary folders removed, and a check
 *    that no process the run started is left (a leftover is ended and counts as a failure).
 *
 * Usage: node --import tsx test/e2e/runE2e.ts [text]   (only test files whose path contains text).
 * Each pending test (a step skipped because a step it needs failed) is printed as
 * `suite e2e pending: <title>` and the last line is `suite e2e: N passed, N failed, N pending`
 * (test/run.mjs counts pending steps as failed); the exit code is non-zero when anything failed,
 * the runner included (a runner failure counts as one failed test, with its reason).
 * GAN_WORKBENCH_E2E_TIMEOUT_MS bounds the whole run (default 10 minutes).
 */
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Mocha from 'mocha';
import { requireChromium, requireCodeServer } from '../../scripts/requirements';
import { closeSession, openSession, repoRoot, type E2eSession } from './session';

const artifacts = join(repoRoot, 'out', 'test-artifacts', 'e2e');
const TIMEOUT_MS = Number(process.env.GAN_WORKBENCH_E2E_TIMEOUT_MS) || 10 * 60_000;
/** Per step: each waits on its own conditions with shorter limits; this only catches a hang. */
const STEP_TIMEOUT_MS = 4 * 60_000;

interface Outcome {
  passed: number;
  failed: number;
  /** Full titles of the pending tests. */
  pending: string[];
}

const started = Date.now();
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const log = (line: string) => console.log(`[e2e] ${line}`);
let session: E2eSession | undefined;
let finished = false;

function findTests(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...findTests(full));
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

function runMocha(files: string[]): Promise<Outcome> {
  return new Promise((resolveRun) => {
    const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', timeout: STEP_TIMEOUT_MS, color: false });
    for (const f of files) mocha.addFile(f);
    let passed = 0;
    let failed = 0;
    const pending: string[] = [];
    const runner = mocha.run(() => resolveRun({ passed, failed, pending }));
    runner.on('pass', () => passed++);
    runner.on('fail', () => failed++);
    runner.on('pending', (test) => pending.push(test.fullTitle()));
  });
}

/** Ends what the session started; returns how many failures that adds (leftovers, errors). */
async function teardown(): Promise<number> {
  const current = session;
  session = undefined;
  if (!current) return 0;
  const since = Date.now();
  // The whole run's page console (webviews included), also when every step passed.
  try {
    writeFileSync(join(artifacts, 'page-console.log'), current.consoleLog.join('\n') + '\n');
  } catch {
    // the artifacts folder is best effort
  }
  const { problems, checked } = await closeSession(current);
  for (const p of problems) console.error(`e2e runner: ${p}`);
  log(
    `teardown took ${seconds(since)}: ${checked} processes started (code-server, extension host, trainer, chromium…), ` +
      (problems.length === 0 ? 'none left running' : `${problems.length} problem(s)`),
  );
  return problems.length > 0 ? 1 : 0;
}

function finish({ passed, failed, pending }: Outcome): never {
  finished = true;
  log(`the e2e suite took ${seconds(started)}; screenshots in ${relative(repoRoot, artifacts)}/`);
  for (const title of pending) console.log(`suite e2e pending: ${title}`);
  console.log(`suite e2e: ${passed} passed, ${failed} failed, ${pending.length} pending`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
}

/** Ends the run early (time limit, signal): says why, cleans up, reports one failure. */
async function abort(reason: string): Promise<never> {
  if (finished) process.exit(1);
  finished = true;
  console.error(`e2e runner failed: ${reason}`);
  const guard = setTimeout(() => {
    console.log('suite e2e: 0 passed, 1 failed, 0 pending');
    process.exit(1);
  }, 30_000);
  await teardown().catch(() => 0);
  clearTimeout(guard);
  log(`the e2e suite took ${seconds(started)}`);
  console.log('suite e2e: 0 passed, 1 failed, 0 pending');
  process.exit(1);
}

async function main(): Promise<Outcome> {
  const filter = process.argv.slice(2).find((a) => !a.startsWith('-'));
  const files = findTests(__dirname).filter((f) => !filter || f.includes(filter));
  if (files.length === 0) throw new Error(`no e2e test file${filter ? ` matches "${filter}"` : ''}`);
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });

  let since = Date.now();
  requireCodeServer();
  requireChromium();
  session = await openSession({ artifacts, log });
  log(`setup took ${seconds(since)} (packaging, installing the vsix, code-server, chromium)`);

  since = Date.now();
  const outcome = await runMocha(files);
  log(`the steps took ${seconds(since)}`);
  return { passed: outcome.passed, failed: outcome.failed + (await teardown()), pending: outcome.pending };
}

const limit = setTimeout(() => void abort(`no result within ${Math.round(TIMEOUT_MS / 60_000)} minutes`), TIMEOUT_MS);
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void abort(`stopped by ${signal}`));

main()
  .catch(async (e: unknown) => {
    console.error(`e2e runner failed: ${e instanceof Error ? e.message : String(e)}`);
    const extra = await teardown().catch(() => 1);
    return { passed: 0, failed: 1 + extra, pending: [] };
  })
  .then((outcome) => {
    clearTimeout(limit);
    finish(outcome);
  });
