/**
 * A status line at the bottom of the view for exports: progress while a GIF is made, then the
 * host's answer (`exportDone`). Announced politely to screen readers; errors stay until closed,
 * other messages fade after a few seconds. An optional action button (Cancel) sits beside the text.
 */
import { button, h, setText, show } from './dom';

export type ToastKind = 'info' | 'progress' | 'error';

const HIDE_AFTER_MS = 6000;

export class Toast {
  readonly root: HTMLElement;
  private readonly text = h('span', { class: 'gw-toast-text' });
  private readonly action: HTMLButtonElement;
  private readonly close: HTMLButtonElement;
  private onAction: (() => void) | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    this.action = button('', () => this.onAction?.(), { class: 'secondary small' });
    this.close = button('×', () => this.hide(), { class: 'gw-icon', title: 'Dismiss', 'aria-label': 'Dismiss' });
    this.root = h('div', { class: 'gw-toast', role: 'status', 'aria-live': 'polite' }, this.text, this.action, this.close);
    this.root.hidden = true;
  }

  /** Shows `text`; progress and error messages stay, info fades. */
  show(text: string, kind: ToastKind = 'info', action?: { label: string; run: () => void }): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    setText(this.text, text);
    this.root.className = `gw-toast ${kind}`;
    this.root.hidden = false;
    this.onAction = action?.run ?? null;
    setText(this.action, action?.label ?? '');
    show(this.action, !!action);
    if (kind === 'info') this.timer = setTimeout(() => this.hide(), HIDE_AFTER_MS);
  }

  hide(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.root.hidden = true;
    this.onAction = null;
  }

  get message(): string {
    return this.root.hidden ? '' : (this.text.textContent ?? '');
  }
}
