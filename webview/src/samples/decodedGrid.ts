/** A grid's decoded pixels drawn once into a canvas of its own size, kept while the grid object is (the record's). */
import type { GridPixels } from '../../../src/shared/protocol';
import { gridRgba } from '../logic/imageGrid';

const decoded = new WeakMap<GridPixels, HTMLCanvasElement | null>();

/** The grid as a canvas, or null when it is missing or not well-formed pixels. */
export function decodedGrid(grid: GridPixels | null | undefined): HTMLCanvasElement | null {
  if (!grid) return null;
  if (decoded.has(grid)) return decoded.get(grid)!;
  const rgba = gridRgba(grid);
  let canvas: HTMLCanvasElement | null = null;
  if (rgba) {
    canvas = document.createElement('canvas');
    canvas.width = grid.width;
    canvas.height = grid.height;
    canvas.getContext('2d')!.putImageData(new ImageData(rgba, grid.width, grid.height), 0, 0);
  }
  decoded.set(grid, canvas);
  return canvas;
}
