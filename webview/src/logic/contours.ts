/**
 * Contour lines of a sampled scalar field by marching squares: each square of four neighbouring
 * samples that a level crosses gets one segment (two at a saddle, split by the square's mean),
 * its ends interpolated linearly along the square's edges.
 */
import type { Segment } from './heatmap';
import { finiteRange, niceTicks } from './plotScale';

/** Samples on a regular grid, row-major: `values[row · columns + column]`. */
export interface SampledField {
  columns: number;
  rows: number;
  values: readonly number[];
}

export interface ContourLine {
  level: number;
  /** In sample coordinates: x = column, y = row (fractional between samples). */
  segments: Segment[];
}

/** Edges of a square, by the corners they join: 0 bottom (c00–c10), 1 right (c10–c11), 2 top (c01–c11), 3 left (c00–c01). */
type Edge = 0 | 1 | 2 | 3;

/** Segments of `level` over the field; squares with a non-finite corner are skipped. */
export function contourSegments(field: SampledField, level: number): Segment[] {
  const { columns, rows, values } = field;
  const segments: Segment[] = [];
  for (let row = 0; row + 1 < rows; row++) {
    for (let col = 0; col + 1 < columns; col++) {
      const c00 = values[row * columns + col]!;
      const c10 = values[row * columns + col + 1]!;
      const c01 = values[(row + 1) * columns + col]!;
      const c11 = values[(row + 1) * columns + col + 1]!;
      if (!Number.isFinite(c00) || !Number.isFinite(c10) || !Number.isFinite(c01) || !Number.isFinite(c11)) continue;
      const pairs = edgePairs(c00 > level, c10 > level, c11 > level, c01 > level, (c00 + c10 + c11 + c01) / 4 > level);
      for (const [a, b] of pairs) {
        const p = crossing(a, col, row, c00, c10, c01, c11, level);
        const q = crossing(b, col, row, c00, c10, c01, c11, level);
        segments.push({ x0: p.x, y0: p.y, x1: q.x, y1: q.y });
      }
    }
  }
  return segments;
}

/** The contour lines of every level. */
export function contourLines(field: SampledField, levels: readonly number[]): ContourLine[] {
  return levels.map((level) => ({ level, segments: contourSegments(field, level) }));
}

/** About `count` round levels strictly inside the range of the finite values. */
export function contourLevels(values: readonly number[], count: number): number[] {
  const range = finiteRange(values);
  if (!range || !(range.max > range.min)) return [];
  const { min, max } = range;
  return niceTicks(min, max, count + 1).filter((level) => level > min && level < max);
}

/** Which edges a level crossing the square joins, from which corners lie above it (and the centre, for saddles). */
function edgePairs(a00: boolean, a10: boolean, a11: boolean, a01: boolean, centreAbove: boolean): [Edge, Edge][] {
  const crossed: Edge[] = [];
  if (a00 !== a10) crossed.push(0);
  if (a10 !== a11) crossed.push(1);
  if (a01 !== a11) crossed.push(2);
  if (a00 !== a01) crossed.push(3);
  if (crossed.length === 2) return [[crossed[0]!, crossed[1]!]];
  if (crossed.length !== 4) return [];
  // A saddle: the centre joins the two corners on its side, so the line cuts off the other two.
  const cutOff00And11 = a00 !== centreAbove;
  return cutOff00And11
    ? [
        [0, 3],
        [1, 2],
      ]
    : [
        [0, 1],
        [3, 2],
      ];
}

/** Where the level crosses an edge of the square at (col, row). */
function crossing(edge: Edge, col: number, row: number, c00: number, c10: number, c01: number, c11: number, level: number) {
  const t = (a: number, b: number) => (a === b ? 0.5 : (level - a) / (b - a));
  switch (edge) {
    case 0:
      return { x: col + t(c00, c10), y: row };
    case 1:
      return { x: col + 1, y: row + t(c10, c11) };
    case 2:
      return { x: col + t(c01, c11), y: row + 1 };
    case 3:
      return { x: col, y: row + t(c00, c01) };
  }
}
