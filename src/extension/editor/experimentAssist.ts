/**
 * Hover and completion for experiment files, from the one schema definition (`schema.ts`): what a
 * setting means, its default (the loss-dependent one of this file too, from `lossDefaults.ts`), its
 * range or values, and inside an object the properties it may still get, each with its default.
 * Pure: text and offsets in, markdown and snippets out (`languageFeatures.ts` hands them to VS Code).
 */
import { Kind, OptionalKind, type TSchema } from '@sinclair/typebox';
import { createScanner, findNodeAtLocation, getLocation, getNodeValue, parseTree, type Node } from 'jsonc-parser';
import { applyLossDependentDefaults } from '../../shared/experiment/lossDefaults';
import { ExperimentSchema } from '../../shared/experiment/schema';
import {
  escapeMarkdown,
  factsLine,
  formatValue,
  kindVariants,
  literalValues,
  schemaFacts,
  type SchemaFacts,
} from '../../shared/experiment/schemaDocs';
import { formatJsonPath, type JsonPath } from '../../shared/experiment/sourceMap';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const propertiesOf = (node: TSchema): Record<string, TSchema> => (node.properties as Record<string, TSchema> | undefined) ?? {};

/** The object schemas `node` offers for `value`: the variant of its kind, or every variant when the kind is not (yet) one. */
function objectVariants(node: TSchema, value: unknown): TSchema[] {
  const variants = kindVariants(node);
  if (variants) {
    const given = isRecord(value) ? value.kind : undefined;
    const match = variants.find((v) => v.kind === given);
    return match ? [match.variant as TSchema] : variants.map((v) => v.variant as TSchema);
  }
  return node[Kind] === 'Object' ? [node] : [];
}

/** A property's schema, found by walking `path` through the document's own kinds. */
export interface SchemaTarget {
  node: TSchema;
  /** May be left out without a default (the `conditional` section). */
  optional: boolean;
  /** The kinds that have this property, when the enclosing union's kind is not given yet and not all of them do. */
  onlyWithKinds?: string[];
  /** The union this property chooses the variant of (set on a `kind` property). */
  union?: TSchema;
}

function valueAt(value: unknown, path: JsonPath): unknown {
  let out = value;
  for (const segment of path) out = isRecord(out) || Array.isArray(out) ? (out as Record<string | number, unknown>)[segment] : undefined;
  return out;
}

/** The schema of the value at `path` in `document` (the parsed file), or undefined where the schema has no such property. */
export function schemaAt(path: JsonPath, document: unknown): SchemaTarget | undefined {
  let target: SchemaTarget = { node: ExperimentSchema, optional: false };
  let value = document;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (target.node[Kind] !== 'Array') return undefined;
      target = { node: target.node.items as TSchema, optional: false };
    } else {
      const candidates = objectVariants(target.node, value);
      const having = candidates.filter((c) => Object.hasOwn(propertiesOf(c), segment));
      if (having.length === 0) return undefined;
      const node = propertiesOf(having[0]!)[segment]!;
      const next: SchemaTarget = { node, optional: OptionalKind in node };
      if (having.length < candidates.length) next.onlyWithKinds = having.map((c) => propertiesOf(c).kind!.const as string);
      if (segment === 'kind' && kindVariants(target.node)) next.union = target.node;
      target = next;
    }
    value = isRecord(value) || Array.isArray(value) ? (value as Record<string | number, unknown>)[segment] : undefined;
  }
  return target;
}

/** A default that this file's loss (and data) sets, where it differs from the schema's own. */
export interface FileDefault {
  value: unknown;
  /** As written in the file: `5`, `{ "kind": "rmsprop" }`. */
  text: string;
  /** Why, in words: `left out with loss energy`. */
  why: string;
}

/**
 * The value a run of this file takes at `path` when the file leaves it out, where that comes from
 * the loss (RMSprop for wgan, k 5 and λ by data for energy): `lossDefaults.ts` applied to the file
 * without that property. Undefined where the loss sets nothing there.
 */
