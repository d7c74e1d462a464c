/**
 * points2d: D's heatmap over the grid (the palette's "fake" tint where D < 0.5, background at 0.5,
 * its "real" tint where D > 0.5; for scores, the real tint at the end of the grid's range that
 * means real), the fixed-z generated batch on top and the real batch over it (smaller, outlined, so
 * no real point hides under a generated one), in the theme's point palette (pointPalette.ts: every
 * pair of points, heat map and background at least 3:1), and optionally the direction the
 * generator's update pushes each fixed point (∇ₓ of D's logit) as short arrows. The palette and the
 * plot's frame are in the canvas's `data-palette` and `data-frame` for the render tests.
 */
import { referenceValues } from '../../../src/shared/experiment/objective';
import type { SampleRecord } from '../../../src/shared/runFormat';
import { toCss, withAlpha, type Rgba } from '../logic/colors';
import { arrowSegment, gridScale, heatmapPixels } from '../logic/heatmap';
import { extent, pad, robustExtent, squareRanges, union, type Range } from '../logic/plotScale';
import { dot, drawAxes, Frame, sizeCanvas } from './canvas';
import { drawGridImage } from './gridImage';
import type { LegendEntry, RenderOptions } from './types';

const ARROW_LENGTH = 12;
/** Generated points far outside the data's range widen the view at most this many data spans. */
const MAX_ZOOM_OUT = 3;

export function renderPoints2d(canvas: HTMLCanvasElement, record: SampleRecord, o: RenderOptions): LegendEntry[] {
  const { theme } = o;
  const margin = o.compact ? { left: 34, right: 8, top: 6, bottom: 24 } : { left: 46, right: 12, top: 8, bottom: 30 };
  const side = Math.max(120, Math.min(o.width - margin.left - margin.right, o.compact ? 360 : 520));
  const width = o.width;
  const height = side + margin.top + margin.bottom;
  const ctx = sizeCanvas(canvas, width, height, o.pixelRatio);
  const left = margin.left + Math.max(0, (width - margin.left - margin.right - side) / 2);
  const ranges = viewRanges(record);
  const frame = new Frame({ left, top: margin.top, width: side, height: side }, ranges.x, ranges.y);

  // The real hue goes to the end of D's scale that means "real": low for an energy or the seed's critic.
  const objective = o.config ? referenceValues(o.config) : undefined;
  const realIsLow = objective?.real === 'low';
  const palette = theme.points;
  const heatColors = {
    low: realIsLow ? palette.heatReal : palette.heatFake,
    mid: palette.background,
    high: realIsLow ? palette.heatFake : palette.heatReal,
  };
  canvas.dataset.palette = JSON.stringify(palette);
  canvas.dataset.frame = JSON.stringify({ ...frame.area, x: ranges.x, y: ranges.y });
  ctx.save();
  frame.clip(ctx);
  const grid = record.grid;
  const scale = objective?.scale ?? (grid ? gridScale(grid.values) : 'probability');
  if (grid && grid.resolution > 0 && grid.values.length === grid.resolution * grid.resolution) {
    drawGridImage(ctx, frame, grid, heatmapPixels(grid, heatColors, scale));
  }

  const r = o.compact ? 1.6 : 2;
  // Generated first, real on top: smaller and outlined, so a real point is never hidden under a generated one.
  drawDots(
    ctx,
    record.fixed.filter(isPoint).map((p) => [frame.px(p[0]!), frame.py(p[1]!)]),
    r + 0.8,
    palette.generated,
    palette.background,
    1.25,
  );
  drawDots(
    ctx,
    record.real.filter(isPoint).map((p) => [frame.px(p[0]!), frame.py(p[1]!)]),
    r,
    palette.real,
    palette.background,
    1,
  );

  const gradients = record.fixedGradients;
  if (o.showGradients && gradients) {
    ctx.strokeStyle = withAlpha(theme.foreground, 0.7);
    ctx.lineWidth = 1;
    ctx.beginPath();
    record.fixed.forEach((p, i) => {
      const g = gradients[i];
      if (!isPoint(p) || !g) return;
      const s = arrowSegment(frame.px(p[0]!), frame.py(p[1]!), g[0]!, g[1]!, ARROW_LENGTH);
      if (!s) return;
      ctx.moveTo(s.x0, s.y0);
      ctx.lineTo(s.x1, s.y1);
      const angle = Math.atan2(s.y1 - s.y0, s.x1 - s.x0);
      for (const side of [-1, 1]) {
        ctx.moveTo(s.x1, s.y1);
        ctx.lineTo(s.x1 - 4 * Math.cos(angle + side * 0.5), s.y1 - 4 * Math.sin(angle + side * 0.5));
      }
    });
    ctx.stroke();
  }
  ctx.restore();
  drawAxes(ctx, frame, theme, { xTickCount: o.compact ? 4 : 6, yTickCount: o.compact ? 4 : 6 });

  const legend: LegendEntry[] = [
    { label: 'real', colors: [toCss(palette.real)], style: 'dot' },
    { label: 'generated (fixed z)', colors: [toCss(palette.generated)], style: 'dot' },
  ];
  if (grid) {
    const label =
      scale === 'probability'
        ? 'D(x): 0 fake · 0.5 · 1 real'
        : o.config?.loss.kind === 'energy'
          ? 'energy U(x): low (real-like) · mid-range · high'
          : realIsLow
            ? 'D score: low (real-like) · mid-range · high'
            : 'D score: low · mid-range · high (real-like)';
    legend.push({ label, colors: [toCss(heatColors.low), toCss(heatColors.mid), toCss(heatColors.high)], style: 'bar' });
  }
  if (o.showGradients && gradients) legend.push({ label: 'G update direction', colors: [withAlpha(theme.foreground, 0.7)], style: 'line' });
  return legend;
}

const isPoint = (p: readonly number[] | undefined): p is number[] => !!p && Number.isFinite(p[0]) && Number.isFinite(p[1]);

/** Filled dots with an outline (the background's colour) that keeps them apart from what is under them. */
export function drawDots(
  ctx: CanvasRenderingContext2D,
  points: readonly (readonly [number, number])[],
  radius: number,
  fill: Rgba,
  outline: Rgba,
  outlineWidth: number,
): void {
  ctx.beginPath();
  for (const [x, y] of points) dot(ctx, x, y, radius);
  ctx.lineWidth = outlineWidth;
  ctx.strokeStyle = toCss(outline);
  ctx.stroke();
  ctx.fillStyle = toCss(fill);
  ctx.fill();
}

/** The grid's range (else the real data's), widened to show generated points, kept square. */
function viewRanges(record: SampleRecord): { x: Range; y: Range } {
  const g = record.grid;
  const dataX: Range | null = g ? { min: g.xMin, max: g.xMax } : extent(record.real.map((p) => p[0]!));
  const dataY: Range | null = g ? { min: g.yMin, max: g.yMax } : extent(record.real.map((p) => p[1]!));
  let x = union(dataX, robustExtent(record.fixed.map((p) => p[0]!))) ?? { min: -1, max: 1 };
  let y = union(dataY, robustExtent(record.fixed.map((p) => p[1]!))) ?? { min: -1, max: 1 };
  if (dataX && dataY) {
    x = limit(x, dataX);
    y = limit(y, dataY);
  }
  const square = squareRanges(g ? x : pad(x, 0.05), g ? y : pad(y, 0.05));
  return square;
}

function limit(view: Range, data: Range): Range {
  const span = data.max - data.min;
  return { min: Math.max(view.min, data.min - MAX_ZOOM_OUT * span), max: Math.min(view.max, data.max + MAX_ZOOM_OUT * span) };
}
