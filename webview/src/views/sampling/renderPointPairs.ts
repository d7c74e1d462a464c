/**
 * Vector samples before and after sampling, side by side on the same axes: 2-D points with the
 * real data over them (first two coordinates of longer vectors), in the theme's point palette, or
 * 1-D histograms over the real histogram. The palette and the two plot frames are in the canvas's
 * `data-palette` and `data-frames` for the render tests.
 */
import type { SamplingRecord } from '../../../../src/shared/runFormat';
import { toCss, withAlpha } from '../../logic/colors';
import { binValues, toDensity } from '../../logic/histogram';
import { extent, pad, robustExtent, squareRanges, union, type Range } from '../../logic/plotScale';
import { drawAxes, Frame, sizeCanvas } from '../../samples/canvas';
import { drawBars } from '../../samples/renderPoints1d';
import { drawDots } from '../../samples/renderPoints2d';
import type { LegendEntry } from '../../samples/types';
import type { Theme } from '../../ui/theme';
import { drawPanelTitle, pairAreas, TITLE_HEIGHT } from './pairLayout';

export interface PairOptions {
  theme: Theme;
  width: number;
  titles: [string, string];
  pixelRatio?: number;
}

const BINS = 50;
/** Generated points far outside the data widen the view at most this many data spans. */
const MAX_ZOOM_OUT = 2;

const column = (rows: readonly number[][], i: number) => rows.map((r) => r[i]!).filter(Number.isFinite);

export function renderScatterPair(canvas: HTMLCanvasElement, record: SamplingRecord, o: PairOptions): LegendEntry[] {
  const { theme } = o;
  const margin = { left: 40, right: 8, bottom: 26 };
  const [first, second] = pairAreas(o.width, 0, margin, 380);
  const side = first.width;
  const ctx = sizeCanvas(canvas, o.width, TITLE_HEIGHT + side + margin.bottom, o.pixelRatio);
  const ranges = viewRanges(record);
  [record.before, record.after].forEach((rows, i) => {
    const area = { ...(i === 0 ? first : second), height: side };
    const frame = new Frame(area, ranges.x, ranges.y);
    drawPanelTitle(ctx, theme, area, o.titles[i]!, i === 1);
    ctx.save();
    frame.clip(ctx);
    // The samples first, the real data over them (small, outlined): both in the theme's point palette (pointPalette.ts).
    const palette = theme.points;
    const at = (points: readonly number[][]) =>
      points.filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1])).map((p) => [frame.px(p[0]!), frame.py(p[1]!)] as const);
    drawDots(ctx, at(rows), 2.2, palette.generated, palette.background, 1);
    drawDots(ctx, at(record.real), 1.5, palette.real, palette.background, 0.75);
    ctx.restore();
    drawAxes(ctx, frame, theme, { xTickCount: 4, yTickCount: 4 });
  });
  canvas.dataset.palette = JSON.stringify(theme.points);
  canvas.dataset.frames = JSON.stringify([first, second].map((a) => ({ ...a, height: side, x: ranges.x, y: ranges.y })));
  const legend: LegendEntry[] = [
    { label: 'generated', colors: [toCss(theme.points.generated)], style: 'dot' },
    { label: 'real data', colors: [toCss(theme.points.real)], style: 'dot' },
  ];
  if (record.layout === 'vectors')
    legend.push({ label: `first two of ${record.before[0]?.length ?? '?'} coordinates`, colors: [], style: 'band' });
  return legend;
}

export function renderHistogramPair(canvas: HTMLCanvasElement, record: SamplingRecord, o: PairOptions): LegendEntry[] {
  const { theme } = o;
  const margin = { left: 44, right: 8, bottom: 26 };
  const height = 300;
  const [first, second] = pairAreas(o.width, height, margin);
  const ctx = sizeCanvas(canvas, o.width, TITLE_HEIGHT + height + margin.bottom, o.pixelRatio);
  const real = column(record.real, 0);
  const generated = [column(record.before, 0), column(record.after, 0)];
  const x = union(robustExtent(real, 0, 1), robustExtent(generated.flat())) ?? { min: -1, max: 1 };
  const width = (x.max - x.min) / BINS;
  const realDensity = toDensity(binValues(real, x.min, x.max, BINS), width);
  const densities = generated.map((values) => toDensity(binValues(values, x.min, x.max, BINS), width));
  const top = Math.max(1e-9, ...realDensity, ...densities.flat()) * 1.1;
  densities.forEach((density, i) => {
    const area = i === 0 ? first : second;
    const frame = new Frame(area, x, { min: 0, max: top });
    drawPanelTitle(ctx, theme, area, o.titles[i]!, i === 1);
    ctx.save();
    frame.clip(ctx);
    drawBars(ctx, frame, realDensity, x.min, width, withAlpha(theme.real, 0.18), withAlpha(theme.real, 0.6));
    drawBars(ctx, frame, density, x.min, width, withAlpha(theme.fake, 0.3), toCss(theme.fake));
    ctx.restore();
    drawAxes(ctx, frame, theme, { xTickCount: 4, yTickCount: 4 });
  });
  return [
    { label: 'generated', colors: [withAlpha(theme.fake, 0.6)], style: 'band' },
    { label: 'real data', colors: [withAlpha(theme.real, 0.4)], style: 'band' },
  ];
}

/** The real data's range widened (within limits) to show the generated points, square. */
function viewRanges(record: SamplingRecord): { x: Range; y: Range } {
  const generated = [...record.before, ...record.after];
  const dataX = extent(column(record.real, 0));
  const dataY = extent(column(record.real, 1));
  let x = union(dataX, robustExtent(column(generated, 0))) ?? { min: -1, max: 1 };
  let y = union(dataY, robustExtent(column(generated, 1))) ?? { min: -1, max: 1 };
  if (dataX && dataY) {
    x = limit(x, dataX);
    y = limit(y, dataY);
  }
  return squareRanges(pad(x, 0.06), pad(y, 0.06));
}

function limit(view: Range, data: Range): Range {
  const span = data.max - data.min;
  return { min: Math.max(view.min, data.min - MAX_ZOOM_OUT * span), max: Math.min(view.max, data.max + MAX_ZOOM_OUT * span) };
}
