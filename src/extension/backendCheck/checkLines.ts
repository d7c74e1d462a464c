/**
 * Reads the lines `gan-train --check-backends FILE --json` prints (src/shared/backendCheck.ts):
 * progress lines while it runs, the result line at the end. Every field is checked, so a line that
 * is not the contract's is ignored rather than shown half-read. Pure.
 */
import type { BackendCheckEntry, BackendCheckProgress, BackendCheckResult } from '../../shared/backendCheck';
import type { ConcreteBackend } from '../../shared/runFormat';

const BACKENDS: readonly string[] = ['tensorflow', 'webgpu', 'wasm', 'cpu'] satisfies readonly ConcreteBackend[];
const STATES: readonly string[] = ['measured', 'skipped', 'failed'] satisfies readonly BackendCheckEntry['state'][];

type Fields = Record<string, unknown>;

const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const isBackend = (v: unknown): v is ConcreteBackend => typeof v === 'string' && BACKENDS.includes(v);
const optional = (v: unknown, type: 'string' | 'number') => v === undefined || typeof v === type;
const isCount = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function isEntry(v: unknown): v is BackendCheckEntry {
  return (
    isObject(v) &&
    isBackend(v.name) &&
    optional(v.variant, 'string') &&
    typeof v.state === 'string' &&
    STATES.includes(v.state) &&
    typeof v.reason === 'string' &&
    optional(v.device, 'string') &&
    (v.stepsPerSecond === undefined || (typeof v.stepsPerSecond === 'number' && Number.isFinite(v.stepsPerSecond))) &&
    (v.timedSteps === undefined || isCount(v.timedSteps)) &&
    (v.warmupSteps === undefined || isCount(v.warmupSteps))
  );
}

function isResult(v: Fields): v is Fields & BackendCheckResult {
  return (
    v.type === 'backendCheck' &&
    typeof v.file === 'string' &&
    typeof v.cacheKey === 'string' &&
    Array.isArray(v.entries) &&
    v.entries.every(isEntry) &&
    (v.fastest === undefined || isBackend(v.fastest)) &&
    typeof v.measuredAt === 'string'
  );
}

function isProgress(v: Fields): v is Fields & BackendCheckProgress {
  return (
    v.type === 'backendCheckProgress' &&
    isBackend(v.name) &&
    optional(v.variant, 'string') &&
    isCount(v.index) &&
    isCount(v.count) &&
    (v.index as number) >= 1 &&
    (v.index as number) <= (v.count as number)
  );
}

/** The line as the check's progress or result; undefined for anything else (text, another JSON). */
export function readCheckLine(line: string): BackendCheckProgress | BackendCheckResult | undefined {
  const text = line.trim();
  if (!text.startsWith('{')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  if (isResult(value)) return value;
  if (isProgress(value)) return value;
  return undefined;
}
