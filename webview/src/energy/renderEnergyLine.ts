/**
 * 1-D energy runs, over the samples line: the real batch's and the generated samples' histograms,
 * the model's density exp(−U) normalised over the line and the real data's density, all as densities
 * on the left axis, with the energy U(x) itself on the right axis.
 */
import type { SampleRecord } from '../../../src/shared/runFormat';
import { toCss, withAlpha } from '../logic/colors';
import { lineModelDensity, probabilityToDensity, sharedMaximum } from '../logic/energyDensity';
import { binValues, toDensity } from '../logic/histogram';
import { extent, pad, type Range } from '../logic/plotScale';
import { drawAxes, Frame, insideMargins, sizeCanvas } from '../samples/canvas';
import { drawBars } from '../samples/renderPoints1d';
import type { LegendEntry } from '../samples/types';
import type { PanelOptions } from './panel';

type Line = NonNullable<SampleRecord['line']>;

const BINS = 60;
const HEIGHT = 300;
const MARGIN = { left: 50, right: 48, top: 10, bottom: 42 };

export function renderEnergyLine(canvas: HTMLCanvasElement, record: SampleRecord, line: Line, o: PanelOptions): LegendEntry[] {
  const { theme } = o;
  const ctx = sizeCanvas(canvas, o.width, HEIGHT, o.pixelRatio);
  const x: Range = { min: line.xMin, max: line.xMax };
  const binWidth = (x.max - x.min) / BINS;
  const realHistogram = toDensity(
    binValues(
      record.real.map((p) => p[0]!),
      x.min,
      x.max,
      BINS,
    ),
    binWidth,
  );
  const generated = [...record.fixed, ...record.fresh].map((p) => p[0]!);
  const generatedHistogram = toDensity(binValues(generated, x.min, x.max, BINS), binWidth);
  const model = lineModelDensity(line.values, x.min, x.max);
  const real = line.realProbability ? probabilityToDensity(line.realProbability, x.min, x.max) : [];
  const top = Math.max(1e-9, sharedMaximum(realHistogram, generatedHistogram, model, real)) * 1.1;
  const area = insideMargins(o.width, HEIGHT, MARGIN);
  const frame = new Frame(area, x, { min: 0, max: top });
  const energyRange = pad(extent(line.values) ?? { min: -1, max: 1 }, 0.05);
  const energyFrame = new Frame(area, x, energyRange);
  canvas.dataset.frame = JSON.stringify({ area, x, y: frame.y });

  ctx.save();
  frame.clip(ctx);
  drawBars(ctx, frame, realHistogram, x.min, binWidth, withAlpha(theme.real, 0.22), withAlpha(theme.real, 0.8));
  drawBars(ctx, frame, generatedHistogram, x.min, binWidth, withAlpha(theme.fake, 0.2), withAlpha(theme.fake, 0.8));
  const curve = (values: readonly number[], f: Frame, stroke: string, width: number, dash: number[]) => {
    const n = values.length;
    ctx.setLineDash(dash);
    ctx.strokeStyle = stroke;
    ctx.lineWidth = width;
    ctx.beginPath();
    values.forEach((v, i) => {
      const px = f.px(x.min + ((i + 0.5) / n) * (x.max - x.min));
      const py = f.py(v);
      if (i === 0 || !Number.isFinite(v)) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    });
    ctx.stroke();
    ctx.setLineDash([]);
  };
  curve(line.values, energyFrame, withAlpha(theme.foreground, 0.55), 1.5, [6, 3]);
  if (real.length > 0) curve(real, frame, toCss(theme.real), 1.5, [2, 2]);
  curve(model, frame, toCss(theme.dLoss), 2.25, []);
  ctx.restore();
  drawAxes(ctx, frame, theme, {
    xLabel: 'x',
    yLabel: 'density',
    y2: { range: energyRange, label: 'U(x)', color: withAlpha(theme.foreground, 0.75) },
    yTickCount: 4,
  });

  const legend: LegendEntry[] = [
    { label: 'model exp(−U) / Z', colors: [toCss(theme.dLoss)], style: 'line' },
    { label: 'real batch', colors: [withAlpha(theme.real, 0.6)], style: 'band' },
    { label: 'generated (fixed + fresh z)', colors: [withAlpha(theme.fake, 0.6)], style: 'band' },
  ];
  if (real.length > 0) legend.splice(1, 0, { label: 'real density', colors: [toCss(theme.real)], style: 'dashed' });
  legend.push({ label: 'U(x) (right axis)', colors: [withAlpha(theme.foreground, 0.55)], style: 'dashed' });
  return legend;
}
