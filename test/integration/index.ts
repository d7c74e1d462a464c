/**
 * The integration suite's entry inside the VS Code extension host (`extensionTestsPath`): runs
 * every compiled `*.test.js` beside it (test/integration/**\/*.test.ts, bundled by
 * test/vscode/buildTests.mjs) with mocha, resolved from the repository's node_modules.
 *
 * Environment (passed through the launcher to the extension host):
 * - GAN_WORKBENCH_TEST_RESULTS: a file to write `{ passed, failed, pending, pendingTitles, failures }` to.
 * - GAN_WORKBENCH_TEST_FILTER: run only the test files whose source path
 *   (`test/integration/....test.ts`) contains this text.
 * - GAN_WORKBENCH_TEST_LOG_MARK: set by the code-server runner (runInHost.ts), which gets the
 *   extension host's console through the workbench's log; each console line gets this prefix so the
 *   runner can tell it from the workbench's own messages.
 */
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

export interface IntegrationResults {
  passed: number;
  failed: number;
  pending: number;
  /** The full titles of the pending (skipped) tests. */
  pendingTitles: string[];
  failures: { title: string; error: string }[];
}

function findTests(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...findTests(full));
    else if (name.endsWith('.test.js')) out.push(full);
  }
  return out;
}

/** `out/integration/a/b.test.js` → `<repo>/test/integration/a/b.test.ts`, what a filter is matched against. */
function sourcePath(compiled: string): string {
  const source = resolve(__dirname, '..', '..', 'test', 'integration', relative(__dirname, compiled));
  return source.split(sep).join('/').replace(/\.js$/, '.ts');
}

/**
 * The workbench forwards the extension host's console unformatted (`%s%s,  ,title`): hand it one
 * string per call, formatted here, with the runner's mark when there is one.
 */
function formatConsole(): void {
  const mark = process.env.GAN_WORKBENCH_TEST_LOG_MARK ?? '';
  const wrap =
    (write: (message: string) => void) =>
    (...data: unknown[]) =>
      write(mark + format(...data));
  const log = console.log.bind(console);
  Mocha.reporters.Base.consoleLog = wrap(log);
  if (!mark) return;
  console.log = wrap(log);
  console.info = wrap(console.info.bind(console));
  console.warn = wrap(console.warn.bind(console));
  console.error = wrap(console.error.bind(console));
}

export function run(): Promise<void> {
  formatConsole();
  const resultsFile = process.env.GAN_WORKBENCH_TEST_RESULTS;
  const filter = process.env.GAN_WORKBENCH_TEST_FILTER;
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    timeout: Number(process.env.GAN_WORKBENCH_TEST_MOCHA_TIMEOUT_MS) || 60_000,
  });
  const files = findTests(__dirname).filter((f) => !filter || sourcePath(f).includes(filter));
  for (const f of files) mocha.addFile(f);

  const results: IntegrationResults = { passed: 0, failed: 0, pending: 0, pendingTitles: [], failures: [] };
  const write = () => {
    if (resultsFile) writeFileSync(resultsFile, JSON.stringify(results, null, 2) + '\n');
  };
  return new Promise<void>((resolveRun, rejectRun) => {
    try {
      if (files.length === 0) throw new Error(`no integration test file${filter ? ` matches "${filter}"` : ''}`);
      const runner = mocha.run((failures) => {
        write();
        if (failures > 0) rejectRun(new Error(`${failures} integration test(s) failed`));
        else resolveRun();
      });
      runner.on('pass', () => results.passed++);
      runner.on('pending', (test) => {
        results.pending++;
        results.pendingTitles.push(test.fullTitle());
      });
      runner.on('fail', (test, err: unknown) => {
        results.failed++;
        results.failures.push({
          title: test.fullTitle(),
          error: err instanceof Error ? (err.stack ?? err.message) : String(err),
        });
      });
    } catch (e) {
      results.failed++;
      results.failures.push({ title: 'loading the integration tests', error: String(e) });
      write();
      rejectRun(e);
    }
  });
}
