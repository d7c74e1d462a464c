/**
 * What the test suites and `npm start` need besides npm packages, and the one place that installs
 * it: `npm run setup` (scripts/setup.ts), which CI runs as its own stage, `npm test` runs first and
 * `npm start` runs for itself. Tests never install: they call the require… checks below, which fail
 * with the command that would install what is missing.
 *
 * - Debian packages: `chromium` (the browser of the render, integration and end-to-end suites),
 *   Mesa's EGL and llvmpipe (`libegl-dev`, `libegl-mesa0`, `libgl1-mesa-dri`: the process suite's
 *   webgpu test runs on that software adapter), Slurm and munge (`slurm-wlm`, `slurmctld`, `slurmd`,
 *   `munge`: the process suite's sweep tests start a single-node cluster), and for code-server's install only `libkrb5-dev`
 *   (its `kerberos` dependency builds from source) and `ripgrep` (see below). As root, missing ones
 *   are installed (`apt-get update`, then one `apt-get install -y`); otherwise the report names the
 *   command to run.
 * - code-server (VS Code 1.100.3 served to a browser: the integration and end-to-end suites'
 *   editor, and `npm start`'s without a desktop VS Code) lives in tools/code-server with its own
 *   package.json and lockfile, installed with `npm ci` there. Its install needs `unsafe-perm` (its
 *   postinstall refuses root otherwise), `yes` (node-pty's postinstall runs `npx node-gyp`) and a
 *   cached ripgrep archive, because `@vscode/ripgrep` would otherwise download rg from GitHub: it
 *   takes `${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz`
 *   when present, and a tar.gz of Debian's /usr/bin/rg works.
 * - A marker holding the lockfile's hash, written after a successful install, tells later calls that
 *   code-server is there.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';
export const CHROMIUM_PATH = '/usr/bin/chromium';

const repoRoot = resolve(__dirname, '..');
export const codeServerDir = join(repoRoot, 'tools', 'code-server');
const packageDir = join(codeServerDir, 'node_modules', 'code-server');
/** code-server's CLI entry (what its `bin` points to); run it with the current `node`. */
export const codeServerEntry = join(packageDir, 'out', 'node', 'entry.js');
const markerPath = join(codeServerDir, 'node_modules', '.gan-workbench-install.json');

const RIPGREP_CACHE_DIR = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_ARCHIVE = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

/** Who needs something: a test suite (test/<name>/) or `npm start`. */
export type Consumer = 'unit' | 'process' | 'render' | 'convergence' | 'integration' | 'e2e' | 'start';
export const CONSUMERS: readonly Consumer[] = ['unit', 'process', 'render', 'convergence', 'integration', 'e2e', 'start'];

/** The Debian packages, each with why and for whom; `forCodeServerInstall` ones matter only while code-server installs. */
const APT_PACKAGES: readonly { name: string; why: string; for: readonly Consumer[]; forCodeServerInstall?: true }[] = [
  { name: 'chromium', why: 'the headless browser', for: ['render', 'integration', 'e2e'] },
  { name: 'libegl-dev', why: 'libEGL.so, which Dawn opens for its OpenGL ES backend', for: ['process', 'e2e'] },
  { name: 'libegl-mesa0', why: "Mesa's EGL", for: ['process', 'e2e'] },
  { name: 'libgl1-mesa-dri', why: "Mesa's llvmpipe, the software adapter", for: ['process', 'e2e'] },
  { name: 'slurm-wlm', why: 'Slurm, the cluster the sweep tests bring up on this machine', for: ['process'] },
  { name: 'slurmctld', why: "Slurm's controller", for: ['process'] },
  { name: 'slurmd', why: "Slurm's node daemon", for: ['process'] },
  { name: 'munge', why: "Slurm's authentication daemon", for: ['process'] },
  { name: 'libkrb5-dev', why: "code-server's kerberos dependency builds from source", for: [], forCodeServerInstall: true },
  { name: 'ripgrep', why: "code-server's @vscode/ripgrep takes Debian's rg instead of a download", for: [], forCodeServerInstall: true },
];
/** Who needs code-server. */
const CODE_SERVER_FOR: readonly Consumer[] = ['integration', 'e2e', 'start'];

