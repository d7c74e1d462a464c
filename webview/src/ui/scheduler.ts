/**
 * Batches redraw requests into one animation frame: many messages per second (10 metric
 * batches, histograms, events) cost one redraw per frame, with every changed topic at once.
 */
export class FrameScheduler<T> {
  private pending = new Set<T>();
  private frame = 0;

  constructor(private readonly draw: (topics: Set<T>) => void) {}

  request(...topics: T[]): void {
    for (const t of topics) this.pending.add(t);
    if (this.frame === 0) this.frame = requestAnimationFrame(() => this.flush());
  }

  private flush(): void {
    this.frame = 0;
    const topics = this.pending;
    this.pending = new Set();
    this.draw(topics);
  }
}
