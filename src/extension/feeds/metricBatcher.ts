/**
 * Metric records arrive one per step (thousands a minute on a fast run); a view gets them in
 * batches, at most one message per `delayMs`.
 */
import type { MetricRecord } from '../../shared/runFormat';

export const METRICS_BATCH_MS = 100;

export class MetricBatcher {
  private pending: MetricRecord[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly emit: (records: MetricRecord[]) => void,
    private readonly delayMs = METRICS_BATCH_MS,
  ) {}

  add(records: readonly MetricRecord[]): void {
    if (records.length === 0) return;
    this.pending.push(...records);
    this.timer ??= setTimeout(() => this.flush(), this.delayMs);
  }

  /** Forgets what waits: a snapshot that already holds these records was just sent. */
  discard(): void {
    this.pending = [];
  }

  private flush(): void {
    this.timer = undefined;
    const batch = this.pending.splice(0);
    if (batch.length > 0) this.emit(batch);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
  }
}
