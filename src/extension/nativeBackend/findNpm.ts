/**
 * Finds npm on this machine before anything is started, so a machine without it (VS Code users
 * often have no Node.js install) gets a message saying what to install rather than a spawn error.
 * It looks beside the configured Node executable (`ganWorkbench.trainerNodePath`) first, then on
 * the PATH. On Windows npm is a `.cmd` script, which cannot be spawned without a shell: npm's own
 * JavaScript entry beside it is run with the `node.exe` of the same folder instead. Pure Node.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import * as path from 'node:path';
import type { NpmCommand } from '../trainingRuns/launchPlan';

export interface NpmSearch {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** The configured Node executable (empty: none). */
  nodePath: string;
}

/** Where to get npm, for the message when there is none. */
export const NODE_DOWNLOAD_URL = 'https://nodejs.org/en/download';

async function isExecutable(file: string, platform: NodeJS.Platform): Promise<boolean> {
  try {
    await access(file, platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The PATH's folders (Windows spells the variable `Path`). */
function pathFolders(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  const key = Object.keys(env).find((k) => (platform === 'win32' ? k.toUpperCase() === 'PATH' : k === 'PATH'));
  const value = key === undefined ? '' : (env[key] ?? '');
  return value.split(platform === 'win32' ? ';' : ':').filter((folder) => folder.trim() !== '');
}

async function npmIn(folder: string, platform: NodeJS.Platform): Promise<NpmCommand | undefined> {
  const { join } = platform === 'win32' ? path.win32 : path.posix;
  if (platform !== 'win32') {
    const npm = join(folder, 'npm');
    return (await isExecutable(npm, platform)) ? { command: npm, args: [] } : undefined;
  }
  const node = join(folder, 'node.exe');
  const cli = join(folder, 'node_modules', 'npm', 'bin', 'npm-cli.js');
  return (await isExecutable(node, platform)) && (await isExecutable(cli, platform)) ? { command: node, args: [cli] } : undefined;
}

/** How to start npm, or undefined when there is none beside the configured Node or on the PATH. */
export async function findNpm(search: NpmSearch): Promise<NpmCommand | undefined> {
  const configured = search.nodePath.trim();
  const { dirname } = search.platform === 'win32' ? path.win32 : path.posix;
  const folders = [...(configured === '' ? [] : [dirname(configured)]), ...pathFolders(search.env, search.platform)];
  for (const folder of folders) {
    const found = await npmIn(folder, search.platform);
    if (found) return found;
  }
  return undefined;
}