export function lossDependentDefault(document: unknown, path: JsonPath): FileDefault | undefined {
  if (!isRecord(document) || path.length === 0) return undefined;
  const copy = JSON.parse(JSON.stringify(document)) as Record<string, unknown>;
  const parent = valueAt(copy, path.slice(0, -1));
  if (isRecord(parent)) delete parent[path.at(-1) as string];
  else if (parent !== undefined) return undefined;
  applyLossDependentDefaults(copy);
  const filled = valueAt(copy, path);
  if (filled === undefined) return undefined;
  const loss = isRecord(copy.loss) ? String(copy.loss.kind) : '?';
  return { value: filled, text: formatValue(filled), why: `left out with loss ${loss}` };
}

// ---------------------------------------------------------------------------------------------
// Hover

export interface AssistHover {
  markdown: string;
  offset: number;
  length: number;
}

/** What a `kind` value chooses, in a line per setting: `modes` 8 (1 to 256). */
function settingsOf(variant: TSchema): string {
  const lines = Object.entries(propertiesOf(variant))
    .filter(([name]) => name !== 'kind')
    .map(([name, node]) => {
      const facts = schemaFacts(node, OptionalKind in node);
      const def = facts.default !== undefined ? ` \`${facts.default}\`` : facts.required ? ' (required)' : '';
      const range = facts.range ? ` (${escapeMarkdown(facts.range)})` : '';
      return `- \`${name}\`${def}${range}`;
    });
  return lines.length > 0 ? `Settings:\n${lines.join('\n')}` : 'No settings besides `kind`.';
}

/** Markdown for the setting at `path`: description, facts (with this file's loss-dependent default), and for a kind its settings. */
export function describeSetting(path: JsonPath, document: unknown, value?: unknown): string | undefined {
  const target = schemaAt(path, document);
  if (!target) return undefined;
  const { node } = target;
  const parts = [`**${escapeMarkdown(formatJsonPath(path))}**`];
  if (target.union) {
    const variant = kindVariants(target.union)!.find((v) => v.kind === value);
    const description = variant
      ? (propertiesOf(variant.variant as TSchema).kind!.description as string)
      : String(target.union.description ?? '');
    parts.push(escapeMarkdown(description));
    const facts: SchemaFacts = { type: 'kind', required: true, values: kindVariants(target.union)!.map((v) => JSON.stringify(v.kind)) };
    parts.push(factsLine(facts));
    if (variant) parts.push(settingsOf(variant.variant as TSchema));
    return parts.join('\n\n');
  }
  if (typeof node.description === 'string') parts.push(escapeMarkdown(node.description));
  const fileDefault = lossDependentDefault(document, path);
  parts.push(factsLine(schemaFacts(node, target.optional), fileDefault && { value: fileDefault.text, why: fileDefault.why }));
  if (target.onlyWithKinds) parts.push(`Only with \`kind\` ${target.onlyWithKinds.map((k) => `\`${k}\``).join(', ')}.`);
  return parts.join('\n\n');
}

/** Hover at `offset`: on a property's key or value, what that setting is. */
export function hoverAt(text: string, offset: number): AssistHover | undefined {
  const location = getLocation(text, offset);
  const token = location.previousNode;
  if (!token || offset < token.offset || offset > token.offset + token.length) return undefined;
  let path = location.path;
  // A number inside a list (a hidden layer's width): the list's setting.
  while (path.length > 0 && typeof path.at(-1) === 'number' && token.type !== 'property' && !isRecord(token.value)) {
    const parent = schemaAt(path, document(text));
    if (parent && parent.node[Kind] !== 'Object' && !kindVariants(parent.node)) path = path.slice(0, -1);
    else break;
  }
  const markdown = describeSetting(path, document(text), location.isAtPropertyKey ? undefined : token.value);
  return markdown === undefined ? undefined : { markdown, offset: token.offset, length: token.length };
}

const document = (text: string): unknown => {
  const root = parseTree(text, [], { allowTrailingComma: true });
  return root ? (getNodeValue(root) as unknown) : undefined;
};

// ---------------------------------------------------------------------------------------------
// Completion

export interface AssistCompletion {
  label: string;
  kind: 'property' | 'value';
  /** One line: the default and range, e.g. `0.01 · 0.000001 to 100`. */
  detail: string;
  /** Markdown, as in hover. */
  documentation: string;
  /** A VS Code snippet. */
  snippet: string;
  /** What the typed text is matched against (keys typed with their opening quote match `"name`). */
  filterText: string;
  sortText: string;
}

