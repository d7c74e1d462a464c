/**
 * Which samples record a view shows as the user moves along the run's sample steps (the dashboard's
 * samples card and the side view share it): records seen are cached (the newest 64), a step not
 * cached is asked of the host (`requestSamples`) and shown when its answer arrives, live records
 * are shown while the view follows the latest. Image records carry their grid's pixels, so the
 * cache also stays under a size budget for them.
 */
import type { ShownSamples } from '../../../src/shared/protocol';

const CACHE_SIZE = 64;
/** Base64 characters of image grids the cache keeps at most (the newest record always stays). */
const CACHE_GRID_CHARS = 48 * 2 ** 20;
/** How long to wait for the host's answer before asking for another step anyway. */
export const PENDING_TIMEOUT_MS = 3000;

export class SampleNavigator {
  /** The record shown (null: none yet). */
  shown: ShownSamples | null = null;
  /** The step asked of the host, until its record arrives. */
  pending: number | null = null;
  private pendingSince = 0;
  private readonly cache = new Map<number, ShownSamples>();

  constructor(
    private readonly request: (step: number) => void,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** A snapshot arrived: forget the cache, show the newest record. */
  reset(latest: ShownSamples | null): void {
    this.cache.clear();
    this.pending = null;
    if (latest) this.remember(latest);
    this.shown = latest;
  }

  /** A record arrived (live, or asked for); returns whether the record shown changed. */
  received(record: ShownSamples, requested: boolean, follow: boolean): boolean {
    this.remember(record);
    if (requested && record.step === this.pending) {
      this.pending = null;
      this.shown = record;
      return true;
    }
    if (!requested && follow) {
      this.shown = record;
      return true;
    }
    return false;
  }

  /** Shows `steps[index]`: from the cache at once, else asks the host (once per step while waiting). */
  goTo(steps: readonly number[], index: number): void {
    const step = steps[Math.max(0, Math.min(steps.length - 1, index))];
    if (step === undefined) return;
    const cached = this.cache.get(step);
    if (cached) {
      this.pending = null;
      this.shown = cached;
    } else if (this.pending !== step || !this.waiting()) {
      this.pending = step;
      this.pendingSince = this.now();
      this.request(step);
    }
  }

  /** Shows `latest` (follow latest switched on). */
  showLatest(latest: ShownSamples | null): void {
    this.pending = null;
    if (latest) this.remember(latest);
    this.shown = latest;
  }

  /** Whether an answer is awaited (and not yet overdue). */
  waiting(): boolean {
    return this.pending !== null && this.now() - this.pendingSince < PENDING_TIMEOUT_MS;
  }

  cached(step: number): ShownSamples | undefined {
    return this.cache.get(step);
  }

  private remember(record: ShownSamples): void {
    this.cache.delete(record.step);
    this.cache.set(record.step, record);
    let chars = 0;
    for (const r of this.cache.values()) chars += gridChars(r);
    while (this.cache.size > CACHE_SIZE || (chars > CACHE_GRID_CHARS && this.cache.size > 1)) {
      const oldest = this.cache.keys().next().value!;
      chars -= gridChars(this.cache.get(oldest)!);
      this.cache.delete(oldest);
    }
  }
}

/** Size of a record's own grid (the real grid is one shared copy: see RealGridInterner). */
const gridChars = (r: ShownSamples) => r.grids?.fixed?.data.length ?? 0;

/** Index of the step nearest to `step` (-1 when there are none). */
export function nearestStepIndex(steps: readonly number[], step: number): number {
  let best = -1;
  for (let i = 0; i < steps.length; i++) if (best < 0 || Math.abs(steps[i]! - step) < Math.abs(steps[best]! - step)) best = i;
  return best;
}
