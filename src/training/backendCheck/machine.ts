/**
 * What a backend's speed depends on in the machine: the CPU model and core count, the platform,
 * the NVIDIA GPUs the driver lists, the tfjs version, the node version, and which native packages
 * are installed (and where). A measurement taken elsewhere, or before the native backend was
 * installed, does not apply.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { NATIVE_BACKEND_DIR_ENV, NATIVE_PACKAGES, type NativeVariant } from '../../shared/backendCheck';

export interface MachineShape {
  cpu: string;
  cores: number;
  platform: string;
  gpus: string[];
  tfjs: string;
  node: string;
  /** The native variants installed, each with where it is ("<dir>" or "beside the trainer"). */
  native: string[];
}

/** The NVIDIA GPUs' model names, from the driver's /proc files. */
function nvidiaGpus(): string[] {
  const dir = '/proc/driver/nvidia/gpus';
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((bus) => {
      try {
        return /^Model:\s*(.+)$/m.exec(readFileSync(join(dir, bus, 'information'), 'utf8'))?.[1]?.trim() ?? bus;
      } catch {
        return bus;
      }
    })
    .sort();
}

function installedNative(env: NodeJS.ProcessEnv): string[] {
  const found: string[] = [];
  for (const variant of ['gpu', 'cpu'] as NativeVariant[]) {
    const name = NATIVE_PACKAGES[variant];
    const dir = env[NATIVE_BACKEND_DIR_ENV];
    if (dir && existsSync(join(dir, 'node_modules', name, 'package.json'))) found.push(`${variant}: ${dir}`);
    try {
      require.resolve(`${name}/package.json`);
      found.push(`${variant}: beside the trainer`);
    } catch {
      // not installed there
    }
  }
  return found;
}

export function machineShape(env: NodeJS.ProcessEnv = process.env): MachineShape {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    platform: `${process.platform}-${process.arch}`,
    gpus: nvidiaGpus(),
    tfjs: tf.version.tfjs,
    node: process.versions.node,
    native: installedNative(env),
  };
}
