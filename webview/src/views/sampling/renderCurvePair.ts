/** Curve samples (parabola data) before and after sampling: each row a polyline over curveX, real curves faint behind. */
import type { SamplingRecord } from '../../../../src/shared/runFormat';
import { toCss, withAlpha } from '../../logic/colors';
import { extent, pad, robustExtent, union } from '../../logic/plotScale';
import { drawAxes, Frame, sizeCanvas } from '../../samples/canvas';
import type { LegendEntry } from '../../samples/types';
import { drawPanelTitle, pairAreas, TITLE_HEIGHT } from './pairLayout';
import type { PairOptions } from './renderPointPairs';

/** More curves than this only thicken the bundle. */
const MAX_CURVES = 64;

export function renderCurvePair(canvas: HTMLCanvasElement, record: SamplingRecord, o: PairOptions): LegendEntry[] {
  const { theme } = o;
  const margin = { left: 44, right: 8, bottom: 26 };
  const height = 300;
  const [first, second] = pairAreas(o.width, height, margin);
  const ctx = sizeCanvas(canvas, o.width, TITLE_HEIGHT + height + margin.bottom, o.pixelRatio);
  const dim = record.before[0]?.length ?? record.real[0]?.length ?? 0;
  const xs = record.curveX && record.curveX.length === dim ? record.curveX : Array.from({ length: dim }, (_, i) => i);
  const shown = (rows: number[][]) => rows.slice(0, MAX_CURVES);
  const values = [...shown(record.real), ...shown(record.before), ...shown(record.after)].flat();
  const x = extent(xs) ?? { min: 0, max: 1 };
  const y = pad(union(extent(shown(record.real).flat()), robustExtent(values)) ?? { min: -1, max: 1 }, 0.05);
  const polylines = (frame: Frame, rows: number[][]) => {
    ctx.beginPath();
    for (const row of rows)
      row.forEach((v, i) => (i === 0 ? ctx.moveTo(frame.px(xs[i]!), frame.py(v)) : ctx.lineTo(frame.px(xs[i]!), frame.py(v))));
    ctx.stroke();
  };
  [record.before, record.after].forEach((rows, i) => {
    const area = i === 0 ? first : second;
    const frame = new Frame(area, x, y);
    drawPanelTitle(ctx, theme, area, o.titles[i]!, i === 1);
    ctx.save();
    frame.clip(ctx);
    ctx.lineWidth = 1;
    ctx.strokeStyle = withAlpha(theme.real, 0.25);
    polylines(frame, shown(record.real));
    ctx.strokeStyle = withAlpha(theme.fake, 0.7);
    polylines(frame, shown(rows));
    ctx.restore();
    drawAxes(ctx, frame, theme, { xTickCount: 4, yTickCount: 4 });
  });
  return [
    { label: `generated (first ${Math.min(MAX_CURVES, record.before.length)})`, colors: [toCss(theme.fake)], style: 'line' },
    { label: 'real curves', colors: [withAlpha(theme.real, 0.5)], style: 'line' },
  ];
}
