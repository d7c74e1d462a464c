/**
 * points1d: densities of the real batch and of the generated samples (fixed and fresh z) over the
 * line, with D along the line on a second axis: [0, 1] for probabilities, else the scores' range,
 * dashed at the objective's equilibrium D (0.5 for the sigmoid losses and LSGAN) where it has one.
 */
import type { SampleRecord } from '../../../src/shared/runFormat';
import { toCss, withAlpha } from '../logic/colors';
import { gridScale } from '../logic/heatmap';
import { binValues, toDensity } from '../logic/histogram';
import { objectiveReferences } from '../logic/referenceLines';
import { extent, pad, robustExtent, union, type Range } from '../logic/plotScale';
import { drawAxes, Frame, insideMargins, sizeCanvas } from './canvas';
import type { LegendEntry, RenderOptions } from './types';

const BINS = 60;

export function renderPoints1d(canvas: HTMLCanvasElement, record: SampleRecord, o: RenderOptions): LegendEntry[] {
  const { theme } = o;
  const margin = o.compact ? { left: 38, right: 34, top: 8, bottom: 24 } : { left: 50, right: 48, top: 10, bottom: 42 };
  const height = o.compact ? 200 : 300;
  const ctx = sizeCanvas(canvas, o.width, height, o.pixelRatio);
  const real = record.real.map((p) => p[0]!);
  const generated = [...record.fixed, ...record.fresh].map((p) => p[0]!);
  const line = record.line;
  const lineRange: Range | null = line ? { min: line.xMin, max: line.xMax } : null;
  const x = union(lineRange, union(robustExtent(real, 0, 1), robustExtent(generated))) ?? { min: -1, max: 1 };
  const width = (x.max - x.min) / BINS;
  const realDensity = toDensity(binValues(real, x.min, x.max, BINS), width);
  const genDensity = toDensity(binValues(generated, x.min, x.max, BINS), width);
  const top = Math.max(1e-9, ...realDensity, ...genDensity) * 1.1;
  const area = insideMargins(o.width, height, margin);
  const frame = new Frame(area, x, { min: 0, max: top });
  const refs = objectiveReferences(o.config);
  const probability = (refs.scale ?? (line ? gridScale(line.values) : 'probability')) === 'probability';
  const scores = extent([...(line?.values ?? []), ...refs.scores.map((l) => l.y)]) ?? { min: -1, max: 1 };
  const dRange: Range = probability ? { min: 0, max: 1 } : pad(scores, 0.05);
  const dFrame = new Frame(area, x, dRange);

  ctx.save();
  frame.clip(ctx);
  drawBars(ctx, frame, realDensity, x.min, width, withAlpha(theme.real, 0.3), toCss(theme.real));
  drawBars(ctx, frame, genDensity, x.min, width, withAlpha(theme.fake, 0.25), toCss(theme.fake));
  if (line && line.values.length > 0) {
    ctx.setLineDash([4, 4]);
    ctx.strokeStyle = withAlpha(theme.muted, 0.8);
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (const reference of refs.scores) {
      ctx.moveTo(area.left, dFrame.py(reference.y));
      ctx.lineTo(area.left + area.width, dFrame.py(reference.y));
    }
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.strokeStyle = toCss(theme.dLoss);
    ctx.lineWidth = 2;
    ctx.beginPath();
    const n = line.values.length;
    line.values.forEach((v, i) => {
      const px = dFrame.px(line.xMin + ((i + 0.5) / n) * (line.xMax - line.xMin));
      const py = dFrame.py(Math.min(dRange.max, Math.max(dRange.min, v)));
      if (i === 0) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    });
    ctx.stroke();
  }
  ctx.restore();
  drawAxes(ctx, frame, theme, {
    xLabel: o.compact ? undefined : 'x',
    yLabel: o.compact ? undefined : 'density',
    y2: line ? { range: dRange, label: o.compact ? '' : probability ? 'D(x)' : 'D score', color: toCss(theme.dLoss) } : undefined,
    yTickCount: 4,
  });
  const legend: LegendEntry[] = [
    { label: 'real', colors: [withAlpha(theme.real, 0.6)], style: 'band' },
    { label: 'generated (fixed + fresh z)', colors: [withAlpha(theme.fake, 0.6)], style: 'band' },
  ];
  if (line) legend.push({ label: `${probability ? 'D(x)' : 'D score'} (right axis)`, colors: [toCss(theme.dLoss)], style: 'line' });
  for (const reference of refs.scores) legend.push({ label: reference.label, colors: [withAlpha(theme.muted, 0.8)], style: 'dashed' });
  return legend;
}

/** A histogram as filled bars with a step outline. */
export function drawBars(
  ctx: CanvasRenderingContext2D,
  frame: Frame,
  density: number[],
  min: number,
  width: number,
  fill: string,
  stroke: string,
) {
  ctx.fillStyle = fill;
  ctx.beginPath();
  density.forEach((d, i) => {
    if (d <= 0) return;
    const x0 = frame.px(min + i * width);
    const x1 = frame.px(min + (i + 1) * width);
    const y = frame.py(d);
    ctx.rect(x0, y, x1 - x0, frame.py(0) - y);
  });
  ctx.fill();
  ctx.strokeStyle = stroke;
  ctx.lineWidth = 1.25;
  ctx.beginPath();
  ctx.moveTo(frame.px(min), frame.py(0));
  density.forEach((d, i) => {
    ctx.lineTo(frame.px(min + i * width), frame.py(d));
    ctx.lineTo(frame.px(min + (i + 1) * width), frame.py(d));
  });
  ctx.lineTo(frame.px(min + density.length * width), frame.py(0));
  ctx.stroke();
}