/** Mesa's EGL and llvmpipe: the webgpu test's software adapter. */
export const SOFTWARE_WEBGPU_PACKAGES = ['libegl-dev', 'libegl-mesa0', 'libgl1-mesa-dri'];
/** Slurm (22.05 on Debian 12) and munge: the single-node cluster of the sweep tests (test/helpers/slurmCluster.ts). */
export const SLURM_PACKAGES = ['slurm-wlm', 'slurmctld', 'slurmd', 'munge'];

const SETUP_HINT = 'run `npm run setup` (as root it installs what is missing)';

export interface SetupReport {
  /** What this call installed (Debian packages, code-server). */
  installed: string[];
  /** What is missing and could not be installed, each with the command to run. */
  problems: string[];
}

let aptUpdated = false;

/**
 * Installs what `consumers` need and is missing (Debian packages as root, code-server), and reports
 * what it installed and what is still missing. Throws only on a broken environment (no lockfile).
 */
export function setUp(consumers: readonly Consumer[], log: (message: string) => void): SetupReport {
  const report: SetupReport = { installed: [], problems: [] };
  const wanted = (c: readonly Consumer[]) => c.some((x) => consumers.includes(x));
  const needsCodeServer = wanted(CODE_SERVER_FOR);
  if (process.platform !== 'linux') {
    if (needsCodeServer || APT_PACKAGES.some((p) => wanted(p.for)))
      report.problems.push(
        `the Debian packages and code-server are set up on Debian Linux only (this is ${process.platform}); ` +
          'run the integration suite with a desktop VS Code instead: set VSCODE_EXECUTABLE to its path',
      );
    return report;
  }
  const lockHash = needsCodeServer ? hashFile(join(codeServerDir, 'package-lock.json')) : '';
  const codeServerMissing = needsCodeServer && !isInstalled(lockHash);
  const packages = APT_PACKAGES.filter((p) => wanted(p.for) || (codeServerMissing && p.forCodeServerInstall)).map((p) => p.name);
  const missing = missingAptPackages(packages);
  const plan = [
    ...(missing.length > 0 && canInstallAptPackages()
      ? [`Debian packages ${missing.join(', ')} (apt-get update, then apt-get install)`]
      : []),
    ...(codeServerMissing ? [`code-server ${CODE_SERVER_VERSION} into ${codeServerDir} (npm ci, about a minute)`] : []),
  ];
  if (plan.length > 0) log(`about to install: ${plan.join('; ')}`);
  if (missing.length > 0) {
    if (!canInstallAptPackages()) {
      report.problems.push(`Debian packages are missing: ${missing.join(', ')}; install them with: sudo sh -c '${aptCommand(missing)}'`);
    } else {
      installAptPackages(missing, log);
      report.installed.push(...missing);
    }
  }
  if (codeServerMissing) {
    const lacking = missingAptPackages(APT_PACKAGES.filter((p) => p.forCodeServerInstall).map((p) => p.name));
    if (lacking.length > 0) {
      report.problems.push(`code-server (tools/code-server) cannot be installed without ${lacking.join(', ')}`);
    } else {
      // One install at a time (two setups started together on a fresh machine): the second waits,
      // then finds the work done.
      withInstallLock(log, () => {
        if (isInstalled(lockHash)) return;
        install(lockHash, log);
        report.installed.push(`code-server ${CODE_SERVER_VERSION}`);
      });
    }
  }
  return report;
}

/** The chromium executable; throws, naming the setup step, when it is missing. */
export function requireChromium(): string {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  throw new Error(`Debian's chromium (${CHROMIUM_PATH}) is missing: ${SETUP_HINT}, or: sudo sh -c '${aptCommand(['chromium'])}'`);
}

