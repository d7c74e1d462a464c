/**
 * Runtime validator for experiment files. It walks the TypeBox schemas of `schema.ts` (the same
 * objects that give the types and the JSON Schema), fills defaults, and reports one problem per
 * mistake with its JSON path, line and column, what was expected and what was found.
 *
 * This is phase 1 of validation: the text alone (syntax, schema, relations between fields),
 * synchronous and without the file system. Phase 2 checks the data files the resolved config names
 * (`dataFileChecks.ts`), asynchronously; the editor, the check before a run and the trainer run both.
 */
import { Kind, OptionalKind, type TSchema } from '@sinclair/typebox';
import { createScanner, parseTree, printParseErrorCode, stripComments, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { closestMatch } from './didYouMean';
import { applyLossDependentDefaults } from './lossDefaults';
import { ExperimentSchema, type Experiment } from './schema';
import type { ProblemDetail, Report } from './problemReport';
import { checkSemantics } from './semantics';
import { formatJsonPath, SourceMap, type JsonPath, type SourceRange } from './sourceMap';

export interface ConfigProblem extends SourceRange {
  /**
   * syntax: not JSON; schema: what the JSON Schema also says; semantic: what only this validator
   * knows from the text; dataFile: what the data files the config names say (phase 2).
   */
  kind: 'syntax' | 'schema' | 'semantic' | 'dataFile';
  /** Dotted JSON path, e.g. `generator.hidden[1]`. */
  path: string;
  message: string;
  expected?: string;
  found?: string;
}

export type ValidationResult = { ok: true; config: Experiment; problems: [] } | { ok: false; problems: ConfigProblem[] };

export type { ProblemDetail, Report };

/** The problem at `path` of the document `map` was made from, with the range of its value (or key). */
export function problemAt(
  map: SourceMap,
  kind: ConfigProblem['kind'],
  path: JsonPath,
  message: string,
  detail: ProblemDetail = {},
): ConfigProblem {
  const range = detail.at === 'key' ? map.keyRange(path) : map.valueRange(path);
  const problem: ConfigProblem = { kind, path: formatJsonPath(path), message, ...range };
  if (detail.expected !== undefined) problem.expected = detail.expected;
  if (detail.found !== undefined) problem.found = detail.found;
  return problem;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  // Only ±Infinity gets here (JSON has no NaN): a literal such as 1e999.
  if (typeof value === 'number' && !Number.isFinite(value)) return 'a number too large to represent (magnitude above 1.8e308)';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return quoted(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function typeName(schema: TSchema): string {
  switch (schema[Kind]) {
    case 'Integer':
      return 'an integer';
    case 'Number':
      return 'a number';
    case 'String':
      return 'a string';
    case 'Boolean':
      return 'true or false';
    case 'Array':
      return 'an array';
    case 'Object':
      return 'an object';
    case 'Literal':
      return JSON.stringify(schema.const);
    case 'Union':
      return (schema.anyOf as TSchema[]).map(typeName).join(' | ');
    default:
      return String(schema[Kind]);
  }
}

/**
 * Characters a terminal or an editor shows as nothing (or as a plain space): control and format
 * characters (a byte-order mark, a zero-width space), line and paragraph separators and the other
 * spaces. Written as U+XXXX in messages, so a problem about one is not a blank.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/gu;

/** `text` with its invisible characters written as U+XXXX (for a bare token such as a syntax error's). */
export function visible(text: string): string {
  return text.replace(INVISIBLE, (c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
}

/** `text` in double quotes, with JSON's escapes and its invisible characters as U+XXXX. */
function quoted(text: string): string {
  return visible(JSON.stringify(text));
}

/** `"a", "b" or "c"`. */
function choices(values: readonly unknown[]): string {
  const each = values.map((v) => JSON.stringify(v));
  return each.length <= 1 ? (each[0] ?? '') : `${each.slice(0, -1).join(', ')} or ${each.at(-1)}`;
}

/** `n item(s)` in words: "1 item", "2 items". */
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/**
 * What a schema is for, from the first sentence of its description, as a phrase that continues a
 * sentence: "The generator network. Choose with \"kind\"." → "the generator network".
 */
function purpose(schema: TSchema): string | undefined {
  const description = typeof schema.description === 'string' ? schema.description : '';
  const first = description
    .split(/\.(?:\s|$)/)[0]!
    .trim()
    .replace(/[;:,]$/, '');
  if (first === '') return undefined;
  // Lower-case a capital that starts a word, not an acronym (CSV, MNIST).
  return /^[A-Z][a-z]/.test(first) ? `${first[0]!.toLowerCase()}${first.slice(1)}` : first;
}

/** The `kind`s of a union of objects told apart by "kind", or undefined for another schema. */
function kindsOf(schema: TSchema): string[] | undefined {
  if (schema[Kind] !== 'Union') return undefined;
  const variants = schema.anyOf as TSchema[];
  if (!variants.every((v) => v[Kind] === 'Object' && (v.properties as Record<string, TSchema> | undefined)?.kind?.const !== undefined))
    return undefined;
  return variants.map((v) => (v.properties as Record<string, TSchema>).kind!.const as string);
}

/** How the value of a property may be written, for "add …": `{ "kind": … }`, `"…"`, `[ … ]`. */
function skeleton(schema: TSchema): string {
  if (kindsOf(schema)) return '{ "kind": … }';
  switch (schema[Kind]) {
    case 'Object':
      return '{ … }';
    case 'Array':
      return '[ … ]';
    case 'String':
      return '"…"';
    default:
      return typeName(schema);
  }
}

/** What a value of `schema` is, for "expected …": its type, or the kinds of a union told apart by "kind". */
function expectedOf(schema: TSchema): string {
  const kinds = kindsOf(schema);
  return kinds ? `an object with "kind": ${kinds.map((k) => JSON.stringify(k)).join(' | ')}` : typeName(schema);
}

/**
 * The message for a required property the file leaves out, as a sentence that says what it is for
 * and how to add it: `missing "generator": the generator network; add "generator": { "kind": … }`.
 */
function missingProperty(key: string, schema: TSchema): string {
  const what = purpose(schema);
  return `missing "${key}"${what ? `: ${what}` : ''}; add "${key}": ${skeleton(schema)}`;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

/** Fills defaults and checks `value` against `schema`; returns the resolved value. */
function resolve(schema: TSchema, value: unknown, path: JsonPath, report: Report): unknown {
  switch (schema[Kind]) {
    case 'Object':
      return resolveObject(schema, value, path, report);
    case 'Union':
      return resolveUnion(schema, value, path, report);
    case 'Array': {
      if (!Array.isArray(value))
        return report(path, `expected ${typeName(schema)}`, { expected: typeName(schema), found: describe(value) });
      if (schema.minItems !== undefined && value.length < schema.minItems)
        report(path, `needs at least ${count(schema.minItems, 'item')}`, {
          expected: `at least ${count(schema.minItems, 'item')}`,
          found: describe(value),
        });
      if (schema.maxItems !== undefined && value.length > schema.maxItems)
        report(path, `allows at most ${count(schema.maxItems, 'item')}`, {
          expected: `at most ${count(schema.maxItems, 'item')}`,
          found: describe(value),
        });
      return value.map((item, i) => resolve(schema.items as TSchema, item, [...path, i], report));
    }
    case 'Integer':
    case 'Number': {
      const integer = schema[Kind] === 'Integer';
      if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
        return report(path, `expected ${typeName(schema)}`, { expected: typeName(schema), found: describe(value) });
      }
      const { minimum, maximum, enum: allowed } = schema as { minimum?: number; maximum?: number; enum?: number[] };
      if (allowed !== undefined && !allowed.includes(value)) {
        report(path, `must be ${choices(allowed)}`, { expected: allowed.join(' | '), found: String(value) });
      } else if ((minimum !== undefined && value < minimum) || (maximum !== undefined && value > maximum)) {
        const range = `between ${minimum ?? '−∞'} and ${maximum ?? '∞'}`;
        report(path, `out of range: must be ${range}`, { expected: range, found: String(value) });
      }
      return value;
    }
    case 'String': {
      if (typeof value !== 'string') return report(path, 'expected a string', { expected: 'a string', found: describe(value) });
      if (schema.minLength !== undefined && value.length < schema.minLength)
        report(path, value.length === 0 ? 'must not be empty' : `must have at least ${count(schema.minLength, 'character')}`, {
          expected: `at least ${count(schema.minLength, 'character')}`,
          found: describe(value),
        });
      if (schema.maxLength !== undefined && value.length > schema.maxLength)
        report(path, `must have at most ${count(schema.maxLength, 'character')}`, {
          expected: `at most ${count(schema.maxLength, 'character')}`,
          found: count(value.length, 'character'),
        });
      if (schema.pattern !== undefined && value.length > 0 && !new RegExp(schema.pattern as string).test(value)) {
        // The description's last sentence says in words what the pattern allows (`name`: "Letters, digits, ".", "_" and "-".").
        const allowed = typeof schema.description === 'string' ? (schema.description.split(/\.\s/).slice(1).at(-1)?.trim() ?? '') : '';
        const words = allowed.replace(/\.$/, '');
        report(path, words ? `may hold only ${words[0]!.toLowerCase()}${words.slice(1)}` : `does not match ${schema.pattern}`, {
          expected: `a string matching ${schema.pattern}`,
          found: describe(value),
        });
      }
      return value;
    }
    case 'Boolean':
      if (typeof value !== 'boolean') report(path, 'expected true or false', { expected: 'true or false', found: describe(value) });
      return value;
    case 'Unknown':
      // Any JSON value (a sweep parameter's values: each is checked later, in its experiment).
      return value;
    case 'Literal':
      if (value !== schema.const) report(path, `expected ${typeName(schema)}`, { expected: typeName(schema), found: describe(value) });
      return value;
    default:
      throw new Error(`validator: unsupported schema kind ${String(schema[Kind])}`);
  }
}

function resolveObject(schema: TSchema, value: unknown, path: JsonPath, report: Report): unknown {
  if (!isRecord(value)) return report(path, 'expected an object', { expected: 'an object', found: describe(value) });
  const properties = schema.properties as Record<string, TSchema>;
  const names = Object.keys(properties);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    // Own properties only: "toString" or "__proto__" are unknown keys, not inherited members.
    if (Object.hasOwn(properties, key)) continue;
    const guess = closestMatch(key, names);
    report([...path, key], `unknown property ${quoted(key)}${guess ? `; did you mean "${guess}"?` : ''}`, {
      expected: `one of ${names.map((n) => `"${n}"`).join(', ')}`,
      found: quoted(key),
      at: 'key',
    });
  }
  for (const [key, propertySchema] of Object.entries(properties)) {
    const given = value[key];
    // An optional section without a default (`conditional`) stays absent when the file leaves it out.
    if (given === undefined && OptionalKind in propertySchema) continue;
    if (given === undefined && propertySchema.default === undefined) {
      report([...path, key], missingProperty(key, propertySchema), { expected: expectedOf(propertySchema), found: 'nothing' });
      continue;
    }
    out[key] = resolve(propertySchema, given === undefined ? clone(propertySchema.default) : given, [...path, key], report);
  }
  return out;
}

function resolveUnion(schema: TSchema, value: unknown, path: JsonPath, report: Report): unknown {
  const variants = schema.anyOf as TSchema[];
  if (variants.every((v) => v[Kind] === 'Literal')) {
    const allowed = variants.map((v) => v.const as string);
    if (allowed.includes(value as string)) return value;
    const guess = typeof value === 'string' ? closestMatch(value, allowed) : undefined;
    report(path, `expected one of ${allowed.map((a) => `"${a}"`).join(', ')}${guess ? `; did you mean "${guess}"?` : ''}`, {
      expected: allowed.map((a) => `"${a}"`).join(' | '),
      found: describe(value),
    });
    return value;
  }
  // Discriminated by `kind`.
  const kinds = variants.map((v) => (v.properties as Record<string, TSchema>).kind!.const as string);
  if (!isRecord(value))
    return report(path, `expected an object with a "kind" (${choices(kinds)})`, {
      expected: expectedOf(schema),
      found: describe(value),
    });
  const given = value.kind;
  const index = kinds.indexOf(given as string);
  if (index < 0) {
    const guess = typeof given === 'string' ? closestMatch(given, kinds) : undefined;
    report(
      [...path, 'kind'],
      given === undefined
        ? `missing "kind": add one of ${choices(kinds)}`
        : `unknown kind ${describe(given)}${guess ? `; did you mean "${guess}"?` : ''}`,
      {
        expected: kinds.map((k) => `"${k}"`).join(' | '),
        found: given === undefined ? 'nothing' : describe(given),
      },
    );
    return value;
  }
  return resolve(variants[index]!, value, path, report);
}

/** Phase 1 of validation: what the text alone says. */
export interface DocumentCheck {
  /** Syntax, schema and semantic problems, in document order. */
  problems: ConfigProblem[];
  /**
   * The resolved config (defaults filled) when the text is JSON that fits the schema, even with
   * semantic problems (phase 2 checks its data files all the same); undefined otherwise.
   */
  config?: Experiment;
  /** Line, column and node ranges of the text, for problems found later about the same text. */
  map: SourceMap;
}

/**
 * Parses (JSON with comments allowed) and checks an experiment file's text: syntax, schema and
 * semantics. Pure and synchronous; the data files are phase 2's (`checkDataFiles`).
 */
export function checkDocument(original: string): DocumentCheck {
  const parsed = parseDocument(original);
  const { map, problems } = parsed;
  if (!('value' in parsed)) return { problems, map };
  let kind: ConfigProblem['kind'] = 'schema';
  const report: Report = (path, message, detail = {}) => {
    problems.push(problemAt(map, kind, path, message, detail));
    return undefined;
  };
  const value = parsed.value;
  applyLossDependentDefaults(value);
  const config = resolve(ExperimentSchema, value, [], report) as Experiment | undefined;
  const schemaValid = problems.length === 0 && config !== undefined;
  if (schemaValid) {
    kind = 'semantic';
    checkSemantics(config, report);
  }
  // The schema walk visits properties in schema order (unknown keys first); report in document order.
  problems.sort((a, b) => a.offset - b.offset);
  return schemaValid ? { problems, config, map } : { problems, map };
}

/**
 * A JSON-with-comments text read as every workbench file is (experiment and sweep files): its
 * syntax problems and duplicate keys, its map, and its plain value when it is JSON (`value` is
 * present only then; duplicate keys keep their first value).
 */
export function parseDocument(original: string): { problems: ConfigProblem[]; map: SourceMap; value?: unknown } {
  // A UTF-8 byte-order mark (Notepad and some editors write one) is not part of the JSON: read it as
  // a space, so offsets stay those of the text given and the map counts columns without it.
  const text = original.startsWith(BOM) ? ` ${original.slice(1)}` : original;
  const tooDeep = tooDeeplyNested(text);
  if (tooDeep) return { problems: [tooDeep], map: new SourceMap(original, undefined) };
  const parseErrors: ParseError[] = [];
  const root = parseTree(text, parseErrors, { allowTrailingComma: false, disallowComments: false });
  const map = new SourceMap(original, root);
  const problems: ConfigProblem[] = [];
  if (root === undefined && stripComments(text).trim() === '') {
    // Only whitespace and comments: one clear problem instead of the parser's "ValueExpected".
    problems.push({
      kind: 'syntax',
      path: '(root)',
      message: 'the file is empty',
      expected: 'a JSON object',
      found: 'nothing',
      ...map.positionOf(0),
    });
    return { problems, map };
  }
  let lastError = -1;
  for (const e of parseErrors) {
    // The parser often reports a second error at the same place for one mistake (e.g. a trailing comma).
    if (e.offset === lastError) continue;
    lastError = e.offset;
    const comma = trailingComma(text, e);
    if (comma !== undefined) {
      const closing = text[e.offset];
      problems.push({
        kind: 'syntax',
        path: '(syntax)',
        message: 'invalid JSON: trailing comma',
        expected: `no comma before "${closing}"`,
        found: '","',
        ...map.positionOf(comma, 1),
      });
      continue;
    }
    // The parser's range may run past the end of the text (an unclosed comment): clamp it.
    const offset = Math.min(e.offset, text.length);
    const range = map.positionOf(offset, Math.min(e.length, text.length - offset));
    problems.push({ kind: 'syntax', path: '(syntax)', ...syntaxProblem(text, e), ...range });
  }
  if (problems.length > 0 || root === undefined) return { problems, map };
  // JSON parsers keep one of two equal keys (this one the first; JSON.parse the last): each is a problem.
  problems.push(...duplicateKeys(root, map));
  return { problems, map, value: evaluate(root) };
}

/**
 * Checks `value` (of the text `map` was made from) against `schema` with the experiment file's
 * walk: defaults filled, one problem per mistake at its place. Returns the resolved value, valid
 * when no problem was added.
 */
export function resolveDocument(schema: TSchema, value: unknown, map: SourceMap, problems: ConfigProblem[]): unknown {
  return resolve(schema, value, [], (path, message, detail = {}) => {
    problems.push(problemAt(map, 'schema', path, message, detail));
    return undefined;
  });
}

/**
 * Phase 1 as a verdict: the config when the text has no problem. The data files are not looked at
 * (`validateExperimentFile` in the trainer runs both phases).
 */
export function validateExperiment(text: string): ValidationResult {
  const { problems, config } = checkDocument(text);
  return problems.length === 0 && config ? { ok: true, config, problems: [] } : { ok: false, problems };
}

const BOM = '\uFEFF';

/**
 * A problem at each key that repeats an earlier key of the same object, naming the first one's
 * line. The walk and the map read the first (`evaluate` keeps it), so the other problems are
 * about the value at the first key.
 */
function duplicateKeys(root: JsonNode, map: SourceMap): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  // Depth first, without recursion (nesting is bounded, but a long array of objects is not).
  const pending: { node: JsonNode; path: JsonPath }[] = [{ node: root, path: [] }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { node, path } = next;
    if (node.type === 'array') (node.children ?? []).forEach((child, i) => pending.push({ node: child, path: [...path, i] }));
    if (node.type !== 'object') continue;
    const first = new Map<string, JsonNode>();
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (!key) continue;
      const name = key.value as string;
      const earlier = first.get(name);
      if (earlier) {
        const line = map.positionOf(earlier.offset).line;
        problems.push({
          kind: 'syntax',
          path: formatJsonPath([...path, name]),
          message: `duplicate key ${quoted(name)} (first at line ${line}): an object may have each key once; remove one of them`,
          expected: `one ${quoted(name)} in this object`,
          found: `a second ${quoted(name)}`,
          ...map.positionOf(key.offset, key.length),
        });
        continue;
      }
      first.set(name, key);
      if (value) pending.push({ node: value, path: [...path, name] });
    }
  }
  return problems;
}

const syntaxExpected: Record<string, string> = {
  PropertyNameExpected: 'a property name in double quotes',
  ValueExpected: 'a value',
  ColonExpected: '":"',
  CommaExpected: '","',
  CloseBraceExpected: '"}"',
  CloseBracketExpected: '"]"',
  EndOfFileExpected: 'end of file',
};

/**
 * The offset of the comma a parse error is about when it is a trailing comma (`[1, 2,]`, `{ "a": 1, }`:
 * the parser expects another value or property where the list closes), else undefined.
 */
function trailingComma(text: string, e: ParseError): number | undefined {
  const code = printParseErrorCode(e.error);
  if ((code !== 'PropertyNameExpected' && code !== 'ValueExpected') || (text[e.offset] !== '}' && text[e.offset] !== ']')) return undefined;
  const scanner = createScanner(text, false);
  let comma: number | undefined;
  // The last token before the closing bracket that is not whitespace or a comment.
  for (let token = scanner.scan(); token !== EOF && scanner.getTokenOffset() < e.offset; token = scanner.scan()) {
    if (token === COMMA) comma = scanner.getTokenOffset();
    else if (!TRIVIA_TOKENS.includes(token)) comma = undefined;
  }
  return comma;
}

/** Message, expected and found for a parse error: `CommaExpected` → `invalid JSON: comma expected`. */
function syntaxProblem(text: string, e: ParseError): { message: string; expected: string; found: string } {
  const code = printParseErrorCode(e.error);
  const token = text.slice(e.offset, e.offset + e.length);
  const found =
    token !== ''
      ? visible(token.length > 40 ? `${token.slice(0, 40)}…` : token)
      : e.offset >= text.length
        ? 'end of file'
        : JSON.stringify(text[e.offset]);
  return {
    message: `invalid JSON: ${code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}`,
    expected: syntaxExpected[code] ?? 'valid JSON',
    found,
  };
}

/**
 * Objects and arrays nested deeper than this are refused before parsing (an experiment file needs
 * four levels; the parser and the validator recurse, and thousands of levels overflow the stack).
 */
const MAX_NESTING = 64;
// jsonc-parser's SyntaxKind is a const enum, which isolatedModules cannot read: its values.
const [OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET, COMMA, COLON, STRING, EOF] = [1, 2, 3, 4, 5, 6, 10, 17] as const;
/** Line and block comments, line breaks, whitespace. */
const TRIVIA_TOKENS: readonly number[] = [12, 13, 14, 15];

/**
 * A problem at the first bracket deeper than MAX_NESTING, with the JSON path of the value it
 * opens, if there is one. Scanned token by token (no recursion); keys and indices are tracked as
 * far as the text makes them clear.
 */
function tooDeeplyNested(text: string): ConfigProblem | undefined {
  const scanner = createScanner(text, false);
  // One frame per open object or array: the segment that leads to it, the index reached (arrays)
  // or the key read last (objects).
  const stack: { array: boolean; segment: string | number | undefined; index: number; key: string | undefined }[] = [];
  let lastString: string | undefined;
  for (let token = scanner.scan(); token !== EOF; token = scanner.scan()) {
    const top = stack.at(-1);
    if (token === OPEN_BRACE || token === OPEN_BRACKET) {
      const segment = top === undefined ? undefined : top.array ? top.index : top.key;
      stack.push({ array: token === OPEN_BRACKET, segment, index: 0, key: undefined });
      if (stack.length > MAX_NESTING) {
        const segments = stack.slice(1).map((f) => f.segment);
        const known = segments.findIndex((s) => s === undefined);
        const offset = scanner.getTokenOffset();
        return {
          kind: 'syntax',
          path: formatJsonPath((known < 0 ? segments : segments.slice(0, known)) as JsonPath),
          message: `nested too deeply: more than ${MAX_NESTING} levels of objects and arrays (an experiment file needs at most 4)`,
          expected: `at most ${MAX_NESTING} levels of nesting`,
          found: `"${text[offset]}" at level ${stack.length}`,
          ...new SourceMap(text, undefined).positionOf(offset, 1),
        };
      }
    } else if (token === CLOSE_BRACE || token === CLOSE_BRACKET) stack.pop();
    else if (token === COMMA && top) {
      if (top.array) top.index++;
      else top.key = undefined;
    } else if (token === STRING) lastString = scanner.getTokenValue();
    else if (token === COLON && top && !top.array) top.key = lastString;
  }
  return undefined;
}

/**
 * The plain value of a parse tree: fresh objects with own properties only (a "__proto__" key is a
 * property like any other, so the schema walk reports it), -0 read as 0, and numbers too large for
 * a double kept as ±Infinity so the problem can say so.
 */
function evaluate(node: JsonNode): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        // A repeated key keeps its first value (`duplicateKeys` reports the second), as the map finds it.
        if (key && value && !Object.hasOwn(out, key.value as string))
          Object.defineProperty(out, key.value as string, { value: evaluate(value), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(evaluate);
    case 'number':
      return Object.is(node.value, -0) ? 0 : node.value;
    default:
      return node.value;
  }
}

/** `message (expected …, found …)`: a problem's words, as the CLIs print them. */
export function formatMessage(p: { message: string; expected?: string | undefined; found?: string | undefined }): string {
  const detail = [p.expected && `expected ${p.expected}`, p.found && `found ${p.found}`].filter(Boolean).join(', ');
  return `${p.message}${detail ? ` (${detail})` : ''}`;
}

/** `file:line:col: path: message (expected …, found …)` — the form every problem of a file is printed in. */
export function formatProblem(file: string, p: ConfigProblem): string {
  return `${file}:${p.line}:${p.column}: ${visible(p.path)}: ${formatMessage(p)}`;
}

/** A problem of a value against one schema, without a place in a file. */
export interface ValueProblem {
  message: string;
  expected?: string;
  found?: string;
}

/**
 * What the file's check says of `value` against `schema` (a field's schema, e.g. schedule.steps):
 * the same bounds and the same words, for a value given elsewhere (a command-line option).
 */
export function valueProblems(schema: TSchema, value: unknown): ValueProblem[] {
  const problems: ValueProblem[] = [];
  resolve(schema, value, [], (_path, message, detail = {}) => {
    problems.push({
      message,
      ...(detail.expected !== undefined && { expected: detail.expected }),
      ...(detail.found !== undefined && { found: detail.found }),
    });
  });
  return problems;
}
