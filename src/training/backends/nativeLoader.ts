/**
 * Finds and loads the native backend's package, which registers the `tensorflow` backend: first
 * from the folder the extension installed it into on demand (GAN_WORKBENCH_NATIVE_DIR, npm's
 * prefix: `<dir>/node_modules/@tensorflow/tfjs-node-gpu` or `…/tfjs-node`), then as a dependency
 * beside the trainer. Its tfjs imports resolve to the trainer's copy (sharedTfjs.ts), so it
 * registers into the trainer's engine. libtensorflow cannot be unloaded and the two packages
 * cannot both load in one process: the first one loaded is kept for the process.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NATIVE_BACKEND_DIR_ENV, NATIVE_PACKAGES, type NativeVariant } from '../../shared/backendCheck';
import { withSharedTfjs } from './sharedTfjs';

export interface LoadedNative {
  variant: NativeVariant;
  packageName: string;
  /** Where it was loaded from, in words: "GAN_WORKBENCH_NATIVE_DIR (/x)" or "beside the trainer". */
  from: string;
  version: string | undefined;
}

/** Thrown when the package is in neither place. */
export class NativeNotInstalledError extends Error {}

let loaded: LoadedNative | undefined;

export const loadedNative = (): LoadedNative | undefined => loaded;

const packageVersion = (dir: string): string | undefined => {
  try {
    const version: unknown = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: unknown }).version;
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
};

/** The places to look, in order: the on-demand folder when set, then normal resolution. */
function places(packageName: string, env: NodeJS.ProcessEnv): { from: string; dir: string | undefined; load: () => unknown }[] {
  const list: { from: string; dir: string | undefined; load: () => unknown }[] = [];
  const nativeDir = env[NATIVE_BACKEND_DIR_ENV];
  if (nativeDir) {
    const dir = join(nativeDir, 'node_modules', packageName);
    list.push({ from: `${NATIVE_BACKEND_DIR_ENV} (${nativeDir})`, dir: existsSync(dir) ? dir : undefined, load: () => require(dir) });
  }
  let own: string | undefined;
  try {
    own = require.resolve(`${packageName}/package.json`).replace(/[\\/]package\.json$/, '');
  } catch {
    own = undefined;
  }
  list.push({ from: 'beside the trainer', dir: own, load: () => require(packageName) });
  return list;
}

/**
 * Loads the variant's package (or returns the one this process loaded already: tfjs-node-gpu serves
 * a CPU request too, on libtensorflow's CPU kernels). Throws NativeNotInstalledError when it is
 * nowhere, or the loader's error when it is there but cannot load.
 */
export function loadNative(variant: NativeVariant, env: NodeJS.ProcessEnv = process.env): LoadedNative {
  if (loaded) {
    if (loaded.variant === variant || variant === 'cpu') return loaded;
    throw new Error(`${loaded.packageName} is already loaded in this process; ${NATIVE_PACKAGES[variant]} cannot load beside it`);
  }
  const packageName = NATIVE_PACKAGES[variant];
  const found = places(packageName, env).filter((p) => p.dir !== undefined);
  if (found.length === 0) {
    const where = env[NATIVE_BACKEND_DIR_ENV]
      ? `in ${NATIVE_BACKEND_DIR_ENV} (${env[NATIVE_BACKEND_DIR_ENV]}) and beside the trainer`
      : 'beside the trainer';
    throw new NativeNotInstalledError(`${packageName} is not installed (looked ${where})`);
  }
  const place = found[0]!;
  withSharedTfjs(place.load);
  loaded = { variant, packageName, from: place.from, version: packageVersion(place.dir!) };
  return loaded;
}
