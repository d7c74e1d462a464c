/**
 * The timeline's step on a step chart (issue 24): a solid vertical line at the step with its
 * number, and a click in the plot moves the timeline to the step under the pointer (a drag, which
 * zooms, does not). The step drawn is in the canvas's `data-cursor-step` for the render tests.
 */
import type { Chart, Plugin } from 'chart.js';
import { formatInteger } from '../logic/format';

/** What a chart needs of the timeline. */
export interface StepCursor {
  /** The step to mark (null: none). */
  cursorStep(): number | null;
  /** A click on the chart at `step`. */
  pickStep(step: number): void;
  /** Calls `listener` whenever the step to mark changes; returns the unsubscribe. */
  onCursorMove(listener: () => void): () => void;
}

export function stepCursorPlugin(cursor: StepCursor, style: () => { color: string; font: string }): Plugin {
  let down: { x: number; y: number } | null = null;
  const pressed = (e: PointerEvent) => (down = { x: e.offsetX, y: e.offsetY });
  let canvas: HTMLCanvasElement | null = null;
  return {
    id: 'gwStepCursor',
    install(chart: Chart) {
      canvas = chart.canvas;
      canvas.addEventListener('pointerdown', pressed);
    },
    // Chart.js has let go of its canvas by the time it uninstalls a destroyed chart's plugins.
    uninstall() {
      canvas?.removeEventListener('pointerdown', pressed);
      canvas = null;
    },
    afterEvent(chart: Chart, args) {
      const e = args.event;
      if (e.type !== 'click') return;
      const start = down;
      down = null;
      const x = e.x ?? NaN;
      const y = e.y ?? NaN;
      // A drag across the steps zooms; only a click (the pointer kept still) moves the timeline.
      if (start && Math.hypot(x - start.x, y - start.y) > 4) return;
      const area = chart.chartArea;
      if (!(x >= area.left && x <= area.right && y >= area.top && y <= area.bottom)) return;
      const step = chart.scales.x?.getValueForPixel(x);
      if (step !== undefined && Number.isFinite(step)) cursor.pickStep(Math.round(step));
    },
    afterDatasetsDraw(chart: Chart) {
      const step = cursor.cursorStep();
      const canvas = chart.canvas;
      const scale = chart.scales.x;
      if (step === null || !scale) {
        delete canvas.dataset.cursorStep;
        return;
      }
      canvas.dataset.cursorStep = String(step);
      const px = scale.getPixelForValue(step);
      const area = chart.chartArea;
      if (!Number.isFinite(px) || px < area.left - 0.5 || px > area.right + 0.5) return;
      const { ctx } = chart;
      const s = style();
      ctx.save();
      ctx.strokeStyle = s.color;
      ctx.lineWidth = 1.5;
      ctx.setLineDash([]);
      ctx.beginPath();
      ctx.moveTo(Math.round(px) + 0.5, area.top);
      ctx.lineTo(Math.round(px) + 0.5, area.bottom);
      ctx.stroke();
      ctx.font = s.font;
      ctx.fillStyle = s.color;
      ctx.textBaseline = 'bottom';
      const text = formatInteger(step);
      const width = ctx.measureText(text).width;
      const right = px + 4 + width <= area.right;
      ctx.textAlign = right ? 'left' : 'right';
      ctx.fillText(text, right ? px + 4 : px - 4, area.bottom - 2);
      ctx.restore();
    },
  };
}
