/**
 * A small chart.js plugin for reference marks: vertical dashed lines at steps (hyper-parameter
 * edits, warnings) with short labels stacked so they do not overlap, and horizontal dashed
 * reference lines (equilibrium values) labelled at the left edge.
 */
import type { Chart, Plugin } from 'chart.js';
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
        // Labelled at the left end: vertical markers label the top right as a run goes on.
        const width = ctx.measureText(h.label).width;
        const tx = area.left + 6;
        const ty = py - 8 < area.top + 6 ? py + 8 : py - 8;
        ctx.fillStyle = m.labelBackground;
        ctx.fillRect(tx - 3, ty - 7, width + 6, 14);
        ctx.fillStyle = h.color;
        ctx.fillText(h.label, tx, ty);
      }

      const visible = m.vertical
        .map((v) => ({ ...v, px: xScale.getPixelForValue(v.x) }))
        .filter((v) => Number.isFinite(v.px) && v.px >= area.left && v.px <= area.right);
      for (const v of visible) {
        ctx.strokeStyle = v.color;
        ctx.beginPath();
        ctx.moveTo(Math.round(v.px) + 0.5, area.top);
        ctx.lineTo(Math.round(v.px) + 0.5, area.bottom);
        ctx.stroke();
      }
      ctx.setLineDash([]);
      const boxes = visible.map((v) => ({ x: v.px + 3, width: ctx.measureText(v.label).width + 6 }));
      const rows = layoutLabels(boxes, MAX_LABEL_ROWS);
      visible.forEach((v, i) => {
        const row = rows[i]!;
        if (row < 0) return;
        const box = boxes[i]!;
        const x = Math.min(box.x, area.right - box.width);
        const y = area.top + 2 + row * (LABEL_HEIGHT + 2);
        ctx.fillStyle = m.labelBackground;
        ctx.fillRect(x, y, box.width, LABEL_HEIGHT);
        ctx.fillStyle = v.color;
        ctx.fillText(v.label, x + 3, y + LABEL_HEIGHT / 2);
      });
      ctx.restore();
    },
  };
}
