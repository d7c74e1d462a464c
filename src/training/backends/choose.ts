/**
 * The backend selection itself, over injected starters and probe (so every skip reason can be
 * tested without the hardware): `auto` walks AUTO_ORDER and takes the first backend that starts
 * and passes the numerical probe; a forced backend that cannot do both is an error, never a
 * silent fallback.
 */
import type { BackendName } from '../../shared/experiment/schema';
import type { BackendChoice, ConcreteBackend } from '../../shared/runFormat';
import type { SelectionDeps, StartResult } from './types';

export const AUTO_ORDER: readonly ConcreteBackend[] = ['tensorflow', 'webgpu', 'wasm', 'cpu'];

export class BackendUnavailableError extends Error {}

type Accepted = { ok: true; reason: string; device?: string };

/** Starts `name` and, except for cpu (the reference), probes it. */
async function tryBackend(name: ConcreteBackend, forced: boolean, deps: SelectionDeps): Promise<Accepted | { ok: false; reason: string }> {
  const started: StartResult = await deps.start[name](forced);
  if (!started.ok || name === 'cpu') return started;
  const probe = await deps.probe();
  if (!probe.ok) {
    started.release?.();
    return { ok: false, reason: `${started.reason}, but ${probe.reason}` };
  }
  return {
    ok: true,
    reason: `${started.reason}; numerical probe against cpu passed (max abs error ${probe.maxAbsError.toExponential(1)})`,
    ...(started.device !== undefined && { device: started.device }),
  };
}

export async function chooseBackend(requested: BackendName, deps: SelectionDeps): Promise<BackendChoice> {
  if (requested !== 'auto') {
    const result = await tryBackend(requested, true, deps);
    if (!result.ok) throw new BackendUnavailableError(`backend "${requested}" cannot start: ${result.reason}`);
    return {
      name: requested,
      requested,
      reason: `requested in the experiment or on the command line; ${result.reason}`,
      skipped: [],
      ...(result.device !== undefined && { device: result.device }),
    };
  }
  const skipped: BackendChoice['skipped'] = [];
  for (const name of AUTO_ORDER) {
    const result = await tryBackend(name, false, deps);
    if (result.ok)
      return {
        name,
        requested,
        reason: `auto: first candidate that started; ${result.reason}`,
        skipped,
        ...(result.device !== undefined && { device: result.device }),
      };
    skipped.push({ name, reason: result.reason });
  }
  throw new BackendUnavailableError(`no backend could start: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}