export interface AssistCompletions {
  items: AssistCompletion[];
  /** The text the chosen item replaces. */
  offset: number;
  length: number;
}

const escapeSnippet = (text: string): string => text.replace(/[$}\\]/g, '\\$&');
const choice = (values: readonly string[]): string => `\${1|${values.map((v) => v.replace(/[,|\\$}]/g, '\\$&')).join(',')}|}`;
/** `values` with `first` moved to the front (the default is the first choice). */
const defaultFirst = <T>(values: readonly T[], first: unknown): T[] => [
  ...values.filter((v) => v === first),
  ...values.filter((v) => v !== first),
];

/** The value a new property gets: its default for this file, or a choice of its values. */
function valueSnippet(node: TSchema, fileDefault: unknown): string {
  const def = fileDefault ?? node.default;
  const literals = literalValues(node);
  if (literals) return `"${choice(defaultFirst(literals, def))}"`;
  const kinds = kindVariants(node);
  if (kinds) {
    const kind = isRecord(def) ? def.kind : undefined;
    return `{ "kind": "${choice(
      defaultFirst(
        kinds.map((k) => k.kind),
        kind,
      ),
    )}"$0 }`;
  }
  if (Array.isArray(node.enum)) return choice(defaultFirst(node.enum as number[], def).map(String));
  switch (node.type) {
    case 'boolean':
      return choice(defaultFirst(['true', 'false'], String(def)));
    case 'string':
      return `"\${1:${escapeSnippet(typeof def === 'string' ? def : '')}}"`;
    case 'number':
    case 'integer':
      return def === undefined ? '${1:0}' : `\${1:${String(def)}}`;
    case 'array':
      return Array.isArray(def) && def.length > 0 ? `[\${1:${escapeSnippet(def.map((v) => JSON.stringify(v)).join(', '))}}]` : '[$1]';
    case 'object':
      return isRecord(def) && Object.keys(def).length > 0 ? escapeSnippet(formatValue(def)) : '{$1}';
    default:
      return '$1';
  }
}

/** One line for the completion list: `default 0.01 · 0.000001 to 100`, `required · 1 to 64 characters`. */
function detailOf(facts: SchemaFacts, fileDefault: string | undefined, onlyWithKinds?: string[]): string {
  const parts: string[] = [];
  if (fileDefault !== undefined && fileDefault !== facts.default)
    parts.push(`default ${fileDefault} in this file (${facts.default ?? 'none'} otherwise)`);
  else if (facts.default !== undefined) parts.push(`default ${facts.default}`);
  else if (facts.required) parts.push('required');
  if (facts.range) parts.push(facts.range);
  else if (facts.values && facts.values.length <= 6) parts.push(facts.values.join(' | '));
  if (onlyWithKinds) parts.push(`only with kind ${onlyWithKinds.join(', ')}`);
  return parts.join(' · ');
}

// jsonc-parser's SyntaxKind is a const enum, which isolatedModules cannot read: its values.
const [CLOSE_BRACE, CLOSE_BRACKET, COMMA, COLON, LINE_COMMENT, BLOCK_COMMENT, LINE_BREAK, TRIVIA, EOF] = [
  2, 4, 5, 6, 12, 13, 14, 15, 17,
] as const;

