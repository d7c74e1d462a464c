/**
 * A sweep parameter's path into an experiment (`optimizer.generator.lr`, `regularizers[0].std`):
 * read, checked against the experiment's schema (and the base file, which picks the variant of a
 * union by its "kind" and the length of a list), and used to set a value in a copy of the base.
 */
import { Kind, type TSchema } from '@sinclair/typebox';
import { closestMatch } from '../experiment/didYouMean';
import type { JsonPath } from '../experiment/sourceMap';

const SEGMENT = /^([A-Za-z_$][\w$]*)((?:\[\d+\])*)$/;

/** `a.b[0].c` as ['a', 'b', 0, 'c'], or a message saying what is wrong with the text. */
export function parsePath(text: string): JsonPath | string {
  const out: JsonPath = [];
  for (const part of text.split('.')) {
    const match = SEGMENT.exec(part);
    if (!match)
      return `"${text}" is not a field path: write names joined by "." with [index] for list items, e.g. "optimizer.generator.lr" or "regularizers[0].std"`;
    out.push(match[1]!);
    for (const index of match[2]!.matchAll(/\[(\d+)\]/g)) out.push(Number(index[1]));
  }
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function variantFor(schema: TSchema, base: unknown, key: string): TSchema | undefined {
  const variants = schema.anyOf as TSchema[];
  const objects = variants.filter((v) => v[Kind] === 'Object');
  const kind = isRecord(base) ? base.kind : undefined;
  const chosen = objects.find((v) => (v.properties as Record<string, TSchema>).kind?.const === kind);
  if (chosen) return chosen;
  return objects.find((v) => Object.hasOwn(v.properties as Record<string, TSchema>, key));
}

/**
 * Undefined when `path` names a field of an experiment shaped like `base` (the resolved base
 * experiment: its kinds and list lengths), else why not and how to fix it.
 */
export function pathProblem(root: TSchema, base: unknown, path: JsonPath, text: string): string | undefined {
  let schema: TSchema = root;
  let value: unknown = base;
  for (const [i, segment] of path.entries()) {
    const at = i === 0 ? 'an experiment' : `"${pathText(path.slice(0, i))}"`;
    if (schema[Kind] === 'Union' && typeof segment === 'string') {
      const variant = variantFor(schema, value, segment);
      if (!variant) return `${at} has no field "${segment}" (it is a ${describeKind(schema)}); fix the path "${text}"`;
      schema = variant;
    }
    if (schema[Kind] === 'Object') {
      if (typeof segment !== 'string') return `${at} is an object, not a list: write ".name" instead of "[${segment}]" in "${text}"`;
      const properties = schema.properties as Record<string, TSchema>;
      if (!Object.hasOwn(properties, segment)) {
        const guess = closestMatch(segment, Object.keys(properties));
        const kindNote = isRecord(value) && typeof value.kind === 'string' ? ` of kind "${value.kind}"` : '';
        return `${at}${kindNote} has no field "${segment}"${guess ? `; did you mean "${guess}"?` : ''} (fix the path "${text}")`;
      }
      schema = properties[segment]!;
      value = isRecord(value) ? value[segment] : undefined;
      continue;
    }
    if (schema[Kind] === 'Array') {
      if (typeof segment !== 'number') return `${at} is a list: select an item with [index] instead of ".${segment}" in "${text}"`;
      const length = Array.isArray(value) ? value.length : 0;
      if (segment >= length)
        return `${at} has ${length} item${length === 1 ? '' : 's'} in the base experiment, so [${segment}] does not exist; add the item to the base experiment or fix the path "${text}"`;
      schema = schema.items as TSchema;
      value = (value as unknown[])[segment];
      continue;
    }
    return `${at} is a single value, it has no field "${String(segment)}"; fix the path "${text}"`;
  }
  return undefined;
}

function describeKind(schema: TSchema): string {
  const kinds = (schema.anyOf as TSchema[]).map((v) => (v.properties as Record<string, TSchema> | undefined)?.kind?.const as unknown);
  return kinds.every((k) => typeof k === 'string') ? `"kind": ${kinds.map((k) => JSON.stringify(k)).join(' | ')}` : 'choice of values';
}

/** `['a', 'b', 0]` as `a.b[0]`. */
export function pathText(path: JsonPath): string {
  let out = '';
  for (const s of path) out += typeof s === 'number' ? `[${s}]` : out === '' ? s : `.${s}`;
  return out;
}

/**
 * Sets `value` at `path` of `target` (a plain JSON object). A missing object on the way is taken
 * from `defaults` (the resolved base: `optimizer.generator.lr` in a file that leaves the optimizer
 * to its defaults keeps the default's "kind"), else made empty.
 */
export function setAt(target: Record<string, unknown>, path: JsonPath, value: unknown, defaults?: unknown): void {
  let node: Record<string | number, unknown> | unknown[] = target;
  let fallback: unknown = defaults;
  for (const [i, segment] of path.entries()) {
    const last = i === path.length - 1;
    const container = node as Record<string | number, unknown>;
    if (last) {
      container[segment] = JSON.parse(JSON.stringify(value)) as unknown;
      return;
    }
    fallback = typeof fallback === 'object' && fallback !== null ? (fallback as Record<string | number, unknown>)[segment] : undefined;
    let next = container[segment];
    if (typeof next !== 'object' || next === null) {
      next =
        typeof fallback === 'object' && fallback !== null
          ? (JSON.parse(JSON.stringify(fallback)) as unknown)
          : typeof path[i + 1] === 'number'
            ? []
            : {};
      container[segment] = next;
    }
    node = next as Record<string, unknown>;
  }
}

/** Whether one path is the other or lies inside it (`loss` and `loss.kind`). */
export function overlaps(a: JsonPath, b: JsonPath): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}
