/**
 * The one step of a page (issue 24): the recorded steps of every stepped source merged, the step
 * shown and whether it follows the newest record. The timeline bar moves it; every stepped view
 * reads it (unless unpinned, see StepPin) and the charts draw it as a cursor. Pure: no DOM, the
 * clock of playback is injected.
 */

export type TimelineListener = () => void;

/** The record of `steps` (ascending) shown at `step`: the newest at or before it, else the first. */
export function recordIndexAt(steps: ArrayLike<number>, step: number): number {
  if (steps.length === 0) return -1;
  let lo = 0;
  let hi = steps.length - 1;
  if (step < steps[0]!) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (steps[mid]! <= step) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Sorted union of ascending step lists, without duplicates. */
export function mergeSteps(lists: readonly ArrayLike<number>[]): number[] {
  const all: number[] = [];
  for (const list of lists) for (let i = 0; i < list.length; i++) all.push(list[i]!);
  all.sort((a, b) => a - b);
  const out: number[] = [];
  for (const s of all) if (out.length === 0 || out[out.length - 1] !== s) out.push(s);
  return out;
}

/** Playback speeds offered: recorded steps per second. */
export const PLAY_SPEEDS = [1, 2, 4, 8, 16] as const;

export interface PlayClock {
  every(ms: number, tick: () => void): () => void;
}

const realClock: PlayClock = {
  every(ms, tick) {
    const id = setInterval(tick, ms);
    return () => clearInterval(id);
  },
};

export class Timeline {
  private stepList: number[] = [];
  private chosen: number | null = null;
  private following = true;
  private stopPlay: (() => void) | null = null;
  private speedValue: number = PLAY_SPEEDS[1];
  private readonly listeners = new Set<TimelineListener>();
  private readonly holds = new Set<() => boolean>();

  constructor(private readonly clock: PlayClock = realClock) {}

  /** The recorded steps, ascending. */
  get steps(): readonly number[] {
    return this.stepList;
  }

  /** The step shown (the newest while following; null while nothing is recorded). */
  get step(): number | null {
    if (this.stepList.length === 0) return this.following ? null : this.chosen;
    return this.following ? this.stepList[this.stepList.length - 1]! : this.chosen;
  }

  get follow(): boolean {
    return this.following;
  }

  get playing(): boolean {
    return this.stopPlay !== null;
  }

  get speed(): number {
    return this.speedValue;
  }

  onChange(listener: TimelineListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** While `waiting()` is true playback does not advance (a view waits for the host's record). */
  holdPlayWhile(waiting: () => boolean): void {
    this.holds.add(waiting);
  }

  /** The recorded steps changed (a snapshot, a live record): following moves to the newest. */
  setSteps(steps: readonly number[]): void {
    const next = [...steps];
    const same = next.length === this.stepList.length && next.every((s, i) => s === this.stepList[i]);
    if (same) return;
    this.stepList = next;
    this.emit();
  }

  /** Moves to `step` (snapped to the recorded step at or before it); the newest step follows again. */
  goTo(step: number): void {
    if (!Number.isFinite(step)) return;
    const i = recordIndexAt(this.stepList, step);
    const snapped = i < 0 ? Math.round(step) : this.stepList[i]!;
    this.chosen = snapped;
    this.following = i >= 0 && i === this.stepList.length - 1 && !this.playing;
    this.emit();
  }

  goToIndex(index: number): void {
    const s = this.stepList[Math.max(0, Math.min(this.stepList.length - 1, index))];
    if (s !== undefined) this.goTo(s);
  }

  /** The index of the step shown in `steps` (-1 when none). */
  index(): number {
    const s = this.step;
    return s === null ? -1 : recordIndexAt(this.stepList, s);
  }

  next(): void {
    this.goToIndex(this.index() + 1);
  }

  previous(): void {
    this.goToIndex(Math.max(0, this.index() - 1));
  }

  first(): void {
    this.stop();
    this.goToIndex(0);
  }

  /** The newest step, following from now on. */
  latest(): void {
    this.stop();
    this.setFollow(true);
  }

  setFollow(follow: boolean): void {
    if (follow) this.stop();
    if (!follow && this.following) this.chosen = this.step;
    this.following = follow;
    this.emit();
  }

  setSpeed(stepsPerSecond: number): void {
    this.speedValue = stepsPerSecond;
    if (this.stopPlay) {
      this.stopPlay();
      this.stopPlay = null;
      this.play();
    } else this.emit();
  }

  /** Plays from the step shown (from the first when at the newest), one recorded step per tick, stopping at the newest. */
  play(): void {
    if (this.stopPlay || this.stepList.length < 2) return;
    if (this.index() >= this.stepList.length - 1) this.chosen = this.stepList[0]!;
    else this.chosen = this.step;
    this.following = false;
    this.stopPlay = this.clock.every(1000 / this.speedValue, () => this.tick());
    this.emit();
  }

  stop(): void {
    if (!this.stopPlay) return;
    this.stopPlay();
    this.stopPlay = null;
    this.emit();
  }

  togglePlay(): void {
    if (this.playing) this.stop();
    else this.play();
  }

  private tick(): void {
    for (const waiting of this.holds) if (waiting()) return;
    const i = this.index();
    if (i >= this.stepList.length - 1) return this.stop();
    this.chosen = this.stepList[i + 1]!;
    this.emit();
    if (i + 1 >= this.stepList.length - 1) this.stop();
  }

  /** The chart cursor (StepCursor): the step shown, a click moving to a step, and its changes. */
  cursorStep(): number | null {
    return this.step;
  }

  pickStep(step: number): void {
    this.stop();
    this.goTo(step);
  }

  onCursorMove(listener: TimelineListener): () => void {
    return this.onChange(listener);
  }

  private emit(): void {
    for (const l of [...this.listeners]) l();
  }
}

/**
 * A view's step: the timeline's while pinned (the default), its own while unpinned (kept where it
 * was when unpinned, moved only by the view's own control).
 */
export class StepPin {
  private own: number | null = null;
  private isPinned = true;

  constructor(private readonly timeline: Timeline) {}

  get pinned(): boolean {
    return this.isPinned;
  }

  setPinned(pinned: boolean): void {
    if (!pinned) this.own = this.timeline.step;
    this.isPinned = pinned;
  }

  /** The step the view shows (null: the newest). */
  get step(): number | null {
    return this.isPinned ? this.timeline.step : this.own;
  }

  /** The view moves itself (its heat strip, say): the timeline while pinned, else its own step. */
  goTo(step: number): void {
    if (this.isPinned) this.timeline.goTo(step);
    else this.own = step;
  }
}
