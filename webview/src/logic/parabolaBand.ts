/**
 * The band real parabola curves fill: y = a·x² + (a − 1) with a in [aMin, aMax] (the seed's toy:
 * between x² and 2x² + 1). For each x the band runs from the smaller to the larger end value.
 */
import type { Experiment } from '../../../src/shared/experiment/schema';

export interface ParabolaRange {
  aMin: number;
  aMax: number;
}

export function parabolaRange(config: Experiment | null): ParabolaRange {
  const data = config?.data;
  if (data && data.kind === 'parabola' && Number.isFinite(data.aMin) && Number.isFinite(data.aMax))
    return { aMin: data.aMin, aMax: data.aMax };
  return { aMin: 1, aMax: 2 };
}

export const parabola = (a: number, x: number): number => a * x * x + (a - 1);

/** `count` (≥ 2) points of the band's lower and upper edge on [xMin, xMax]. */
export function parabolaBand(
  range: ParabolaRange,
  xMin: number,
  xMax: number,
  count: number,
): { x: number[]; lower: number[]; upper: number[] } {
  const n = Math.max(2, count);
  const x: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  for (let i = 0; i < n; i++) {
    const xi = xMin + ((xMax - xMin) * i) / (n - 1);
    const a = parabola(range.aMin, xi);
    const b = parabola(range.aMax, xi);
    x.push(xi);
    lower.push(Math.min(a, b));
    upper.push(Math.max(a, b));
  }
  return { x, lower, upper };
}
