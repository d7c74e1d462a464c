/** Two plots side by side (before | after) in one canvas: where each goes, with a title above it. */
import type { Theme } from '../../ui/theme';
import { font, type Area } from '../../samples/canvas';
import { toCss, withAlpha } from '../../logic/colors';

export const PAIR_GAP = 24;
export const TITLE_HEIGHT = 20;

export interface PairMargins {
  left: number;
  right: number;
  bottom: number;
}

/** The plot areas of the two panels, each `plotHeight` high (plot widths share what the canvas width leaves). */
export function pairAreas(width: number, plotHeight: number, margin: PairMargins, maxPlotWidth = Infinity): [Area, Area] {
  const column = (width - PAIR_GAP) / 2;
  const plotWidth = Math.max(60, Math.min(maxPlotWidth, column - margin.left - margin.right));
  const area = (i: number): Area => ({
    left: i * (column + PAIR_GAP) + margin.left + Math.max(0, (column - margin.left - margin.right - plotWidth) / 2),
    top: TITLE_HEIGHT,
    width: plotWidth,
    height: plotHeight,
  });
  return [area(0), area(1)];
}

/** The panel's title over its plot area: the first (before) muted, the second (after) in the foreground. */
export function drawPanelTitle(ctx: CanvasRenderingContext2D, theme: Theme, area: Area, text: string, emphasis: boolean): void {
  ctx.save();
  ctx.font = font(theme, emphasis ? -1 : -2);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = emphasis ? toCss(theme.foreground) : withAlpha(theme.muted, 1);
  ctx.fillText(text, area.left, TITLE_HEIGHT / 2, area.width);
  ctx.restore();
}
