/**
 * Axes of the sweep charts (pure): how a parameter's or a metric's values map onto an axis. Numbers
 * spread over a factor of 10 or more, all positive (learning rates), take a log axis; strings and
 * booleans (`loss.kind`) take one evenly spaced place per distinct value, in sorted order.
 */
import type { SweepParamValue } from '../../../src/shared/protocol';
import { formatParam } from './sweepTrials';

export type SweepAxis =
  { kind: 'linear'; min: number; max: number } | { kind: 'log'; min: number; max: number } | { kind: 'category'; values: string[] };

const LOG_RATIO = 10;

/** The axis for these values (undefined ones ignored). */
export function sweepAxis(values: readonly (SweepParamValue | undefined)[]): SweepAxis {
  const present = values.filter((v): v is SweepParamValue => v !== undefined);
  if (present.length === 0 || present.some((v) => typeof v !== 'number')) {
    const distinct = [...new Set(present.map((v) => String(v)))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    return { kind: 'category', values: distinct };
  }
  const numbers = (present as number[]).filter((v) => Number.isFinite(v));
  if (numbers.length === 0) return { kind: 'linear', min: 0, max: 1 };
  const min = Math.min(...numbers);
  const max = Math.max(...numbers);
  if (min > 0 && max / min >= LOG_RATIO * (1 - 1e-9)) return { kind: 'log', min, max };
  return { kind: 'linear', min, max };
}

/**
 * Where `v` lies on the axis, from 0 (min, first category) to 1 (max, last category); 0.5 for an axis
 * of one value; undefined for a value the axis does not hold.
 */
export function axisPosition(axis: SweepAxis, v: SweepParamValue | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (axis.kind === 'category') {
    const i = axis.values.indexOf(String(v));
    if (i < 0) return undefined;
    return axis.values.length === 1 ? 0.5 : i / (axis.values.length - 1);
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
  if (axis.max === axis.min) return 0.5;
  if (axis.kind === 'log') return (Math.log(v) - Math.log(axis.min)) / (Math.log(axis.max) - Math.log(axis.min));
  return (v - axis.min) / (axis.max - axis.min);
}

/** Distinct numbers up to which each value of a numeric axis gets its own label. */
const LABEL_EACH = 6;

/**
 * The labels along an axis, with their positions: each category; each value of a numeric axis of a
 * few distinct `values`; else the ends and the middle.
 */
export function axisTicks(axis: SweepAxis, values: readonly (SweepParamValue | undefined)[] = []): { at: number; label: string }[] {
  const distinct = [...new Set(values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)))].sort((a, b) => a - b);
  if (axis.kind !== 'category' && distinct.length > 0 && distinct.length <= LABEL_EACH)
    return distinct.map((v) => ({ at: axisPosition(axis, v)!, label: formatParam(v) }));
  if (axis.kind === 'category')
    return axis.values.map((v, i) => ({ at: axis.values.length === 1 ? 0.5 : i / (axis.values.length - 1), label: v }));
  if (axis.max === axis.min) return [{ at: 0.5, label: formatParam(axis.min) }];
  const mid = axis.kind === 'log' ? Math.sqrt(axis.min * axis.max) : (axis.min + axis.max) / 2;
  return [
    { at: 0, label: formatParam(axis.min) },
    { at: 0.5, label: formatParam(mid) },
    { at: 1, label: formatParam(axis.max) },
  ];
}

/** A value for a chart's x or y: categories by their place (0, 1, 2, …), numbers as they are. */
export function chartCoordinate(axis: SweepAxis, v: SweepParamValue | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (axis.kind === 'category') {
    const i = axis.values.indexOf(String(v));
    return i < 0 ? undefined : i;
  }
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