/** Whether `offset` lies inside a comment. */
function inComment(text: string, offset: number): boolean {
  const scanner = createScanner(text, false);
  for (let token = scanner.scan(); token !== EOF; token = scanner.scan()) {
    const start = scanner.getTokenOffset();
    if (start >= offset) return false;
    const end = start + scanner.getTokenLength();
    if ((token === LINE_COMMENT && offset <= end) || (token === BLOCK_COMMENT && offset < end)) return true;
  }
  return false;
}

/** The first token after `offset` that is not whitespace or a comment. */
function nextToken(text: string, offset: number): { token: number; offset: number } {
  const scanner = createScanner(text, false);
  scanner.setPosition(offset);
  for (let token = scanner.scan(); ; token = scanner.scan()) {
    if (token !== LINE_COMMENT && token !== BLOCK_COMMENT && token !== LINE_BREAK && token !== TRIVIA)
      return { token, offset: scanner.getTokenOffset() };
  }
}

/** A comma when the inserted text is followed by another property or item. */
const commaBefore = (text: string, end: number): string => {
  const { token } = nextToken(text, end);
  return token === CLOSE_BRACE || token === CLOSE_BRACKET || token === COMMA || token === EOF ? '' : ',';
};

/** The range completion replaces: the string token at the cursor (to the cursor if it is not closed), else the word there. */
function replaceRange(text: string, offset: number, token: Node | undefined): { offset: number; length: number } {
  if (token && (token.type === 'string' || token.type === 'property') && offset > token.offset && offset <= token.offset + token.length) {
    const raw = text.slice(token.offset, token.offset + token.length);
    const closed = raw.length >= 2 && raw.endsWith('"') && !raw.endsWith('\\"') && !raw.includes('\n');
    return closed ? { offset: token.offset, length: token.length } : { offset: token.offset, length: offset - token.offset };
  }
  let start = offset;
  let end = offset;
  while (start > 0 && /[\w$.+-]/.test(text[start - 1]!)) start--;
  while (end < text.length && /[\w$.+-]/.test(text[end]!)) end++;
  return { offset: start, length: end - start };
}

