/**
 * The integration suite: test/integration/**\/*.test.ts run inside a real VS Code extension host
 * with test/integration/workspace/ open, through @vscode/test-electron's runTests().
 *
 * runTests() is given `vscodeExecutablePath` = test/vscode/codeShim.js, which takes VS Code's
 * command line and runs the suite in code-server + Debian chromium (nothing is downloaded); set
 * VSCODE_EXECUTABLE to a desktop VS Code's executable to run the same suite there instead.
 *
 * Usage: node --import tsx test/vscode/runIntegration.ts [text]   (only test files whose path
 * contains text). Each pending (skipped) test is printed as `suite integration pending: <title>`
 * and the last line is `suite integration: N passed, N failed, N pending`; test/run.mjs counts a
 * pending test as failed unless it is expected. The exit code is non-zero when anything failed, the
 * runner included (a runner failure counts as one failed test).
 */
import { spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { requireChromium, requireCodeServer } from '../../scripts/requirements';

const root = resolve(__dirname, '..', '..');
const workspace = join(root, 'test', 'integration', 'workspace');
const shim = join(__dirname, 'codeShim.js');
const testsIndex = join(root, 'out', 'integration', 'index.js');

interface Results {
  passed: number;
  failed: number;
  pending: number;
  pendingTitles: string[];
  failures: { title: string; error: string }[];
}

function readResults(path: string): Results | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const data: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (
      typeof data === 'object' &&
      data !== null &&
      'passed' in data &&
      'failed' in data &&
      typeof data.passed === 'number' &&
      typeof data.failed === 'number'
    ) {
      const failures = 'failures' in data && Array.isArray(data.failures) ? (data.failures as Results['failures']) : [];
      const pending = 'pending' in data && typeof data.pending === 'number' ? data.pending : 0;
      const pendingTitles = 'pendingTitles' in data && Array.isArray(data.pendingTitles) ? data.pendingTitles.map(String) : [];
      return { passed: data.passed, failed: data.failed, pending, pendingTitles, failures };
    }
  } catch {
    // reported as missing below
  }
  return undefined;
}

function run(command: string, args: string[], what: string): void {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.error) throw new Error(`${what}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status ?? result.signal})`);
}

/**
 * What the suite leaves in the workspace folder and should not stay in the checkout: workspace
 * settings written by `ConfigurationTarget.Workspace` updates (VS Code keeps the file, `{}`, after a
 * setting is reset) and training runs. Removed after the run when they were not there before it.
 */
const WORKSPACE_LEFTOVERS = ['.vscode', 'runs'];

function ensureExecutable(path: string): void {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    chmodSync(path, statSync(path).mode | 0o111); // a checkout without the executable bit
  }
}

interface Outcome {
  passed: number;
  failed: number;
  pending: number;
  pendingTitles: string[];
}

async function main(): Promise<Outcome> {
  const filter = process.argv.slice(2).find((a) => !a.startsWith('-'));
  const started = Date.now();
  run(process.execPath, ['esbuild.mjs'], 'Building the extension (node esbuild.mjs)');
  run(process.execPath, [join('test', 'vscode', 'buildTests.mjs')], 'Building the integration tests');
  const desktop = process.env.VSCODE_EXECUTABLE;
  if (!desktop) {
    // Installed by `npm run setup` (npm test runs it first); checked here, never installed.
    requireCodeServer();
    requireChromium();
    ensureExecutable(shim);
  }

  const before = new Set(readdirSync(workspace));
  const temp = mkdtempSync(join(tmpdir(), 'gan-integration-'));
  // runTests() answers SIGINT itself (it stops the launcher, which ends code-server and chromium);
  // on SIGTERM (e.g. test/run.mjs's time limit, sent to the whole process group) say why and clean up.
  process.once('SIGTERM', () => {
    console.error('integration runner failed: stopped by SIGTERM');
    console.log('suite integration: 0 passed, 1 failed, 0 pending');
    // The launcher, signalled too, is ending code-server, which may still write to the folders here.
    let tries = 0;
    const removeTemp = () => {
      try {
        rmSync(temp, { recursive: true, force: true });
      } catch {
        if (++tries < 25) return void setTimeout(removeTemp, 200);
      }
      process.exit(1);
    };
    removeTemp();
  });
  const resultsFile = join(temp, 'results.json');
  const hostErrorFile = join(temp, 'host-error.txt');
  let runError: string | undefined;
  try {
    try {
      await runTests({
        vscodeExecutablePath: desktop ?? shim,
        extensionDevelopmentPath: root,
        extensionTestsPath: testsIndex,
        launchArgs: [
          workspace,
          `--user-data-dir=${join(temp, 'user-data')}`,
          `--extensions-dir=${join(temp, 'extensions')}`,
          '--disable-extensions',
        ],
        extensionTestsEnv: {
          GAN_WORKBENCH_TEST_RESULTS: resultsFile,
          GAN_WORKBENCH_TEST_HOST_ERROR: hostErrorFile,
          ...(filter ? { GAN_WORKBENCH_TEST_FILTER: filter } : {}),
        },
      });
    } catch (e) {
      runError = e instanceof Error ? e.message : String(e);
    }
    const hostError = existsSync(hostErrorFile) ? readFileSync(hostErrorFile, 'utf8').trim() : undefined;
    const results = readResults(resultsFile);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (!results) {
      console.error(
        `integration runner failed before the suite reported results: ${hostError ?? runError ?? 'no results file was written'}`,
      );
      return { passed: 0, failed: 1, pending: 0, pendingTitles: [] };
    }
    for (const f of results.failures) console.error(`FAILED ${f.title}\n  ${f.error.split('\n')[0]}`);
    let failed = results.failed;
    if (hostError) {
      console.error(`integration runner failed after the suite reported: ${hostError}`);
      failed++;
    } else if (runError && failed === 0) {
      console.error(`VS Code exited with an error although no test failed: ${runError}`);
      failed++;
    }
    console.log(`integration suite took ${seconds} s`);
    return { passed: results.passed, failed, pending: results.pending, pendingTitles: results.pendingTitles };
  } finally {
    rmSync(temp, { recursive: true, force: true });
    for (const name of WORKSPACE_LEFTOVERS) {
      if (!before.has(name)) rmSync(join(workspace, name), { recursive: true, force: true });
    }
  }
}

main()
  .catch((e: unknown) => {
    console.error(`integration runner failed: ${e instanceof Error ? e.message : String(e)}`);
    return { passed: 0, failed: 1, pending: 0, pendingTitles: [] };
  })
  .then(({ passed, failed, pending, pendingTitles }: Outcome) => {
    for (const title of pendingTitles) console.log(`suite integration pending: ${title}`);
    console.log(`suite integration: ${passed} passed, ${failed} failed, ${pending} pending`);
    process.exit(failed > 0 || passed === 0 ? 1 : 0);
  });
