/**
 * 2-D energy runs: U(x) over the samples grid as a heatmap (the real hue where the energy is low,
 * the fake hue where it is high), with contour lines at a handful of round levels and a colour bar
 * that marks and labels those levels.
 */
import type { SampleRecord } from '../../../src/shared/runFormat';
import { contourLevels, contourLines } from '../logic/contours';
import { mix, withAlpha } from '../logic/colors';
import { formatValue } from '../logic/format';
import { gridPixels, heatmapColor } from '../logic/heatmap';
import { drawAxes, type Frame } from '../samples/canvas';
import { drawGridImage } from '../samples/gridImage';
import type { LegendEntry } from '../samples/types';
import { drawColorBar } from './colorBar';
import { gridFrame, type PanelOptions } from './panel';

type Grid = NonNullable<SampleRecord['grid']>;

/** How far the heatmap's ends move from the background towards their hues. */
const HEAT_STRENGTH = 0.72;
const CONTOUR_LEVELS = 6;

export function renderEnergySurface(canvas: HTMLCanvasElement, grid: Grid, o: PanelOptions): LegendEntry[] {
  const { theme } = o;
  const { ctx, frame, bar } = gridFrame(canvas, grid, o);
  const colors = {
    low: mix(theme.background, theme.real, HEAT_STRENGTH),
    mid: theme.background,
    high: mix(theme.background, theme.fake, HEAT_STRENGTH),
  };
  const color = heatmapColor(grid.values, colors, 'score');
  const levels = contourLevels(grid.values, CONTOUR_LEVELS);

  ctx.save();
  frame.clip(ctx);
  drawGridImage(ctx, frame, grid, gridPixels(grid.resolution, grid.values, color));
  drawContours(ctx, frame, grid, levels, withAlpha(theme.foreground, 0.7));
  ctx.restore();
  drawAxes(ctx, frame, theme, { xTickCount: 5, yTickCount: 5 });

  const finite = grid.values.filter(Number.isFinite);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  if (finite.length > 0 && hi > lo) {
    const at = (u: number) => (u - lo) / (hi - lo);
    const ticks = [lo, ...levels, hi].map((u) => ({ t: at(u), label: formatValue(u) }));
    drawColorBar(ctx, bar, (t) => color(lo + t * (hi - lo)), ticks, theme, levels.map(at));
  }
  return [
    { label: 'U(x): low (real-like) · high', colors: [colors.low, colors.mid, colors.high].map((c) => withAlpha(c, 1)), style: 'bar' },
    {
      label: levels.length > 0 ? `contours: U = ${levels.map(formatValue).join(', ')}` : 'contours: U is flat',
      colors: [withAlpha(theme.foreground, 0.7)],
      style: 'line',
    },
  ];
}

/** Contour segments, from sample coordinates (cell centres) to data space. */
function drawContours(ctx: CanvasRenderingContext2D, frame: Frame, grid: Grid, levels: readonly number[], stroke: string): void {
  const n = grid.resolution;
  const px = (sx: number) => frame.px(grid.xMin + ((sx + 0.5) / n) * (grid.xMax - grid.xMin));
  const py = (sy: number) => frame.py(grid.yMin + ((sy + 0.5) / n) * (grid.yMax - grid.yMin));
  ctx.strokeStyle = stroke;
  ctx.lineWidth = 1.25;
  ctx.beginPath();
  for (const line of contourLines({ columns: n, rows: n, values: grid.values }, levels)) {
    for (const s of line.segments) {
      ctx.moveTo(px(s.x0), py(s.y0));
      ctx.lineTo(px(s.x1), py(s.y1));
    }
  }
  ctx.stroke();
}