/** Checks that Mesa's EGL and llvmpipe are installed (the webgpu test's adapter); throws, naming the setup step, otherwise. */
export function requireSoftwareWebgpu(): void {
  const missing = missingAptPackages(SOFTWARE_WEBGPU_PACKAGES);
  if (missing.length > 0)
    throw new Error(
      `The webgpu test needs Mesa's EGL and llvmpipe; missing: ${missing.join(', ')}: ${SETUP_HINT}, or: sudo sh -c '${aptCommand(missing)}'`,
    );
}

/** Checks that Slurm and munge are installed (the sweep tests' cluster); throws, naming the setup step, otherwise. */
export function requireSlurm(): void {
  const missing = missingAptPackages(SLURM_PACKAGES);
  if (missing.length > 0)
    throw new Error(`The Slurm sweep tests need ${missing.join(', ')}: ${SETUP_HINT}, or: sudo sh -c '${aptCommand(missing)}'`);
}

/** code-server's CLI entry; throws, naming the setup step, when tools/code-server is not installed from its current lockfile. */
export function requireCodeServer(): string {
  if (isInstalled(hashFile(join(codeServerDir, 'package-lock.json')))) return codeServerEntry;
  throw new Error(`code-server ${CODE_SERVER_VERSION} is not installed in ${codeServerDir} (or its lockfile changed since): ${SETUP_HINT}`);
}

function aptCommand(packages: readonly string[]): string {
  return `apt-get update && apt-get install -y ${packages.join(' ')}`;
}

function canInstallAptPackages(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0 && spawnSync('apt-get', ['--version']).status === 0;
}

function install(lockHash: string, log: (m: string) => void): void {
  ensureRipgrepCache(log);
  log(`installing code-server ${CODE_SERVER_VERSION} in ${codeServerDir} (npm ci, about a minute)`);
  const started = Date.now();
  rmSync(markerPath, { force: true });
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: codeServerDir,
    env: { ...process.env, npm_config_unsafe_perm: 'true', npm_config_yes: 'true' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) {
    throw new Error(`Could not run npm ci in ${codeServerDir}: ${result.error.message}`);
  }
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
    throw new Error(
      `npm ci in ${codeServerDir} failed (exit ${result.status ?? result.signal}). Last output:\n` +
        tail(output, 60) +
        '\nTo retry by hand: cd tools/code-server && npm_config_unsafe_perm=true npm_config_yes=true npm ci',
    );
  }
  const missing = [codeServerEntry, ripgrepBinary()].filter((f) => !existsSync(f));
  if (missing.length > 0) {
    throw new Error(`npm ci in ${codeServerDir} succeeded but these files are missing: ${missing.join(', ')}`);
  }
  const version = installedVersion();
  if (version !== CODE_SERVER_VERSION) {
    throw new Error(`tools/code-server installed code-server ${version ?? '(none)'}, expected ${CODE_SERVER_VERSION}.`);
  }
  writeFileSync(markerPath, JSON.stringify({ version, lockHash }) + '\n');
  log(`code-server ${version} installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

const INSTALL_LOCK_WAIT_MS = 10 * 60_000;

/** Runs `fn` holding a lock folder in the temp folder; a lock whose owner process is gone is taken over. */
function withInstallLock<T>(log: (m: string) => void, fn: () => T): T {
  const id = createHash('sha256').update(codeServerDir).digest('hex').slice(0, 12);
  const lock = join(tmpdir(), `gan-workbench-code-server-install-${id}.lock`);
  const deadline = Date.now() + INSTALL_LOCK_WAIT_MS;
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new Error(`Could not create the install lock ${lock}: ${String(e)}`);
    }
    const owner = Number(readFileSafe(join(lock, 'pid')));
    if (owner > 0 && !processAlive(owner)) {
      rmSync(lock, { recursive: true, force: true }); // its owner died mid-install
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`Waited ${INSTALL_LOCK_WAIT_MS / 60_000} min for another code-server install (lock ${lock}, pid ${owner}).`);
    }
    if (!announced) log(`waiting for another code-server install to finish (pid ${owner || '?'})`);
    announced = true;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500); // a synchronous sleep
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function isInstalled(lockHash: string): boolean {
  if (!existsSync(markerPath) || !existsSync(codeServerEntry) || !existsSync(ripgrepBinary())) return false;
  try {
    const marker: unknown = JSON.parse(readFileSync(markerPath, 'utf8'));
    return (
      typeof marker === 'object' &&
      marker !== null &&
      'lockHash' in marker &&
      marker.lockHash === lockHash &&
      installedVersion() === CODE_SERVER_VERSION
    );
  } catch {
    return false;
  }
}

function installedVersion(): string | undefined {
  try {
    const pkg: unknown = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
    if (typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string') {
      return pkg.version;
    }
  } catch {
    // not installed
  }
  return undefined;
}

function ripgrepBinary(): string {
  return join(packageDir, 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
}

function hashFile(path: string): string {
  if (!existsSync(path)) throw new Error(`${path} is missing: tools/code-server must keep its lockfile.`);
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Debian packages among `names` that are not installed. */
function missingAptPackages(names: readonly string[]): string[] {
  if (names.length === 0) return [];
  const query = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Status}\\n', ...names], {
    encoding: 'utf8',
  });
  if (query.error) {
    throw new Error(`dpkg-query is not available (${query.error.message}): the tests need Debian's packages ${names.join(', ')}.`);
  }
  const installed = new Set(
    (query.stdout ?? '')
      .split('\n')
      .map((l) => l.trim().split(' '))
      .filter(([, status]) => status === 'installed')
      .map(([name]) => name),
  );
  return names.filter((n) => !installed.has(n));
}

