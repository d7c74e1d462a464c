/** The extension's process launcher as the tests use it: this checkout as the extension, a trusted workspace. */
import { join } from 'node:path';
import { ProcessLauncher, type LauncherDeps } from '../../src/extension/trainingRuns/processLauncher';

export const REPO_ROOT = join(__dirname, '..', '..');

export function testLauncher(overrides: Partial<LauncherDeps> = {}): ProcessLauncher {
  return new ProcessLauncher({
    extensionPath: REPO_ROOT,
    isTrusted: () => true,
    settings: () => ({ nodePath: '', priority: 'normal' }),
    log: () => undefined,
    ...overrides,
  });
}
