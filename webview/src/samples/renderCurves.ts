/**
 * curves: the fixed-z generated curves (thin, translucent) over where real curves lie — for the
 * parabola the band between a = aMin and a = aMax (the seed's toy: between x² and 2x² + 1),
 * otherwise the real curves themselves.
 */
import type { SampleRecord } from '../../../src/shared/runFormat';
import { toCss, withAlpha } from '../logic/colors';
import { parabolaBand, parabolaRange } from '../logic/parabolaBand';
import { extent, pad, robustExtent, union } from '../logic/plotScale';
import { drawAxes, Frame, sizeCanvas } from './canvas';
import type { LegendEntry, RenderOptions } from './types';

export function renderCurves(canvas: HTMLCanvasElement, record: SampleRecord, o: RenderOptions): LegendEntry[] {
  const { theme } = o;
  const margin = o.compact ? { left: 38, right: 10, top: 8, bottom: 24 } : { left: 50, right: 14, top: 10, bottom: 42 };
  const height = o.compact ? 220 : 320;
  const ctx = sizeCanvas(canvas, o.width, height, o.pixelRatio);
  const dims = record.fixed[0]?.length ?? record.real[0]?.length ?? 0;
  const xs = record.curveX && record.curveX.length === dims ? record.curveX : Array.from({ length: dims }, (_, i) => i);
  const x = extent(xs) ?? { min: 0, max: 1 };
  const isParabola = record.dataKind === 'parabola';
  const band = isParabola ? parabolaBand(parabolaRange(o.config), x.min, x.max, 64) : null;
  const generatedValues = record.fixed.flat();
  const realValues = band ? [...band.lower, ...band.upper] : record.real.flat();
  const y = pad(union(extent(realValues), robustExtent(generatedValues)) ?? { min: -1, max: 1 }, 0.06);
  const area = {
    left: margin.left,
    top: margin.top,
    width: o.width - margin.left - margin.right,
    height: height - margin.top - margin.bottom,
  };
  const frame = new Frame(area, x, y);

  ctx.save();
  frame.clip(ctx);
  if (band) {
    ctx.fillStyle = withAlpha(theme.real, 0.2);
    ctx.beginPath();
    band.x.forEach((xi, i) =>
      i === 0 ? ctx.moveTo(frame.px(xi), frame.py(band.upper[i]!)) : ctx.lineTo(frame.px(xi), frame.py(band.upper[i]!)),
    );
    for (let i = band.x.length - 1; i >= 0; i--) ctx.lineTo(frame.px(band.x[i]!), frame.py(band.lower[i]!));
    ctx.closePath();
    ctx.fill();
    ctx.strokeStyle = toCss(theme.real);
    ctx.setLineDash([5, 4]);
    ctx.lineWidth = 1.25;
    for (const edge of [band.lower, band.upper]) {
      ctx.beginPath();
      band.x.forEach((xi, i) => (i === 0 ? ctx.moveTo(frame.px(xi), frame.py(edge[i]!)) : ctx.lineTo(frame.px(xi), frame.py(edge[i]!))));
      ctx.stroke();
    }
    ctx.setLineDash([]);
  } else {
    drawCurves(ctx, frame, xs, record.real, withAlpha(theme.real, curveAlpha(record.real.length)));
  }
  drawCurves(ctx, frame, xs, record.fixed, withAlpha(theme.fake, curveAlpha(record.fixed.length)));
  ctx.restore();
  drawAxes(ctx, frame, theme, { xLabel: o.compact ? undefined : 'x', yLabel: o.compact ? undefined : 'y' });

  const range = parabolaRange(o.config);
  return [
    band
      ? { label: `real: y = a·x² + (a − 1), a ∈ [${range.aMin}, ${range.aMax}]`, colors: [withAlpha(theme.real, 0.45)], style: 'band' }
      : { label: 'real', colors: [withAlpha(theme.real, 0.8)], style: 'line' },
    { label: `generated (fixed z, ${record.fixed.length} curves)`, colors: [withAlpha(theme.fake, 0.8)], style: 'line' },
  ];
}

/** Fainter lines the more curves there are, so the density shows. */
const curveAlpha = (count: number) => Math.min(0.7, Math.max(0.08, 24 / Math.max(1, count)));

function drawCurves(ctx: CanvasRenderingContext2D, frame: Frame, xs: readonly number[], curves: readonly number[][], color: string) {
  ctx.strokeStyle = color;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (const curve of curves) {
    let started = false;
    curve.forEach((v, i) => {
      if (!Number.isFinite(v) || xs[i] === undefined) {
        started = false;
        return;
      }
      const px = frame.px(xs[i]!);
      const py = frame.py(v);
      if (started) ctx.lineTo(px, py);
      else ctx.moveTo(px, py);
      started = true;
    });
  }
  ctx.stroke();
}
