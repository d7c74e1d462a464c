/**
 * What the experiment schema says about one setting, in words: its default, its allowed range or
 * values, whether it is required. Read from the schema nodes themselves (the TypeBox objects of
 * `schema.ts` or their JSON Schema copies: the same keywords), so hover in the editor, completion
 * details and the published schema's `markdownDescription` all say what the validator enforces.
 * Pure: no `vscode` import.
 */

/** The JSON Schema keywords read here (TypeBox nodes carry the same ones). */
export interface SchemaLike {
  type?: unknown;
  description?: unknown;
  default?: unknown;
  minimum?: unknown;
  maximum?: unknown;
  minLength?: unknown;
  maxLength?: unknown;
  minItems?: unknown;
  maxItems?: unknown;
  pattern?: unknown;
  enum?: unknown;
  const?: unknown;
  anyOf?: unknown;
  items?: unknown;
  properties?: unknown;
}

const isSchema = (v: unknown): v is SchemaLike => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The string values of an enum given as anyOf of consts, or undefined when `node` is not one. */
export function literalValues(node: SchemaLike): string[] | undefined {
  if (!Array.isArray(node.anyOf) || node.anyOf.length === 0) return undefined;
  const values = node.anyOf.map((v: unknown) => (isSchema(v) && typeof v.const === 'string' ? v.const : undefined));
  return values.every((v): v is string => v !== undefined) ? values : undefined;
}

/** The variants of a union discriminated by `kind`, with their kinds, or undefined when `node` is not one. */
export function kindVariants(node: SchemaLike): { kind: string; variant: SchemaLike }[] | undefined {
  if (!Array.isArray(node.anyOf) || node.anyOf.length === 0) return undefined;
  const out: { kind: string; variant: SchemaLike }[] = [];
  for (const variant of node.anyOf as unknown[]) {
    if (!isSchema(variant) || !isSchema(variant.properties)) return undefined;
    const kind = (variant.properties as Record<string, unknown>).kind;
    if (!isSchema(kind) || typeof kind.const !== 'string') return undefined;
    out.push({ kind: kind.const, variant });
  }
  return out;
}

/** A number as people read it: thousands separated in large integers, exponents kept for tiny ones. */
export function formatNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) >= 10000) return n.toLocaleString('en-US');
  return String(n);
}

