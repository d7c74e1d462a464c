/**
 * Where the on-demand native backend lives and when it counts as installed. npm installs it into a
 * staging folder beside the final one (installNative.ts); only a complete install is renamed to
 * `<storage>/native`, and it carries a marker file naming what it holds. A folder counts as an
 * install when the marker is there and the package it names is in its node_modules, so a folder
 * that a crash or a cancel left half-written is never handed to a trainer. Pure Node (no `vscode`).
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { NATIVE_PACKAGES, type NativeVariant } from '../../shared/backendCheck';

/** The marker's name, written last into a complete install. */
export const NATIVE_MARKER = 'gan-workbench-native.json';

/** What a complete install holds (its marker file). */
export interface NativeInstall {
  variant: NativeVariant;
  /** The npm package, `@tensorflow/tfjs-node-gpu` or `@tensorflow/tfjs-node`. */
  packageName: string;
  version: string;
  /** When it was installed (ISO 8601). */
  installedAt: string;
}

/** The install folder under the extension's global storage (npm's prefix). */
export function nativeInstallDir(storageDir: string): string {
  return path.join(storageDir, 'native');
}

/** The package's own folder inside an install folder. */
export function nativePackageDir(installDir: string, variant: NativeVariant): string {
  return path.join(installDir, 'node_modules', ...NATIVE_PACKAGES[variant].split('/'));
}

function isNativeInstall(value: unknown): value is NativeInstall {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    (v.variant === 'gpu' || v.variant === 'cpu') &&
    v.packageName === NATIVE_PACKAGES[v.variant] &&
    typeof v.version === 'string' &&
    typeof v.installedAt === 'string'
  );
}

/**
 * The install in `installDir` when it is complete: its marker reads and its package's
 * package.json is there. Synchronous (two small reads): the launcher asks at every start.
 */
export function completeInstall(installDir: string): NativeInstall | undefined {
  let marker: unknown;
  try {
    marker = JSON.parse(readFileSync(path.join(installDir, NATIVE_MARKER), 'utf8'));
  } catch {
    return undefined;
  }
  if (!isNativeInstall(marker)) return undefined;
  return existsSync(path.join(nativePackageDir(installDir, marker.variant), 'package.json')) ? marker : undefined;
}

/** The folder to hand to every process the extension starts: the install folder when it is complete. */
export function nativeBackendDirFor(storageDir: string): string | undefined {
  const dir = nativeInstallDir(storageDir);
  return completeInstall(dir) ? dir : undefined;
}

/** The variant's words for messages. */
export const VARIANT_LABELS: Record<NativeVariant, string> = {
  gpu: 'CUDA GPU',
  cpu: 'multi-threaded CPU',
};
