/**
 * Checks a fresh install of the native backend the way a run would meet it: `gan-train
 * --check-backends` on a small built-in experiment (a ring of 8 Gaussians, two 32-unit MLPs) with
 * the install's folder in the environment. The trainer starts each backend with its numerical
 * probe, so the native entry says whether the package loaded, what it started on, and how fast it
 * trained, or why it was skipped (a missing CUDA or cuDNN library, say). Pure Node (no `vscode`).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { NATIVE_BACKEND_DIR_ENV, type BackendCheckEntry, type BackendCheckProgress, type NativeVariant } from '../../shared/backendCheck';
import { runBackendCheck } from '../backendCheck/checkProcess';
import type { Launcher } from '../trainingRuns/processLauncher';

/** The experiment the verification times: small enough to take seconds on any backend. */
export const VERIFY_EXPERIMENT = {
  name: 'native-backend-check',
  seed: 1,
  data: { kind: 'ring', modes: 8, radius: 2, std: 0.02 },
  latent: { dim: 2 },
  generator: { kind: 'mlp', hidden: [32, 32] },
  discriminator: { kind: 'mlp', hidden: [32, 32] },
  loss: { kind: 'nonSaturating' },
  schedule: { steps: 100, batchSize: 64 },
} as const;

export type VerifyOutcome =
  /** The native backend started, passed the probe and was timed (`entry.state` is `measured`). */
  | { kind: 'started'; entry: BackendCheckEntry }
  /** It did not start or failed the probe or the timed steps; `entry` says why (absent: the check did not list it). */
  | { kind: 'notStarted'; entry?: BackendCheckEntry }
  | { kind: 'cancelled' }
  /** The check itself gave no result. */
  | { kind: 'failed'; message: string };

/** The check's entry for the native backend of `variant`. */
export function nativeEntry(entries: readonly BackendCheckEntry[], variant: NativeVariant): BackendCheckEntry | undefined {
  const native = entries.filter((e) => e.name === 'tensorflow');
  return native.find((e) => e.variant === variant) ?? native.find((e) => e.variant === undefined);
}

export async function verifyNativeInstall(
  launcher: Launcher,
  installDir: string,
  variant: NativeVariant,
  options: { signal?: AbortSignal; onProgress?: (progress: BackendCheckProgress) => void } = {},
): Promise<VerifyOutcome> {
  const folder = await mkdtemp(path.join(tmpdir(), 'gan-native-check-'));
  try {
    const file = path.join(folder, 'native-backend-check.gan.json');
    await writeFile(file, JSON.stringify(VERIFY_EXPERIMENT, null, 2));
    const outcome = await runBackendCheck(launcher, { file, env: { [NATIVE_BACKEND_DIR_ENV]: installDir }, ...options });
    if (outcome.kind !== 'result') return outcome;
    const entry = nativeEntry(outcome.result.entries, variant);
    if (entry?.state === 'measured') return { kind: 'started', entry };
    return entry ? { kind: 'notStarted', entry } : { kind: 'notStarted' };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
