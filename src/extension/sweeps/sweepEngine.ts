/**
 * What the editor asks of the sweep engine: start a sweep file (expanded once and submitted, its
 * folder written) and cancel a sweep or one trial. The engine is the `gan-sweep` CLI's own code
 * (src/shared/sweep/), run as a child process of the launcher (ganSweepProcess.ts), so the window
 * holds no executor of its own and every process it starts ends with the window.
 */
export interface StartedSweep {
  /** The sweep folder (the engine wrote its record before this resolves). */
  dir: string;
}

export interface SweepEngine {
  /** Starts the sweep of `file`; rejects with the engine's message (naming the file and the place) when it cannot. */
  start(file: string): Promise<StartedSweep>;
  /** Cancels the sweep in `dir`, or only its trial `trial`: pending trials never start, running ones stop. */
  cancel(dir: string, trial?: number): Promise<void>;
  /** Whether a process of this window still runs (or submits) the sweep in `dir`. */
  runs(dir: string): boolean;
  /** Calls `listener` with what went wrong when a sweep started here ends with an error of its own (not a trial's). */
  onProblem(listener: (message: string) => void): { dispose(): void };
}
