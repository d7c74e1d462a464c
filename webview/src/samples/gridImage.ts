/** Draws a grid's pixels (one per cell, top row = highest y) over the grid's extent in a plot frame, smoothed. */
import type { Frame } from './canvas';

export interface GridExtent {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  resolution: number;
}

export function drawGridImage(ctx: CanvasRenderingContext2D, frame: Frame, grid: GridExtent, pixels: Uint8ClampedArray<ArrayBuffer>): void {
  const off = document.createElement('canvas');
  off.width = off.height = grid.resolution;
  off.getContext('2d')!.putImageData(new ImageData(pixels, grid.resolution, grid.resolution), 0, 0);
  ctx.save();
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  const x0 = frame.px(grid.xMin);
  const y0 = frame.py(grid.yMax);
  ctx.drawImage(off, x0, y0, frame.px(grid.xMax) - x0, frame.py(grid.yMin) - y0);
  ctx.restore();
}
