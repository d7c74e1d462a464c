/**
 * The backend selection itself, over injected starters and probe (so every skip reason can be
 * tested without the hardware): `auto` walks AUTO_ORDER — or, with a Check Backends measurement of
 * this model on this machine, the measured backends fastest first — and takes the first that
 * starts and passes the numerical probe; a forced backend that cannot do both is an error, never a
 * silent fallback.
 */
import type { BackendName } from '../../shared/experiment/schema';
import type { BackendChoice } from '../../shared/runFormat';
import { AUTO_ORDER, type Candidate } from './candidates';
import { measuredOrder, measuredReason } from './measuredOrder';
import type { SelectionDeps, StartResult } from './types';

export { AUTO_ORDER };

export class BackendUnavailableError extends Error {}

type Accepted = { ok: true; reason: string; device?: string };

/** Starts the candidate and, except for cpu (the reference), probes it. */
async function tryBackend(
  { name, variant }: Candidate,
  forced: boolean,
  deps: SelectionDeps,
): Promise<Accepted | { ok: false; reason: string }> {
  const started: StartResult = await deps.start[name](forced, variant);
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
    const result = await tryBackend({ name: requested }, true, deps);
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
  const order = deps.measured ? measuredOrder(deps.measured) : AUTO_ORDER;
  for (const candidate of order) {
    const result = await tryBackend(candidate, false, deps);
    if (result.ok)
      return {
        name: candidate.name,
        requested,
        reason: `${deps.measured ? measuredReason(deps.measured, candidate) : 'auto: first candidate that started'}; ${result.reason}`,
        skipped,
        ...(result.device !== undefined && { device: result.device }),
      };
    skipped.push({ name: candidate.name, reason: result.reason });
  }
  throw new BackendUnavailableError(`no backend could start: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}
