/** A titled section of the dashboard: heading row (title and tools) and a body. */
import { h } from './dom';

export interface Card {
  root: HTMLElement;
  head: HTMLElement;
  body: HTMLElement;
}

export function card(title: string, options: { wide?: boolean } = {}): Card {
  const head = h('div', { class: 'gw-card-head' }, h('h2', {}, title));
  const body = h('div');
  const root = h('section', { class: `gw-card${options.wide ? ' gw-wide' : ''}`, 'aria-label': title }, head, body);
  return { root, head, body };
}
