/**
 * The sweep's trials as a table: trial number, each parameter, state, step, then the metrics (the
 * objective first). A click on a column heading sorts by it (again: the other way); the table opens
 * ranked by the objective. The best trial's row is marked; each row opens its trial's dashboard.
 */
import type { SweepTrialView, SweepView } from '../../../src/shared/protocol';
import { formatInteger, formatValue } from '../logic/format';
import {
  columnValue,
  formatParam,
  metricNames,
  rankedSort,
  sameColumn,
  sortTrials,
  type TrialColumn,
  type TrialSort,
} from '../logic/sweepTrials';
import { button, h, setChildren } from '../ui/dom';

const columnLabel = (c: TrialColumn): string =>
  c.kind === 'index' ? '#' : c.kind === 'param' ? c.path : c.kind === 'metric' ? c.name : c.kind;

export class TrialTable {
  readonly root: HTMLElement;
  private readonly table = h('table', { class: 'gw-trials' });
  private sort: TrialSort | null = null;
  private sweep: SweepView | null = null;

  constructor(private readonly openTrial: (index: number) => void) {
    this.root = h('div', { class: 'gw-table-scroll' }, this.table);
  }

  show(sweep: SweepView): void {
    this.sweep = sweep;
    this.sort ??= rankedSort(sweep);
    this.render();
  }

  /** Sorts by `column` (a second click on the same column reverses the order). */
  sortBy(column: TrialColumn): void {
    if (this.sort && sameColumn(this.sort.column, column)) this.sort = { column, descending: !this.sort.descending };
    else this.sort = { column, descending: false };
    this.render();
  }

  private columns(sweep: SweepView): TrialColumn[] {
    return [
      { kind: 'index' },
      ...sweep.parameters.map((path): TrialColumn => ({ kind: 'param', path })),
      { kind: 'state' },
      { kind: 'step' },
      ...metricNames(sweep).map((name): TrialColumn => ({ kind: 'metric', name })),
    ];
  }

  private render(): void {
    const sweep = this.sweep;
    const sort = this.sort;
    if (!sweep || !sort) return;
    const columns = this.columns(sweep);
    const head = h(
      'tr',
      {},
      ...columns.map((c) => {
        const sorted = sameColumn(c, sort.column);
        const objective = c.kind === 'metric' && c.name === sweep.objective.metric;
        const th = h(
          'th',
          {
            class: [c.kind === 'param' || c.kind === 'state' ? 'text' : '', sorted ? 'sorted' : '', objective ? 'objective' : '']
              .filter(Boolean)
              .join(' '),
            'aria-sort': sorted ? (sort.descending ? 'descending' : 'ascending') : undefined,
            'data-column': JSON.stringify(c),
            title: objective
              ? `the objective (${sweep.objective.lowerIsBetter ? 'lower' : 'higher'} is better); click to sort`
              : 'click to sort',
          },
          `${columnLabel(c)}${sorted ? (sort.descending ? ' ▼' : ' ▲') : ''}`,
        );
        th.addEventListener('click', () => this.sortBy(c));
        return th;
      }),
      h('th', { class: 'text' }, ''),
    );
    const rows = sortTrials(sweep.trials, sort).map((t) => this.row(sweep, t, columns));
    setChildren(this.table, h('thead', {}, head), h('tbody', {}, ...rows));
  }

  private row(sweep: SweepView, trial: SweepTrialView, columns: TrialColumn[]): HTMLTableRowElement {
    const best = sweep.best === trial.index;
    const cells = columns.map((c) => {
      switch (c.kind) {
        case 'index':
          return h('td', {}, `${trial.index}${best ? ' ★' : ''}`);
        case 'param':
          return h('td', { class: 'text' }, formatParam(trial.params[c.path]));
        case 'state':
          return h('td', { class: `text state ${trial.state}`, title: trial.error ?? undefined }, trial.state);
        case 'step':
          return h(
            'td',
            {},
            trial.totalSteps > 0 && trial.state !== 'pending' ? `${formatInteger(trial.step)}/${formatInteger(trial.totalSteps)}` : '—',
          );
        case 'metric': {
          const v = columnValue(trial, c);
          return h(
            'td',
            { class: c.name === sweep.objective.metric ? 'objective' : undefined },
            typeof v === 'number' ? formatValue(v) : '—',
          );
        }
      }
    });
    const open = button('Open', () => this.openTrial(trial.index), {
      class: 'secondary small',
      title: trial.runDir ? `Open trial ${trial.index}'s dashboard` : 'This trial has no run directory yet',
    });
    open.disabled = !trial.runDir;
    return h(
      'tr',
      { class: best ? 'best' : undefined, 'data-trial': trial.index, title: best ? 'the best trial by the objective' : undefined },
      ...cells,
      h('td', { class: 'text' }, open),
    );
  }
}
