/**
 * One frame of the samples GIF: a fixed-size picture (480 × 480) on the theme's background with a
 * caption (experiment, step), the samples drawn by the dashboard's own renderer, and its legend
 * drawn underneath (the views show legends as HTML, which a GIF cannot carry).
 */
import type { Experiment } from '../../../src/shared/experiment/schema';
import type { ShownSamples } from '../../../src/shared/protocol';
import { toCss, withAlpha } from '../logic/colors';
import { formatInteger } from '../logic/format';
import { font } from '../samples/canvas';
import { renderSamples } from '../samples/renderSamples';
import type { LegendEntry } from '../samples/types';
import type { Theme } from '../ui/theme';

export const GIF_SIZE = 480;
const PAD = 8;
const CAPTION = 24;
const LEGEND_ROW = 16;

export interface FrameContext {
  theme: Theme;
  config: Experiment | null;
  showGradients: boolean;
  /** Caption before the step, e.g. the experiment and run id. */
  title: string;
  /** The run's last sample step (the caption says "step s / last"). */
  lastStep: number;
}

/** Draws `record` into `target` (resized to GIF_SIZE × GIF_SIZE at one pixel per CSS pixel). */
export function renderGifFrame(target: HTMLCanvasElement, record: ShownSamples, c: FrameContext): void {
  const t = c.theme;
  target.width = GIF_SIZE;
  target.height = GIF_SIZE;
  const ctx = target.getContext('2d', { willReadFrequently: true })!;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = toCss({ ...t.background, a: 1 });
  ctx.fillRect(0, 0, GIF_SIZE, GIF_SIZE);

  // Caption: the title on the left, the step on the right (bold, it is what changes).
  ctx.textBaseline = 'middle';
  ctx.font = `600 ${Math.max(12, t.fontSize)}px ${t.fontFamily}`;
  ctx.fillStyle = toCss(t.foreground);
  ctx.textAlign = 'right';
  const stepText = `step ${formatInteger(record.step)}${c.lastStep > 0 ? ` / ${formatInteger(c.lastStep)}` : ''}`;
  ctx.fillText(stepText, GIF_SIZE - PAD, PAD + CAPTION / 2);
  const stepWidth = ctx.measureText(stepText).width;
  ctx.font = font(t, -1);
  ctx.fillStyle = withAlpha(t.muted, 1);
  ctx.textAlign = 'left';
  ctx.fillText(c.title, PAD, PAD + CAPTION / 2, Math.max(40, GIF_SIZE - 3 * PAD - stepWidth));

  // The plot: rendered at the width available, narrower when a square plot would be too tall.
  const plot = document.createElement('canvas');
  const options = { theme: t, config: c.config, showGradients: c.showGradients, compact: false, pixelRatio: 1 };
  let width = GIF_SIZE - 2 * PAD;
  ctx.font = font(t, -3);
  const legendWidth = GIF_SIZE - 2 * PAD;
  let legend = renderSamples(plot, record, { ...options, width });
  const available = () => GIF_SIZE - 2 * PAD - CAPTION - legendHeight(ctx, legend, legendWidth);
  if (plot.height > available() && record.layout === 'points2d') {
    width = Math.max(160, width - (plot.height - available()));
    legend = renderSamples(plot, record, { ...options, width });
  }
  const room = available();
  const scale = Math.min(1, room / plot.height, (GIF_SIZE - 2 * PAD) / plot.width);
  const w = Math.round(plot.width * scale);
  const h = Math.round(plot.height * scale);
  // Plot and legend centred in the space under the caption (curves and 1-D plots are wider than tall).
  const block = h + legendHeight(ctx, legend, legendWidth);
  const top = PAD + CAPTION + Math.max(0, Math.floor((GIF_SIZE - 2 * PAD - CAPTION - block) / 2));
  // Image grids stay pixel-exact (nearest neighbour); plots are smoothed when shrunk.
  ctx.imageSmoothingEnabled = record.layout !== 'images';
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(plot, Math.round((GIF_SIZE - w) / 2), top, w, h);
  drawLegend(ctx, legend, c.theme, PAD, top + h + 6, legendWidth);
}

/** Lays the legend out in rows: [entry index, x] per row. */
function layoutLegend(ctx: CanvasRenderingContext2D, entries: readonly LegendEntry[], width: number): { index: number; x: number }[][] {
  const rows: { index: number; x: number }[][] = [[]];
  let x = 0;
  entries.forEach((e, index) => {
    const w = swatchWidth(e) + ctx.measureText(e.label).width + 14;
    if (x > 0 && x + w > width) {
      rows.push([]);
      x = 0;
    }
    rows[rows.length - 1]!.push({ index, x });
    x += w;
  });
  return rows;
}

function legendHeight(ctx: CanvasRenderingContext2D, entries: readonly LegendEntry[], width: number): number {
  return entries.length === 0 ? 0 : layoutLegend(ctx, entries, width).length * LEGEND_ROW + 8;
}

const swatchWidth = (e: LegendEntry) =>
  e.colors.length === 0 ? 0 : e.style === 'bar' ? 42 + 5 : e.style === 'line' || e.style === 'dashed' ? 16 + 5 : 10 + 5;

function drawLegend(
  ctx: CanvasRenderingContext2D,
  entries: readonly LegendEntry[],
  theme: Theme,
  left: number,
  top: number,
  width: number,
): void {
  ctx.save();
  ctx.font = font(theme, -3);
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  layoutLegend(ctx, entries, width).forEach((row, r) => {
    const y = top + r * LEGEND_ROW + LEGEND_ROW / 2;
    for (const { index, x } of row) {
      const e = entries[index]!;
      const sx = left + x;
      const first = e.colors[0] ?? toCss(theme.muted);
      if (e.colors.length > 0) {
        if (e.style === 'bar') {
          const gradient = ctx.createLinearGradient(sx, 0, sx + 42, 0);
          e.colors.forEach((color, i) => gradient.addColorStop(e.colors.length === 1 ? 0 : i / (e.colors.length - 1), color));
          ctx.fillStyle = gradient;
          ctx.fillRect(sx, y - 5, 42, 10);
        } else if (e.style === 'line' || e.style === 'dashed') {
          ctx.strokeStyle = first;
          ctx.lineWidth = 2;
          ctx.setLineDash(e.style === 'dashed' ? [4, 3] : []);
          ctx.beginPath();
          ctx.moveTo(sx, y);
          ctx.lineTo(sx + 16, y);
          ctx.stroke();
          ctx.setLineDash([]);
        } else if (e.style === 'dot') {
          ctx.fillStyle = first;
          ctx.beginPath();
          ctx.arc(sx + 5, y, 5, 0, Math.PI * 2);
          ctx.fill();
        } else {
          ctx.fillStyle = first;
          ctx.fillRect(sx, y - 5, 10, 10);
        }
      }
      ctx.fillStyle = withAlpha(theme.muted, 1);
      ctx.fillText(e.label, sx + swatchWidth(e), y);
    }
  });
  ctx.restore();
}
