/** A vertical colour bar beside a heatmap: the map's colours bottom (t = 0) to top (t = 1), labelled ticks, optional marks across it. */
import { toCss, withAlpha, type Rgba } from '../logic/colors';
import { font, type Area } from '../samples/canvas';
import type { Theme } from '../ui/theme';

export interface ColorBarTick {
  /** Position on the bar, 0 (bottom) to 1 (top). */
  t: number;
  label: string;
}

/** Width of the bar itself; labels take about COLOR_BAR_LABELS more to its right. */
export const COLOR_BAR_WIDTH = 12;
export const COLOR_BAR_LABELS = 60;

export function drawColorBar(
  ctx: CanvasRenderingContext2D,
  area: Area,
  color: (t: number) => Rgba,
  ticks: readonly ColorBarTick[],
  theme: Theme,
  /** Lines across the bar (e.g. the contour levels). */
  marks: readonly number[] = [],
): void {
  ctx.save();
  const steps = Math.max(2, Math.round(area.height));
  for (let i = 0; i < steps; i++) {
    ctx.fillStyle = toCss(color((i + 0.5) / steps));
    const y = area.top + area.height - ((i + 1) / steps) * area.height;
    ctx.fillRect(area.left, y, area.width, area.height / steps + 0.5);
  }
  ctx.strokeStyle = withAlpha(theme.grid, 1);
  ctx.lineWidth = 1;
  ctx.strokeRect(Math.round(area.left) + 0.5, Math.round(area.top) + 0.5, Math.round(area.width), Math.round(area.height));
  const yOf = (t: number) => area.top + area.height - t * area.height;
  ctx.strokeStyle = withAlpha(theme.foreground, 0.75);
  ctx.beginPath();
  for (const t of marks) {
    const y = Math.round(yOf(t)) + 0.5;
    ctx.moveTo(area.left, y);
    ctx.lineTo(area.left + area.width, y);
  }
  ctx.stroke();
  ctx.font = font(theme);
  ctx.fillStyle = withAlpha(theme.muted, 1);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  let lastY = Infinity;
  // Top to bottom, skipping a label that would overlap the one above it.
  for (const tick of [...ticks].sort((a, b) => b.t - a.t)) {
    const y = yOf(tick.t);
    if (Math.abs(lastY - y) < theme.fontSize) continue;
    lastY = y;
    ctx.fillText(tick.label, area.left + area.width + 4, y);
  }
  ctx.restore();
}
