/**
 * Makes code-server (VS Code 1.100.3 served to a browser) and Debian's chromium available to the
 * integration and end-to-end tests, installing what is missing on first use.
 *
 * - apt packages: `chromium` (the browser that shows the workbench), and for the install only
 *   `libkrb5-dev` (code-server's `kerberos` dependency builds from source) and `ripgrep` (see
 *   below). As root, missing ones are installed (`apt-get update` once, then `apt-get install -y`);
 *   otherwise the error names the command to run.
 * - code-server lives in tools/code-server with its own package.json and lockfile, installed with
 *   `npm ci` there. Its install needs `unsafe-perm` (its postinstall refuses root otherwise), `yes`
 *   (node-pty's postinstall runs `npx node-gyp`) and a cached ripgrep archive, because
 *   `@vscode/ripgrep` would otherwise download rg from GitHub: it takes
 *   `${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz`
 *   when present, and a tar.gz of Debian's /usr/bin/rg works.
 * - A marker holding the lockfile's hash, written after a successful install, makes later calls
 *   return at once.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';
export const CHROMIUM_PATH = '/usr/bin/chromium';

const repoRoot = resolve(__dirname, '..', '..');
export const codeServerDir = join(repoRoot, 'tools', 'code-server');
const packageDir = join(codeServerDir, 'node_modules', 'code-server');
/** code-server's CLI entry (what its `bin` points to); run it with the current `node`. */
export const codeServerEntry = join(packageDir, 'out', 'node', 'entry.js');
const markerPath = join(codeServerDir, 'node_modules', '.gan-workbench-install.json');

const RIPGREP_CACHE_DIR = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_ARCHIVE = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

/** Debian package → why it is needed; `installOnly` ones matter only while code-server installs. */
const APT_PACKAGES: readonly { name: string; installOnly: boolean }[] = [
  { name: 'chromium', installOnly: false },
  { name: 'libkrb5-dev', installOnly: true },
  { name: 'ripgrep', installOnly: true },
];

export interface EnsureOptions {
  /** Progress messages (default: stderr). */
  log?: (message: string) => void;
}

export interface CodeServerInstall {
  /** The JS entry of code-server's CLI. */
  entry: string;
  /** The chromium executable. */
  chromium: string;
  /** Whether this call installed code-server (false: it was already there). */
  installed: boolean;
}

let aptUpdated = false;

/** Ensures the apt packages and code-server are installed; throws with a clear reason otherwise. */
export function ensureCodeServer(options: EnsureOptions = {}): CodeServerInstall {
  const log = options.log ?? ((m: string) => process.stderr.write(`[code-server] ${m}\n`));
  if (process.platform !== 'linux') {
    throw new Error(
      `The code-server test host is set up for Debian Linux only (this is ${process.platform}). ` +
        'Run the integration suite with a desktop VS Code instead: set VSCODE_EXECUTABLE to its path.',
    );
  }
  const lockHash = hashFile(join(codeServerDir, 'package-lock.json'));
  const ready = (): CodeServerInstall => {
    if (!existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing although the chromium package is installed.`);
    return { entry: codeServerEntry, chromium: CHROMIUM_PATH, installed: false };
  };
  const runtimePackages = APT_PACKAGES.filter((p) => !p.installOnly).map((p) => p.name);
  if (isInstalled(lockHash) && missingAptPackages(runtimePackages).length === 0) return ready();

  // One install at a time (two suites started together on a fresh machine): the second waits, then
  // finds the work done.
  return withInstallLock(log, () => {
    const upToDate = isInstalled(lockHash);
    ensureAptPackages(upToDate ? runtimePackages : APT_PACKAGES.map((p) => p.name), log);
    if (!upToDate) install(lockHash, log);
    return { ...ready(), installed: !upToDate };
  });
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
    throw new Error(
      `dpkg-query is not available (${query.error.message}): the code-server test host needs Debian's ` + `packages ${names.join(', ')}.`,
    );
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

function ensureAptPackages(names: readonly string[], log: (m: string) => void): void {
  const missing = missingAptPackages(names);
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    throw new Error(
      `Debian packages needed by the VS Code integration tests are missing: ${missing.join(', ')}.\n` +
        `Install them with: sudo sh -c '${command}'`,
    );
  }
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
