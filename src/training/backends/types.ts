/** What each backend's starter and the numerical probe report to the selection. */
import type { BackendCheckResult, NativeVariant } from '../../shared/backendCheck';
import type { ConcreteBackend } from '../../shared/runFormat';

export type StartResult =
  | {
      ok: true;
      /** What started, for the run's record (e.g. "WebAssembly with SIMD"). */
      reason: string;
      /** The device it computes on, where there is one worth naming (a WebGPU adapter). */
      device?: string;
      /** Undoes the start when the probe rejects the backend (frees a GPU device). */
      release?: () => void;
    }
  | { ok: false; reason: string };

/**
 * Starts one backend and makes it tfjs's active one; `forced` when the user named it. `variant`
 * picks the native backend's package (auto's candidates); forced without one, it takes either.
 */
export type StartBackend = (forced: boolean, variant?: NativeVariant) => Promise<StartResult>;

export type ProbeResult = { ok: true; maxAbsError: number } | { ok: false; reason: string };

/** Checks the active backend's arithmetic. */
export type NumericalProbe = () => Promise<ProbeResult>;

export interface SelectionDeps {
  start: Record<ConcreteBackend, StartBackend>;
  probe: NumericalProbe;
  /** The Check Backends measurement of this model on this machine, when there is one: auto tries the fastest first. */
  measured?: BackendCheckResult;
}

/** The first line of an error, for a skip reason. */
export const firstLine = (e: unknown): string => (e instanceof Error ? e.message.split('\n')[0]! : String(e));