/** Completion at `offset`: property names (with their defaults) where a key goes, values where a value goes. */
export function completionsAt(text: string, offset: number): AssistCompletions | undefined {
  if (inComment(text, offset)) return undefined;
  const location = getLocation(text, offset);
  const token = location.previousNode;
  // Right after a finished value ("kind": "wgan" |): nothing to complete.
  if (token && offset > token.offset + token.length) return undefined;
  const root = parseTree(text, [], { allowTrailingComma: true });
  const value = root ? (getNodeValue(root) as unknown) : undefined;
  const range = replaceRange(text, offset, token);
  const quoted = text[range.offset] === '"';
  if (location.isAtPropertyKey) {
    const objectPath = location.path.slice(0, -1);
    const container = objectPath.length === 0 ? { node: ExperimentSchema as TSchema, optional: false } : schemaAt(objectPath, value);
    if (!container) return undefined;
    const objectValue = valueAt(value, objectPath);
    const objectNode = root && (objectPath.length === 0 ? root : findNodeAtLocation(root, objectPath));
    const editedKey = token?.type === 'property' ? token.offset : -1;
    const present = new Set(
      (objectNode?.type === 'object' ? (objectNode.children ?? []) : [])
        .map((p) => p.children?.[0])
        .filter((k): k is Node => k !== undefined && k.offset !== editedKey)
        .map((k) => String(k.value)),
    );
    const candidates = objectVariants(container.node, objectValue);
    const hasColon = token?.type === 'property' && nextToken(text, token.offset + token.length).token === COLON;
    const comma = hasColon ? '' : commaBefore(text, range.offset + range.length);
    const seen = new Set<string>();
    const items: AssistCompletion[] = [];
    for (const candidate of candidates) {
      for (const [name, node] of Object.entries(propertiesOf(candidate))) {
        if (present.has(name) || seen.has(name)) continue;
        seen.add(name);
        const path = [...objectPath, name];
        const target = schemaAt(path, value) ?? { node, optional: OptionalKind in node };
        const fileDefault = target.union ? undefined : lossDependentDefault(isRecord(value) ? value : {}, path);
        const kinds = target.union && kindVariants(target.union)!.map((v) => v.kind);
        const facts: SchemaFacts = kinds ? { type: 'kind', required: true, values: kinds } : schemaFacts(node, target.optional);
        const valueText = kinds ? `"${choice(kinds)}"` : valueSnippet(node, fileDefault?.value);
        items.push({
          label: name,
          kind: 'property',
          detail: detailOf(facts, fileDefault?.text, target.onlyWithKinds),
          documentation: describeSetting(path, value) ?? '',
          snippet: hasColon ? `"${escapeSnippet(name)}"` : `"${escapeSnippet(name)}": ${valueText}${comma}`,
          filterText: quoted ? `"${name}"` : name,
          // `kind` first, then the properties the file must give, then the rest in schema order.
          sortText: `${name === 'kind' ? 0 : facts.required ? 1 : 2}${String(items.length).padStart(3, '0')}`,
        });
      }
    }
    return { items, ...range };
  }
  // Where a value goes.
  const target = schemaAt(location.path, value);
  if (!target) return undefined;
  const comma = commaBefore(text, range.offset + range.length);
  // Typed right after the colon: a space before the value, as a formatter would write it.
  const space = text[range.offset - 1] === ':' ? ' ' : '';
  const items: AssistCompletion[] = [];
  const add = (label: string, snippet: string, documentation: string, detail = '') =>
    items.push({
      label,
      kind: 'value',
      detail,
      documentation,
      snippet: `${space}${snippet}${comma}`,
      filterText: quoted ? `"${label.replace(/^"|"$/g, '')}"` : label,
      sortText: String(items.length).padStart(3, '0'),
    });
  const { node } = target;
  if (target.union) {
    for (const { kind } of kindVariants(target.union)!)
      add(JSON.stringify(kind), `"${escapeSnippet(kind)}"`, describeSetting(location.path, value, kind) ?? '');
    return { items, ...range };
  }
  const described = describeSetting(location.path, value) ?? '';
  const def = lossDependentDefault(value, location.path)?.value ?? node.default;
  const mark = (v: unknown) => (v === def ? 'default' : '');
  const literals = literalValues(node);
  const kinds = kindVariants(node);
  if (literals) for (const v of defaultFirst(literals, def)) add(JSON.stringify(v), `"${escapeSnippet(v)}"`, described, mark(v));
  else if (kinds)
    for (const { kind, variant } of defaultFirst(
      kinds,
      kinds.find((k) => isRecord(def) && k.kind === def.kind),
    )) {
      const kindDescription = String(propertiesOf(variant as TSchema).kind!.description ?? '');
      add(
        `{ "kind": "${kind}" }`,
        `{ "kind": "${escapeSnippet(kind)}"$0 }`,
        escapeMarkdown(kindDescription),
        isRecord(def) && def.kind === kind ? 'default' : '',
      );
    }
  else if (Array.isArray(node.enum))
    for (const v of defaultFirst(node.enum as number[], def)) add(String(v), String(v), described, mark(v));
  else if (node.type === 'boolean') for (const v of defaultFirst([true, false], def)) add(String(v), String(v), described, mark(v));
  else if (node.type === 'object') add('{}', '{$1}', described);
  else if (def !== undefined) add(formatValue(def), escapeSnippet(JSON.stringify(def)), described, 'default');
  return items.length > 0 ? { items, ...range } : undefined;
}