function installAptPackages(missing: readonly string[], log: (m: string) => void): void {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    log('apt-get update');
    runOrThrow('apt-get', ['update'], env, `Installing ${missing.join(', ')} failed at apt-get update`);
    aptUpdated = true;
  }
  log(`apt-get install -y ${missing.join(' ')}`);
  runOrThrow('apt-get', ['install', '-y', ...missing], env, `apt-get install -y ${missing.join(' ')} failed`);
  const still = missingAptPackages(missing);
  if (still.length > 0) throw new Error(`apt-get install reported success but ${still.join(', ')} is not installed.`);
}

function runOrThrow(command: string, args: string[], env: NodeJS.ProcessEnv, what: string): void {
  const result = spawnSync(command, args, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`${what}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${what} (exit ${result.status ?? result.signal}):\n${tail(`${result.stdout ?? ''}${result.stderr ?? ''}`, 30)}`);
  }
}

/** Puts a tar.gz of Debian's rg where @vscode/ripgrep's postinstall looks before downloading. */
function ensureRipgrepCache(log: (m: string) => void): void {
  const dir = join(tmpdir(), RIPGREP_CACHE_DIR);
  const archive = join(dir, RIPGREP_ARCHIVE);
  if (existsSync(archive)) return;
  const rg = '/usr/bin/rg';
  if (!existsSync(rg)) throw new Error(`${rg} is missing although the ripgrep package is installed.`);
  log(`packing ${rg} as ${archive}`);
  mkdirSync(dir, { recursive: true });
  const staging = mkdtempSync(join(tmpdir(), 'rg-archive-'));
  try {
    copyFileSync(rg, join(staging, 'rg'));
    const partial = join(staging, RIPGREP_ARCHIVE);
    runOrThrow('tar', ['-czf', partial, '-C', staging, 'rg'], process.env, `Packing ${rg} into ${archive} failed`);
    renameSync(partial, archive);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
