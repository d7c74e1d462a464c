/**
 * The page's one step control (issue 24): ◀ ▶ by recorded step, play/pause with its speed, a
 * slider over the recorded steps, a step field, "follow latest", and the keyboard anywhere on the
 * page outside a text field: ←/→ previous/next recorded step, Home/End first/newest, space plays or
 * pauses. It only moves the Timeline; the views redraw from it.
 */
import { formatInteger } from '../logic/format';
import { PLAY_SPEEDS, type Timeline } from '../logic/timeline';
import { button, checkbox, h, setText } from '../ui/dom';

/** Keys the bar takes, and what each does. */
export const TIMELINE_KEYS: Record<string, (t: Timeline) => void> = {
  ArrowLeft: (t) => t.previous(),
  ArrowRight: (t) => t.next(),
  Home: (t) => t.first(),
  End: (t) => t.latest(),
  ' ': (t) => t.togglePlay(),
};

export class TimelineBar {
  readonly root: HTMLElement;
  private readonly slider = h('input', { type: 'range', min: 0, max: 0, step: 1, 'aria-label': 'timeline step' });
  private readonly field = h('input', {
    type: 'number',
    min: 0,
    step: 1,
    class: 'gw-step-field',
    'aria-label': 'go to step',
    title: 'Type a step and press Enter: the views show the record at or before it',
  });
  private readonly label = h('span', { class: 'gw-step-label' });
  private readonly play: HTMLButtonElement;
  private readonly back: HTMLButtonElement;
  private readonly forward: HTMLButtonElement;
  private readonly speed = h('select', { 'aria-label': 'playback speed', title: 'Recorded steps per second while playing' });
  private readonly follow: { root: HTMLLabelElement; input: HTMLInputElement };

  constructor(private readonly timeline: Timeline) {
    this.back = button('◀', () => timeline.previous(), { class: 'secondary small', title: 'Previous recorded step (←)' });
    this.forward = button('▶', () => timeline.next(), { class: 'secondary small', title: 'Next recorded step (→)' });
    this.play = button('▶ Play', () => timeline.togglePlay(), {
      class: 'secondary small gw-play',
      title: 'Play through the recorded steps (space)',
    });
    for (const s of PLAY_SPEEDS) this.speed.append(h('option', { value: s }, `${s}/s`));
    this.speed.value = String(timeline.speed);
    this.speed.addEventListener('change', () => timeline.setSpeed(Number(this.speed.value)));
    this.follow = checkbox(
      'follow latest',
      timeline.follow,
      (checked) => timeline.setFollow(checked),
      'Show the newest record as it arrives (End)',
    );
    this.slider.addEventListener('input', () => {
      timeline.stop();
      timeline.goToIndex(Number(this.slider.value));
    });
    this.field.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      e.preventDefault();
      const value = Number(this.field.value);
      if (this.field.value.trim() !== '' && Number.isFinite(value)) {
        timeline.stop();
        timeline.goTo(value);
      }
    });
    this.root = h(
      'div',
      { class: 'gw-timeline', role: 'toolbar', 'aria-label': 'timeline' },
      h('span', { class: 'gw-timeline-title' }, 'Step'),
      this.back,
      this.play,
      this.forward,
      this.speed,
      this.slider,
      this.field,
      this.label,
      this.follow.root,
    );
    document.addEventListener('keydown', (e) => this.key(e));
    timeline.onChange(() => this.render());
    this.render();
  }

  render(): void {
    const t = this.timeline;
    const steps = t.steps;
    const index = t.index();
    const step = t.step;
    this.slider.max = String(Math.max(0, steps.length - 1));
    this.slider.value = String(Math.max(0, index));
    this.slider.disabled = steps.length < 2;
    if (document.activeElement !== this.field) this.field.value = step === null ? '' : String(step);
    this.root.dataset.step = step === null ? '' : String(step);
    this.root.dataset.follow = String(t.follow);
    setText(
      this.label,
      step === null
        ? 'no records yet'
        : `${formatInteger(index + 1)} of ${formatInteger(steps.length)} records · newest ${formatInteger(steps[steps.length - 1] ?? step)}`,
    );
    setText(this.play, t.playing ? '⏸ Pause' : '▶ Play');
    this.play.disabled = steps.length < 2;
    this.back.disabled = index <= 0;
    this.forward.disabled = index < 0 || index >= steps.length - 1;
    this.follow.input.checked = t.follow;
    this.speed.value = String(t.speed);
  }

  private key(e: KeyboardEvent): void {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    const action = TIMELINE_KEYS[e.key];
    if (!action) return;
    const target = e.target instanceof HTMLElement ? e.target : null;
    // Text fields, lists and buttons keep their own keys (the slider handles ←/→ itself too).
    if (target && target !== document.body && target.matches('input, select, textarea, button, [contenteditable], canvas[tabindex]'))
      return;
    e.preventDefault();
    action(this.timeline);
  }
}
