/**
 * A small chart.js plugin for reference marks: vertical dashed lines at steps (hyper-parameter
 * edits, warnings) with short labels stacked so they do not overlap, and horizontal dashed
 * reference lines (equilibrium values) whose labels cover no curve: next to the line where no
 * drawn curve passes (labelPlacement.ts), else outside the plot area, in the x axis's title row
 * left of "step", after a sample of the line. Where each label went is in the canvas's
 * `data-reference-labels` (JSON) for the render tests, and the vertical marks drawn in its
 * `data-vertical-marks`.
 */
import type { Chart, Plugin } from 'chart.js';
import { placeLineLabel, type Box, type PixelPoint } from '../logic/labelPlacement';
import { layoutLabels } from '../logic/markers';

export interface VerticalMark {
  x: number;
  label: string;
  color: string;
}

export interface HorizontalMark {
  y: number;
  label: string;
  color: string;
  /** Scale id (default 'y'). */
  scale?: string;
}

export interface Marks {
  vertical: VerticalMark[];
  horizontal: HorizontalMark[];
  font: string;
  /** Behind labels, for legibility over lines. */
  labelBackground: string;
}

const LABEL_HEIGHT = 14;
const MAX_LABEL_ROWS = 3;

/** A plugin that draws whatever `marks()` returns at draw time. */
export function markersPlugin(marks: () => Marks): Plugin {
  return {
    id: 'gwMarkers',
    afterDatasetsDraw(chart: Chart) {
      const m = marks();
      const { ctx, chartArea: area } = chart;
      const xScale = chart.scales.x;
      if (!xScale) return;
      ctx.save();
      ctx.beginPath();
      ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
      ctx.clip();
      ctx.font = m.font;
      ctx.textBaseline = 'middle';
      ctx.lineWidth = 1;
      ctx.setLineDash([5, 4]);

      // The vertical markers' labels are stacked at the top; the reference labels keep clear of them too.
      const visible = m.vertical
        .map((v) => ({ ...v, px: xScale.getPixelForValue(v.x) }))
        .filter((v) => Number.isFinite(v.px) && v.px >= area.left && v.px <= area.right);
      const widths = visible.map((v) => ({ x: v.px + 3, width: ctx.measureText(v.label).width + 6 }));
      const rows = layoutLabels(widths, MAX_LABEL_ROWS);
      const verticalBoxes: (Box | null)[] = widths.map((box, i) =>
        rows[i]! < 0
          ? null
          : {
              x: Math.min(box.x, area.right - box.width),
              y: area.top + 2 + rows[i]! * (LABEL_HEIGHT + 2),
              width: box.width,
              height: LABEL_HEIGHT,
            },
      );

      const curves = drawnCurves(chart);
      const taken: Box[] = verticalBoxes.filter((b): b is Box => b !== null);
      const placed: PlacedLabel[] = [];
      const outside: { h: HorizontalMark; width: number }[] = [];
      for (const h of m.horizontal) {
        const scale = chart.scales[h.scale ?? 'y'];
        if (!scale) continue;
        const py = scale.getPixelForValue(h.y);
        if (!Number.isFinite(py) || py < area.top || py > area.bottom) continue;
        ctx.strokeStyle = h.color;
        ctx.beginPath();
        ctx.moveTo(area.left, Math.round(py) + 0.5);
        ctx.lineTo(area.right, Math.round(py) + 0.5);
        ctx.stroke();
        const width = ctx.measureText(h.label).width + 6;
        const box = placeLineLabel(area, py, { width, height: LABEL_HEIGHT }, curves, taken);
        if (!box) {
          outside.push({ h, width });
          continue;
        }
        taken.push(box);
        placed.push({ ...box, label: h.label, inside: true, lineY: py });
        ctx.fillStyle = m.labelBackground;
        ctx.fillRect(box.x, box.y, box.width, box.height);
        ctx.fillStyle = h.color;
        ctx.fillText(h.label, box.x + 3, box.y + LABEL_HEIGHT / 2);
      }

      for (const v of visible) {
        ctx.strokeStyle = v.color;
        ctx.beginPath();
        ctx.moveTo(Math.round(v.px) + 0.5, area.top);
        ctx.lineTo(Math.round(v.px) + 0.5, area.bottom);
        ctx.stroke();
      }
      ctx.setLineDash([]);
      visible.forEach((v, i) => {
        const box = verticalBoxes[i];
        if (!box) return;
        ctx.fillStyle = m.labelBackground;
        ctx.fillRect(box.x, box.y, box.width, box.height);
        ctx.fillStyle = v.color;
        ctx.fillText(v.label, box.x + 3, box.y + LABEL_HEIGHT / 2);
      });
      ctx.restore();
      placed.push(...drawOutside(chart, outside, m.font));
      chart.canvas.dataset.referenceLabels = JSON.stringify(placed);
      // The vertical marks drawn (the render tests read the resume marker), with the step each is at.
      chart.canvas.dataset.verticalMarks = JSON.stringify(
        visible.map((v, i) => ({ x: v.x, label: v.label, labelled: !!verticalBoxes[i] })),
      );
    },
  };
}

interface PlacedLabel extends Box {
  label: string;
  /** In the plot area by its line, or outside it (below the x axis). */
  inside: boolean;
  /** The line's pixel row (labels in the plot area). */
  lineY?: number;
}

/** The visible datasets as drawn, in pixels (the lines between their points, and the points). */
function drawnCurves(chart: Chart): PixelPoint[][] {
  const curves: PixelPoint[][] = [];
  chart.data.datasets.forEach((_dataset, i) => {
    if (!chart.isDatasetVisible(i)) return;
    curves.push(chart.getDatasetMeta(i).data.map((e) => ({ x: (e as unknown as PixelPoint).x, y: (e as unknown as PixelPoint).y })));
  });
  return curves;
}

/** Labels that found no free place by their line: in the x axis's title row, left of its centred title, each after a sample of its line. */
function drawOutside(chart: Chart, labels: { h: HorizontalMark; width: number }[], font: string): PlacedLabel[] {
  if (labels.length === 0) return [];
  const { ctx, chartArea: area } = chart;
  const xScale = chart.scales.x!;
  const y = Math.min(chart.height - LABEL_HEIGHT / 2 - 1, xScale.bottom - LABEL_HEIGHT / 2);
  const sample = 16;
  let x = area.left;
  const placed: PlacedLabel[] = [];
  ctx.save();
  ctx.font = font;
  ctx.textBaseline = 'middle';
  ctx.lineWidth = 1;
  for (const { h, width } of labels) {
    ctx.strokeStyle = h.color;
    ctx.setLineDash([5, 4]);
    ctx.beginPath();
    ctx.moveTo(x, Math.round(y) + 0.5);
    ctx.lineTo(x + sample, Math.round(y) + 0.5);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = h.color;
    ctx.fillText(h.label, x + sample + 4, y);
    placed.push({ label: h.label, inside: false, x: x + sample + 1, y: y - LABEL_HEIGHT / 2, width, height: LABEL_HEIGHT });
    x += sample + 4 + width + 10;
  }
  ctx.restore();
  return placed;
}