/** A value as it is written in the file, short: `0.0001`, `"relu"`, `[128, 128]`, `{ "kind": "adam" }`. */
export function formatValue(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (isSchema(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${formatValue(v)}`).join(', ')} }`;
  }
  return JSON.stringify(value);
}

const typeWords: Record<string, string> = {
  integer: 'integer',
  number: 'number',
  string: 'string',
  boolean: 'true or false',
  array: 'list',
  object: 'object',
};

export interface SchemaFacts {
  /** `integer`, `number`, `string`, `true or false`, `list`, `object`, `one of …`, `kind …`. */
  type: string;
  /** The default as written in the file (`0.0001`, `"relu"`), when there is one. */
  default?: string;
  /** The allowed range or size in words: `0 to 10`, `1 to 64 characters`, `1 to 32 items, each 1 to 8,192`. */
  range?: string;
  /** The allowed values (enums) or kinds (unions by `kind`). */
  values?: string[];
  /** True when the file must give it (no default). */
  required: boolean;
}

function rangeOf(node: SchemaLike): string | undefined {
  const { minimum, maximum } = node;
  if (typeof minimum === 'number' && typeof maximum === 'number') return `${formatNumber(minimum)} to ${formatNumber(maximum)}`;
  if (typeof minimum === 'number') return `at least ${formatNumber(minimum)}`;
  if (typeof maximum === 'number') return `at most ${formatNumber(maximum)}`;
  return undefined;
}

function sizeOf(min: unknown, max: unknown, unit: string): string | undefined {
  const lo = typeof min === 'number' && min > 0 ? min : undefined;
  const hi = typeof max === 'number' ? max : undefined;
  if (lo !== undefined && hi !== undefined) return lo === hi ? `${lo} ${unit}` : `${lo} to ${formatNumber(hi)} ${unit}`;
  if (lo !== undefined) return `at least ${lo} ${unit}`;
  if (hi !== undefined) return `at most ${formatNumber(hi)} ${unit}`;
  return undefined;
}

/**
 * The facts of one property's schema. `required` is the file's view: no default and not optional
 * (`optional`, for a section such as `conditional` that may be left out without a default).
 */
export function schemaFacts(node: SchemaLike, optional = false): SchemaFacts {
  const facts: SchemaFacts = { type: '', required: node.default === undefined && !optional };
  if (node.default !== undefined) {
    const kinds = kindVariants(node);
    const def = node.default as Record<string, unknown>;
    // A union's default is an object with only its kind: say the kind.
    facts.default = kinds && isSchema(def) && Object.keys(def).length === 1 ? formatValue(def.kind) : formatValue(node.default);
  }
  const literals = literalValues(node);
  const kinds = literals ? undefined : kindVariants(node);
  const enumValues = Array.isArray(node.enum) ? (node.enum as unknown[]) : undefined;
  if (literals) {
    facts.type = 'one of';
    facts.values = literals.map((v) => JSON.stringify(v));
  } else if (kinds) {
    facts.type = 'object chosen by "kind"';
    facts.values = kinds.map((k) => JSON.stringify(k.kind));
  } else if (enumValues) {
    facts.type = typeWords[String(node.type)] ?? 'one of';
    facts.values = enumValues.map(formatValue);
  } else {
    facts.type = typeWords[String(node.type)] ?? String(node.type ?? 'value');
    if (node.type === 'integer' || node.type === 'number') {
      const range = rangeOf(node);
      if (range) facts.range = range;
    } else if (node.type === 'string') {
      const size = sizeOf(node.minLength, node.maxLength, 'characters');
      const pattern = typeof node.pattern === 'string' ? `matching ${node.pattern}` : undefined;
      const range = [size, pattern].filter(Boolean).join(', ');
      if (range) facts.range = range;
    } else if (node.type === 'array') {
      const size = sizeOf(node.minItems, node.maxItems, 'items');
      const items = isSchema(node.items) ? node.items : undefined;
      const itemValues = items ? (literalValues(items) ?? kindVariants(items)?.map((k) => k.kind)) : undefined;
      const itemRange = items && (items.type === 'integer' || items.type === 'number') ? rangeOf(items) : undefined;
      const each = itemValues ? `each one of ${itemValues.map((v) => JSON.stringify(v)).join(', ')}` : itemRange && `each ${itemRange}`;
      const range = [size, each].filter(Boolean).join(', ');
      if (range) facts.range = range;
    }
  }
  return facts;
}

/** Markdown as plain text: escapes what markdown would take as syntax (`runs/<name>/` stays visible). */
export const escapeMarkdown = (text: string): string => text.replace(/[\\`*_[\]<>]/g, '\\$&');

/** `Default: `0.0001` · Range: 0 to 10` — the facts line of hover and of the schema's markdownDescription. */
export function factsLine(facts: SchemaFacts, effectiveDefault?: { value: string; why: string }): string {
  const parts: string[] = [];
  if (facts.required) parts.push('Required');
  if (facts.default !== undefined) {
    const here =
      effectiveDefault && effectiveDefault.value !== facts.default ? ` (${effectiveDefault.why}: \`${effectiveDefault.value}\`)` : '';
    parts.push(`Default: \`${facts.default}\`${here}`);
  }
  if (facts.range !== undefined) parts.push(`Range: ${escapeMarkdown(facts.range)}${facts.type === 'integer' ? ', integer' : ''}`);
  else if (facts.type === 'integer' && facts.values === undefined) parts.push('Integer');
  if (facts.values !== undefined)
    parts.push(`${facts.type.includes('kind') ? 'Kinds' : 'Values'}: ${facts.values.map((v) => `\`${v}\``).join(', ')}`);
  return parts.join(' · ');
}
