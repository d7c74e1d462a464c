/**
 * Tiles of a PNG sample grid as the trainer writes them (src/training/recording/imageGrid.ts):
 * tile i at column i mod columns, row ⌊i / columns⌋, GRID_GUTTER transparent pixels between tiles.
 * Which tile a point of the grid falls on, where a tile is, and how the arrow keys move a selection.
 */
import type { ImageShape } from '../../../src/shared/runFormat';

/** Transparent pixels between tiles (the trainer's GRID_GUTTER; the host checks grid sizes with it). */
export const GRID_GUTTER = 1;

export interface GridTiles {
  columns: number;
  rows: number;
}

/** Whole tiles across and down a grid of `width` × `height` pixels. */
export function gridTiles(width: number, height: number, shape: ImageShape): GridTiles {
  return {
    columns: Math.max(0, Math.floor((width + GRID_GUTTER) / (shape.width + GRID_GUTTER))),
    rows: Math.max(0, Math.floor((height + GRID_GUTTER) / (shape.height + GRID_GUTTER))),
  };
}

/** Top-left pixel of tile `index`. */
export function tileOrigin(index: number, shape: ImageShape, columns: number): { x: number; y: number } {
  return {
    x: (index % columns) * (shape.width + GRID_GUTTER),
    y: Math.floor(index / columns) * (shape.height + GRID_GUTTER),
  };
}

/** The tile under grid pixel (x, y), or −1 (a gutter, outside the grid, or at or past `count` tiles). */
export function tileAt(x: number, y: number, shape: ImageShape, tiles: GridTiles, count: number): number {
  if (!(x >= 0 && y >= 0)) return -1;
  const column = Math.floor(x / (shape.width + GRID_GUTTER));
  const row = Math.floor(y / (shape.height + GRID_GUTTER));
  if (column >= tiles.columns || row >= tiles.rows) return -1;
  if (x - column * (shape.width + GRID_GUTTER) >= shape.width || y - row * (shape.height + GRID_GUTTER) >= shape.height) return -1;
  const index = row * tiles.columns + column;
  return index < count ? index : -1;
}

/**
 * The tile a key selects from `current` (−1: none yet) among `count` tiles laid out `columns`
 * across: arrows move by one tile (left and right wrap to the previous or next row), Home and End
 * go to the first and last; null for any other key.
 */
export function moveTile(current: number, key: string, columns: number, count: number): number | null {
  if (count <= 0 || columns <= 0) return null;
  if (current < 0 || current >= count) return ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'].includes(key) ? 0 : null;
  const clamp = (i: number) => Math.max(0, Math.min(count - 1, i));
  switch (key) {
    case 'ArrowLeft':
      return clamp(current - 1);
    case 'ArrowRight':
      return clamp(current + 1);
    case 'ArrowUp':
      return current - columns >= 0 ? current - columns : current;
    case 'ArrowDown':
      return current + columns < count ? current + columns : current;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
