/**
 * `npm run setup`: installs what the test suites and `npm start` need besides npm packages (see
 * scripts/requirements.ts): Debian packages (as root) and code-server in tools/code-server. Fast
 * when everything is there. CI runs it as its own stage; `npm test` runs it first with
 * `--keep-going`; `npm start` calls the same module for itself.
 *
 * Usage: tsx scripts/setup.ts [--for <who>[,<who>…]] [--keep-going]
 *   --for         test (default: every test suite, less those that GAN_WORKBENCH_SKIP_RENDER,
 *                 GAN_WORKBENCH_SKIP_INTEGRATION and GAN_WORKBENCH_SKIP_E2E leave out), start, or
 *                 suite names: unit, process, render, convergence, integration, e2e
 *   --keep-going  what cannot be installed is reported and the exit code stays 0: the tests that
 *                 need it then fail, each saying what is missing (how `npm test` calls it)
 * Exit codes: 0 ready (or --keep-going), 1 something is missing or an install failed, 2 usage.
 */
import { CONSUMERS, setUp, type Consumer } from './requirements';

const SUITE_SKIPS: readonly [Consumer, string][] = [
  ['render', 'GAN_WORKBENCH_SKIP_RENDER'],
  ['integration', 'GAN_WORKBENCH_SKIP_INTEGRATION'],
  ['e2e', 'GAN_WORKBENCH_SKIP_E2E'],
];

function consumersOf(names: string[]): Consumer[] | string {
  const out = new Set<Consumer>();
  for (const name of names) {
    if (name === 'test') {
      for (const c of CONSUMERS) if (c !== 'start' && !SUITE_SKIPS.some(([s, env]) => s === c && process.env[env])) out.add(c);
    } else if ((CONSUMERS as readonly string[]).includes(name)) out.add(name as Consumer);
    else return `unknown --for value "${name}" (expected test, start or one of ${CONSUMERS.filter((c) => c !== 'start').join(', ')})`;
  }
  return [...out];
}

function main(): number {
  const args = process.argv.slice(2);
  let names = ['test'];
  let keepGoing = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--keep-going') keepGoing = true;
    else if (arg === '--for' && args[i + 1]) names = args[++i]!.split(',').filter(Boolean);
    else {
      console.error(`setup: unknown argument "${arg}"\nUsage: tsx scripts/setup.ts [--for test|start|<suite>,…] [--keep-going]`);
      return 2;
    }
  }
  const consumers = consumersOf(names);
  if (typeof consumers === 'string') {
    console.error(`setup: ${consumers}`);
    return 2;
  }
  const started = Date.now();
  let report;
  try {
    report = setUp(consumers, (m) => console.log(`[setup] ${m}`));
  } catch (e) {
    report = { installed: [], problems: [e instanceof Error ? e.message : String(e)] };
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const what = report.installed.length > 0 ? `installed ${report.installed.join(', ')}` : 'nothing to install';
  console.log(`setup (${names.join(', ')}): ${what} in ${seconds} s`);
  if (report.problems.length === 0) return 0;
  for (const p of report.problems) console.error(`setup: ${p}`);
  if (keepGoing) {
    console.error('setup: going on; the tests that need what is missing will fail, naming it');
    return 0;
  }
  return 1;
}

process.exitCode = main();
