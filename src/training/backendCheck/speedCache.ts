/**
 * The cache of Check Backends measurements: one per model shape and machine, in the user's cache
 * folder ($XDG_CACHE_HOME/gan-workbench/backend-speeds.json, else ~/.cache/…). Written atomically; a
 * damaged file is ignored with a warning (and replaced at the next write), never fatal.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { BackendCheckEntry, BackendCheckResult } from '../../shared/backendCheck';
import { writeJsonAtomic } from '../../shared/atomicFile';
import type { MachineShape } from './machine';
import type { ModelShape } from './modelKey';

export const SPEED_CACHE_FILE = 'backend-speeds.json';
const FORMAT = 1;

export function speedCachePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'gan-workbench', SPEED_CACHE_FILE);
}

/** JSON with object keys sorted, so that equal shapes give equal text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** The key of a model shape on a machine: 16 hex digits of a SHA-256. */
export function cacheKey(model: ModelShape, machine: MachineShape): string {
  return createHash('sha256').update(canonical({ model, machine })).digest('hex').slice(0, 16);
}

interface CacheFile {
  format: typeof FORMAT;
  measurements: Record<string, BackendCheckResult>;
}

const isEntry = (e: unknown): e is BackendCheckEntry => {
  const x = e as Partial<BackendCheckEntry> | null;
  return (
    typeof x?.name === 'string' &&
    typeof x.reason === 'string' &&
    (x.state === 'measured' || x.state === 'skipped' || x.state === 'failed') &&
    (x.stepsPerSecond === undefined || (typeof x.stepsPerSecond === 'number' && Number.isFinite(x.stepsPerSecond)))
  );
};

const isResult = (r: unknown): r is BackendCheckResult => {
  const x = r as Partial<BackendCheckResult> | null;
  return (
    x?.type === 'backendCheck' &&
    typeof x.cacheKey === 'string' &&
    typeof x.measuredAt === 'string' &&
    Array.isArray(x.entries) &&
    x.entries.every(isEntry)
  );
};

export class SpeedCache {
  constructor(
    readonly path: string = speedCachePath(),
    private readonly warn: (message: string) => void = () => {},
  ) {}

  /** Every measurement in the file; nothing (with a warning) when it is damaged, nothing when it is absent. */
  private read(): Record<string, BackendCheckResult> {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      return {};
    }
    try {
      const file = JSON.parse(text) as Partial<CacheFile> | null;
      if (file?.format !== FORMAT || typeof file.measurements !== 'object' || file.measurements === null)
        throw new Error(`not a format ${FORMAT} cache`);
      const valid = Object.entries(file.measurements).filter(([key, r]) => isResult(r) && r.cacheKey === key);
      return Object.fromEntries(valid);
    } catch (e) {
      this.warn(`the backend speed cache ${this.path} is damaged and was ignored (${e instanceof Error ? e.message : String(e)})`);
      return {};
    }
  }

  get(key: string): BackendCheckResult | undefined {
    return this.read()[key];
  }

  put(result: BackendCheckResult): void {
    const measurements = { ...this.read(), [result.cacheKey]: result };
    mkdirSync(dirname(this.path), { recursive: true });
    writeJsonAtomic(this.path, { format: FORMAT, measurements } satisfies CacheFile);
  }
}
