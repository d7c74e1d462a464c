/**
 * 2-D energy runs: a probability per grid cell (the model's softmax(−U), or the real data's) as a
 * heatmap on a colour scale that both maps share (`top`; logarithmic over three decades, so that a
 * spread-out model and a sharp data set both show), optionally with the generated (fixed z)
 * samples on top.
 */
import { mix, toCss, withAlpha, type Rgba } from '../logic/colors';
import { sequential } from '../logic/colorMap';
import { DENSITY_DECADES, logScalePosition } from '../logic/energyDensity';
import { formatValue } from '../logic/format';
import { gridPixels } from '../logic/heatmap';
import { dot, drawAxes } from '../samples/canvas';
import { drawGridImage, type GridExtent } from '../samples/gridImage';
import type { Theme } from '../ui/theme';
import { drawColorBar } from './colorBar';
import { gridFrame, type PanelOptions } from './panel';

export interface DensityMap {
  grid: GridExtent;
  /** Per cell, row-major from (xMin, yMin). */
  probabilities: readonly number[];
  /** The probability at the top of the colour scale (the largest of the maps shown together). */
  top: number;
  /** Points drawn on top (generated samples), or none. */
  overlay: readonly (readonly number[])[];
}

/** Background → D's hue → the foreground: the densities' colour scale, on dark and light themes alike. */
export function densityRamp(theme: Theme): Rgba[] {
  return [theme.background, mix(theme.background, theme.dLoss, 0.55), theme.dLoss, mix(theme.dLoss, theme.foreground, 0.85)];
}

export function renderDensityMap(canvas: HTMLCanvasElement, map: DensityMap, o: PanelOptions): void {
  const { theme } = o;
  const { ctx, frame, bar } = gridFrame(canvas, map.grid, o);
  const ramp = densityRamp(theme);
  ctx.save();
  frame.clip(ctx);
  drawGridImage(
    ctx,
    frame,
    map.grid,
    gridPixels(map.grid.resolution, map.probabilities, (p) => sequential(logScalePosition(p, map.top), ramp)),
  );
  if (map.overlay.length > 0) {
    ctx.beginPath();
    for (const p of map.overlay) if (Number.isFinite(p[0]) && Number.isFinite(p[1])) dot(ctx, frame.px(p[0]!), frame.py(p[1]!), 2);
    ctx.lineWidth = 1.25;
    ctx.strokeStyle = withAlpha(theme.background, 0.9);
    ctx.stroke();
    ctx.fillStyle = toCss(theme.fake);
    ctx.fill();
  }
  ctx.restore();
  drawAxes(ctx, frame, theme, { xTickCount: 5, yTickCount: 5 });
  const ticks = Array.from({ length: DENSITY_DECADES + 1 }, (_, i) => ({
    t: 1 - i / DENSITY_DECADES,
    label: `${i === DENSITY_DECADES ? '≤ ' : ''}${formatValue(map.top / 10 ** i)}`,
  }));
  drawColorBar(ctx, bar, (t) => sequential(t, ramp), ticks, theme);
}
