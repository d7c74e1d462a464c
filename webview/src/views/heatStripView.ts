/**
 * The heat strip: every histogram record as a column (x: record/step, y: D bin, colour: real and
 * fake intensity), the selected record outlined; a click selects the record under the pointer.
 */
import { withAlpha, toCss } from '../logic/colors';
import { formatInteger, formatValue } from '../logic/format';
import { buildHeatStrip, columnOf, heatStripPixels, type StripRecords } from '../logic/heatStrip';
import { blendTwo } from '../logic/colorMap';
import { font, sizeCanvas } from '../samples/canvas';
import { renderLegend } from '../samples/legend';
import { h } from '../ui/dom';
import type { Theme } from '../ui/theme';

const HEIGHT = 120;
const MARGIN = { left: 34, right: 8, top: 4, bottom: 18 };
const ROWS = 64;

export class HeatStripView {
  readonly root: HTMLElement;
  readonly canvas = h('canvas', { class: 'gw-canvas', role: 'img', 'aria-label': 'heat strip of D histograms over time' });
  private readonly legend = h('div', { class: 'gw-legend' });
  private histograms: StripRecords = { length: 0, at: () => undefined };
  private selected = -1;
  private width = 0;

  constructor(
    private theme: Theme,
    onSelect: (index: number) => void,
  ) {
    this.root = h('div', {}, this.canvas, this.legend);
    this.canvas.style.cursor = 'pointer';
    this.canvas.addEventListener('click', (e) => {
      const n = this.histograms.length;
      const plotWidth = this.width - MARGIN.left - MARGIN.right;
      if (n === 0 || plotWidth <= 0) return;
      const x = e.offsetX - MARGIN.left;
      if (x >= 0 && x <= plotWidth) onSelect(Math.min(n - 1, Math.floor((x / plotWidth) * n)));
    });
    new ResizeObserver(() => {
      if (this.root.clientWidth !== this.width) this.draw();
    }).observe(this.root);
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
  }

  render(histograms: StripRecords, selected: number): void {
    this.histograms = histograms;
    this.selected = selected;
    this.draw();
  }

  private draw(): void {
    this.width = this.root.clientWidth;
    const n = this.histograms.length;
    if (this.width <= 0 || n === 0) return;
    const t = this.theme;
    const ctx = sizeCanvas(this.canvas, this.width, HEIGHT);
    const strip = buildHeatStrip(this.histograms, ROWS);
    const off = document.createElement('canvas');
    off.width = strip.columns;
    off.height = strip.rows;
    off
      .getContext('2d')!
      .putImageData(new ImageData(heatStripPixels(strip, t.background, t.real, t.fake), strip.columns, strip.rows), 0, 0);
    const area = {
      left: MARGIN.left,
      top: MARGIN.top,
      width: this.width - MARGIN.left - MARGIN.right,
      height: HEIGHT - MARGIN.top - MARGIN.bottom,
    };
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(off, area.left, area.top, area.width, area.height);
    ctx.strokeStyle = withAlpha(t.grid, 1);
    ctx.lineWidth = 1;
    ctx.strokeRect(area.left + 0.5, area.top + 0.5, area.width - 1, area.height - 1);
    if (this.selected >= 0) {
      const cw = area.width / strip.columns;
      ctx.strokeStyle = toCss(t.foreground);
      ctx.lineWidth = 1.5;
      const column = columnOf(this.selected, n);
      ctx.strokeRect(area.left + column * cw + 0.75, area.top + 0.75, Math.max(2, cw - 1.5), area.height - 1.5);
    }
    this.canvas.dataset.selectedStep = String(this.histograms.at(this.selected)?.step ?? '');
    ctx.font = font(t, -3);
    ctx.fillStyle = toCss(t.muted);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    const mid = (strip.min + strip.max) / 2;
    for (const [v, y] of [
      [strip.max, area.top + 6],
      [mid, area.top + area.height / 2],
      [strip.min, area.top + area.height - 6],
    ] as const)
      ctx.fillText(formatValue(v), area.left - 5, y);
    ctx.textBaseline = 'top';
    ctx.textAlign = 'left';
    ctx.fillText(`step ${formatInteger(strip.firstStep)}`, area.left, area.top + area.height + 4);
    ctx.textAlign = 'right';
    ctx.fillText(`step ${formatInteger(strip.lastStep)}`, area.left + area.width, area.top + area.height + 4);
    renderLegend(this.legend, [
      { label: 'real', colors: [toCss(blendTwo(t.background, t.real, 1, t.fake, 0))], style: 'band' },
      { label: 'fake', colors: [toCss(blendTwo(t.background, t.real, 0, t.fake, 1))], style: 'band' },
      { label: 'both (overlap)', colors: [toCss(blendTwo(t.background, t.real, 1, t.fake, 1))], style: 'band' },
      { label: 'click a column to select its histogram', colors: [], style: 'band' },
    ]);
  }
}
