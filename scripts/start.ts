/**
 * `npm start`: opens the workbench on examples/ with the extension.
 * - Desktop VS Code on the PATH (`code`): launches it with this folder as the extension under
 *   development.
 * - Otherwise: a browser VS Code (code-server in tools/code-server with its own lockfile, installed
 *   on first use by the setup step that `npm run setup` and `npm test` run too, scripts/requirements.ts;
 *   Debian packages installed when run as root), with this platform's package of the extension
 *   installed (Dawn and the WebGPU backend; the universal one on another platform), on
 *   127.0.0.1; prints the URL. Ctrl-C ends every process it started.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startCodeServer } from '../test/vscode/codeServerHost';
import { isTarget, vsixName } from './packageTargets';
import { requireCodeServer, setUp } from './requirements';

const repo = join(__dirname, '..');
const examples = join(repo, 'examples');
const state = join(repo, '.code-server');
// code-server keeps its logs and default files under the XDG folders (~/.local/share, ~/.config):
// point them into .code-server so that npm start writes nothing outside the project.
const codeServerDirs = { XDG_DATA_HOME: join(state, 'data'), XDG_CONFIG_HOME: join(state, 'config') };

function run(command: string, args: string[], what: string, env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(command, args, { cwd: repo, stdio: 'inherit', env });
  if (result.status !== 0) throw new Error(`${what} failed (${command} ${args.join(' ')} exited with ${result.status ?? result.signal})`);
}

function desktopCode(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' });
  const path = found.stdout.trim();
  return found.status === 0 && path ? path : undefined;
}

async function main(): Promise<void> {
  const code = desktopCode();
  if (code) {
    run(process.execPath, [join(repo, 'esbuild.mjs')], 'building the extension');
    spawn(code, [`--extensionDevelopmentPath=${repo}`, examples], { stdio: 'inherit', detached: true }).unref();
    console.log(`Opened VS Code (${code}) on ${examples} with GAN Workbench under development.`);
    return;
  }
  const { problems } = setUp(['start'], (m) => console.log(`[setup] ${m}`));
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const codeServer = requireCodeServer();
  // This platform's package, with Dawn and the WebGPU backend, where there is one; else the universal one.
  const host = `${process.platform}-${process.arch}`;
  const target = isTarget(host) ? host : undefined;
  console.log(`[setup] packaging the extension (npm run package${target ? ` -- --target ${target}` : ''})…`);
  run('npm', ['run', '--silent', 'package', ...(target ? ['--', '--target', target] : [])], 'packaging the extension');
  const extensionsDir = join(state, 'extensions');
  const userDataDir = join(state, 'user-data');
  mkdirSync(extensionsDir, { recursive: true });
  run(
    process.execPath,
    [
      codeServer,
      // Without --config code-server writes a default ~/.config/code-server/config.yaml.
      '--config',
      join(state, 'config.yaml'),
      '--extensions-dir',
      extensionsDir,
      '--user-data-dir',
      userDataDir,
      '--install-extension',
      join(repo, vsixName(target)),
      '--force',
    ],
    'installing the extension into code-server',
    { ...process.env, ...codeServerDirs },
  );
  const server = await startCodeServer({
    workspace: examples,
    userDataDir,
    extensionsDir,
    settings: { 'git.openRepositoryInParentFolders': 'never' },
    env: codeServerDirs,
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping code-server and everything it started…');
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  console.log(`\nGAN Workbench is running in VS Code (code-server) at:\n\n    ${server.url}/?folder=${encodeURIComponent(examples)}\n`);
  console.log('Open it in a browser; open an experiment file and use ▶ Start Training. Press Ctrl-C to stop.');
}

main().catch((e: unknown) => {
  console.error(`npm start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
