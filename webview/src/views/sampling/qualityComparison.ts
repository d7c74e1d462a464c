/**
 * Quality of G(z₀) against G(z_T): the shares as before/after bars (chart.js) and every metric in a
 * table with the change marked better or worse.
 */
import { Chart, type ChartOptions } from 'chart.js';
import type { SamplingRecord } from '../../../../src/shared/runFormat';
import { toCss, withAlpha } from '../../logic/colors';
import { compareQuality, type QualityComparison } from '../../logic/samplingQuality';
import { h, setChildren, show } from '../../ui/dom';
import type { Theme } from '../../ui/theme';
import { axisTheme, tooltipTheme } from '../../charts/chartTheme';

const MARKS: Record<QualityComparison['change'], string> = { better: '▲ better', worse: '▼ worse', same: '= same', neutral: '' };

export class QualityComparisonView {
  readonly root: HTMLElement;
  readonly canvas = h('canvas', { role: 'img', 'aria-label': 'quality before and after sampling' });
  private readonly box = h('div', { class: 'gw-chart short' }, this.canvas);
  private readonly table = h('table', { class: 'gw-sampling-table' });
  private readonly empty = h('div', { class: 'gw-empty small' });
  private readonly chart: Chart<'bar', number[], string>;

  constructor() {
    this.root = h('div', {}, this.box, this.table, this.empty);
    this.chart = new Chart(this.canvas, { type: 'bar', data: { labels: [], datasets: [] } });
  }

  show(record: SamplingRecord, theme: Theme): void {
    const rows = record.quality ? compareQuality(record.quality.before, record.quality.after) : [];
    show(this.empty, rows.length === 0);
    show(this.table, rows.length > 0);
    this.empty.textContent = record.quality
      ? 'This data kind has no quality metrics.'
      : `No quality metrics: ${record.notes.find((n) => n.includes('real data')) ?? 'the real data could not be loaded'}`;
    const bars = rows.filter((r) => r.share);
    show(this.box, bars.length > 0);
    this.chart.data = {
      labels: bars.map((r) => r.label),
      datasets: [
        { label: 'before', data: bars.map((r) => r.before), backgroundColor: withAlpha(theme.muted, 0.55) },
        { label: 'after', data: bars.map((r) => r.after), backgroundColor: toCss(theme.fake) },
      ],
    };
    this.chart.options = this.options(theme);
    this.chart.update('none');
    setChildren(
      this.table,
      h('thead', {}, h('tr', {}, h('th', {}, 'metric'), h('th', {}, 'before'), h('th', {}, 'after'), h('th', {}, ''))),
      h(
        'tbody',
        {},
        ...rows.map((r) =>
          h(
            'tr',
            {},
            h('td', {}, r.label),
            h('td', { class: 'num' }, r.beforeText),
            h('td', { class: 'num' }, r.afterText),
            h('td', { class: `gw-change ${r.change}` }, MARKS[r.change]),
          ),
        ),
      ),
    );
  }

  private options(theme: Theme): ChartOptions<'bar'> {
    const { muted, grid, font } = axisTheme(theme);
    return {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: 'y',
      scales: {
        x: { type: 'linear', min: 0, max: 1, ticks: { color: muted, font, format: { style: 'percent' } }, grid: { color: grid } },
        y: { type: 'category', ticks: { color: toCss(theme.foreground), font }, grid: { display: false } },
      },
      plugins: {
        legend: { position: 'top', align: 'start', labels: { color: toCss(theme.foreground), font, boxHeight: 8 } },
        tooltip: {
          ...tooltipTheme(theme),
          callbacks: { label: (item) => `${item.dataset.label}: ${(Number(item.parsed.x) * 100).toFixed(1)}%` },
        },
      },
    };
  }
}
