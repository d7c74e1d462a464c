/** The run's events (backend choice, hyper-parameter edits, pauses and resumes, MCMC sampling, warnings, checkpoints, status), latest step first. */
import type { RunEvent } from '../../../src/shared/runFormat';
import { emptyText } from '../logic/emptyText';
import { formatClock, formatInteger } from '../logic/format';
import type { RunStore } from '../model/runStore';
import { h, setChildren, setText, show } from '../ui/dom';

const MAX_ROWS = 300;

export class EventsView {
  readonly root: HTMLElement;
  private readonly body = h('tbody');
  private readonly table = h('div', { class: 'gw-events' });
  private readonly empty = h('div', { class: 'gw-empty small' });
  private shownCount = -1;

  constructor(private readonly store: RunStore) {
    this.table.append(
      h(
        'table',
        {},
        h('thead', {}, h('tr', {}, h('th', {}, 'time'), h('th', {}, 'step'), h('th', {}, 'kind'), h('th', {}, 'message'))),
        this.body,
      ),
    );
    this.root = h('div', {}, h('h3', {}, 'Events'), this.table, this.empty);
  }

  render(force = false): void {
    const events = this.store.events;
    show(this.table, events.length > 0);
    show(this.empty, events.length === 0);
    setText(this.empty, emptyText('events', this.store.run, this.store.loaded));
    if (!force && events.length === this.shownCount) return;
    this.shownCount = events.length;
    const rows = [...events]
      .sort((a, b) => b.step - a.step || b.time - a.time)
      .slice(0, MAX_ROWS)
      .map(row);
    setChildren(this.body, ...rows);
  }
}

function row(e: RunEvent): HTMLTableRowElement {
  return h(
    'tr',
    {},
    h('td', { class: 'num' }, formatClock(e.time)),
    h('td', { class: 'num' }, formatInteger(e.step)),
    h('td', { class: `gw-kind ${e.kind}` }, e.kind),
    h('td', { class: 'msg' }, e.message),
  );
}
