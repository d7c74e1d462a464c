/**
 * Writes live hyper-parameter changes back into an experiment file's text with the smallest edit:
 * an existing value is replaced in place (jsonc-parser `modify`); a missing property, or a missing
 * parent object, is inserted in the style of its surroundings (one-line objects stay on one line,
 * indentation and line ends are those of the file). Comments, key order and everything else stay
 * byte for byte.
 */
import { applyEdits, findNodeAtLocation, modify, parseTree, type Edit, type Node, type ParseError } from 'jsonc-parser';
import { HYPERPARAMETERS, type Hyperparameter, type HyperparameterChanges } from '../hyperparameterTable';
import type { Experiment } from './schema';

export type TextEdit = Edit;
/** The optimizers a run uses (its resolved config): what a file that gives none gets written. */
export type RunOptimizers = Experiment['optimizer'];

export interface TextFormatting {
  /** One indentation level: a tab or spaces. */
  indent: string;
  insertSpaces: boolean;
  tabSize: number;
  eol: '\n' | '\r\n';
}

/** Indentation (tabs, or the smallest space indent outside block comments; default 2) and line end of `text`. */
export function detectFormatting(text: string): TextFormatting {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indents = text.split(/\r?\n/).flatMap((line) => /^[ \t]+(?=[^\s*])/.exec(line)?.[0] ?? []);
  const tabbed = indents.filter((i) => i.startsWith('\t')).length;
  if (tabbed > 0 && tabbed >= indents.length - tabbed) return { indent: '\t', insertSpaces: false, tabSize: 4, eol };
  const widths = indents.filter((i) => !i.includes('\t')).map((i) => i.length);
  const tabSize = widths.length > 0 ? Math.min(8, ...widths) : 2;
  return { indent: ' '.repeat(tabSize), insertSpaces: true, tabSize, eol };
}

/**
 * Edits (offsets into `text`, non-overlapping) that write `changes` into the experiment file. A
 * network whose optimizer the file leaves out gets the whole optimizer of `runOptimizers` with the
 * new value, so that the file keeps saying what the run uses (the default depends on the loss).
 */
export function hyperparameterEdits(text: string, changes: HyperparameterChanges, runOptimizers: RunOptimizers): TextEdit[] {
  const formatting = detectFormatting(text);
  const tracker = new EditTracker();
  let current = text;
  for (const spec of HYPERPARAMETERS) {
    const value = changes[spec.key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new RangeError(`${spec.key} must be a finite number, got ${String(value)}`);
    const edits = editsForValue(current, spec, value, runOptimizers, formatting);
    for (const edit of [...edits].sort((a, b) => b.offset - a.offset)) {
      current = applyEdits(current, [edit]);
      tracker.record(edit);
    }
  }
  return tracker.editsOf(text, current);
}

/** `text` with `changes` written into it. */
export function applyHyperparameterEdits(text: string, changes: HyperparameterChanges, runOptimizers: RunOptimizers): string {
  return applyEdits(text, hyperparameterEdits(text, changes, runOptimizers));
}

function parseObject(text: string): Node {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: false });
  if (errors.length > 0 || root === undefined) throw new Error('cannot edit the experiment file: it has JSON syntax errors');
  if (root.type !== 'object') throw new Error('cannot edit the experiment file: it is not a JSON object');
  return root;
}

function editsForValue(
  text: string,
  spec: Hyperparameter,
  value: number,
  runOptimizers: RunOptimizers,
  formatting: TextFormatting,
): TextEdit[] {
  const root = parseObject(text);
  const existing = findNodeAtLocation(root, [...spec.path]);
  if (existing) {
    if (existing.type === 'number' && existing.value === value) return [];
    return modify(text, [...spec.path], value, { formattingOptions: formatting });
  }
  let target = spec.path;
  let content: unknown = value;
  if (spec.optimizerKinds) {
    const network = spec.path[1] as keyof RunOptimizers;
    const given = findNodeAtLocation(root, ['optimizer', network]);
    const kind: unknown = given ? findNodeAtLocation(given, ['kind'])?.value : runOptimizers[network].kind;
    // A setting the network's optimizer does not have (betas on RMSprop) has nowhere to go.
    if (!(spec.optimizerKinds as readonly unknown[]).includes(kind)) return [];
    if (!given) {
      target = ['optimizer', network];
      content = { ...runOptimizers[network], [spec.path[2]!]: value };
    }
  }
  let depth = target.length - 1;
  let parent = findNodeAtLocation(root, target.slice(0, depth));
  while (parent === undefined) parent = findNodeAtLocation(root, target.slice(0, --depth));
  if (parent.type !== 'object') throw new Error(`cannot edit the experiment file: ${target.slice(0, depth).join('.')} is not an object`);
  return insertProperty(text, parent, target[depth]!, nested(target, depth, content), formatting);
}

/** The value of `path[from]` when `path[0..from)` exists: nested objects down to `content`. */
function nested(path: readonly string[], from: number, content: unknown): unknown {
  return from === path.length - 1 ? content : { [path[from + 1]!]: nested(path, from + 1, content) };
}

function render(value: unknown, indent: string, formatting: TextFormatting, multiLine: boolean): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const inner = indent + formatting.indent;
  const entries = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${render(v, inner, formatting, multiLine)}`);
  if (!multiLine) return `{ ${entries.join(', ')} }`;
  return `{${formatting.eol}${inner}${entries.join(`,${formatting.eol}${inner}`)}${formatting.eol}${indent}}`;
}

const lineStart = (text: string, offset: number): number => text.lastIndexOf('\n', offset - 1) + 1;
const indentOfLine = (text: string, offset: number): string => /^[ \t]*/.exec(text.slice(lineStart(text, offset)))![0];
const startsLine = (text: string, offset: number): boolean => text.slice(lineStart(text, offset), offset).trim() === '';

/** End of the comments that follow `offset` on its line (before the line end), or -1 if anything else follows. */
function endOfTrailingComments(text: string, offset: number): number {
  const rest = /^(?:[ \t]*(?:\/\/[^\r\n]*|\/\*(?:(?!\*\/)[^\r\n])*\*\/))+[ \t]*(?=\r?\n)/.exec(text.slice(offset));
  return rest ? offset + rest[0].length : -1;
}

function insertProperty(text: string, parent: Node, key: string, value: unknown, formatting: TextFormatting): TextEdit[] {
  const { eol } = formatting;
  const multiLine = /[\r\n]/.test(text.slice(parent.offset, parent.offset + parent.length));
  const parentIndent = indentOfLine(text, parent.offset);
  const last = parent.children?.at(-1);
  if (last === undefined) {
    const indent = parentIndent + formatting.indent;
    const property = `${JSON.stringify(key)}: ${render(value, indent, formatting, true)}`;
    const inside = { offset: parent.offset + 1, length: parent.length - 2 };
    if (multiLine) return [{ offset: inside.offset, length: 0, content: `${eol}${indent}${property}` }];
    if (text.substr(inside.offset, inside.length).trim() === '')
      return [{ ...inside, content: `${eol}${indent}${property}${eol}${parentIndent}` }];
    return [{ offset: inside.offset, length: 0, content: ` ${JSON.stringify(key)}: ${render(value, '', formatting, false)}` }];
  }
  const end = last.offset + last.length;
  if (!multiLine) return [{ offset: end, length: 0, content: `, ${JSON.stringify(key)}: ${render(value, '', formatting, false)}` }];
  const indent = startsLine(text, last.offset) ? indentOfLine(text, last.offset) : parentIndent + formatting.indent;
  const property = `${JSON.stringify(key)}: ${render(value, indent, formatting, true)}`;
  const afterComments = endOfTrailingComments(text, end);
  if (afterComments < 0) return [{ offset: end, length: 0, content: `,${eol}${indent}${property}` }];
  // Keep a comment on the line it annotates: `"a": 1, // note` then the new property.
  return [
    { offset: afterComments, length: 0, content: `${eol}${indent}${property}` },
    { offset: end, length: 0, content: ',' },
  ];
}

/**
 * Follows edits applied one after another and gives them back as edits of the original text:
 * regions of new content in the current text, each with the length of original text it replaced.
 */
class EditTracker {
  private regions: { start: number; length: number; originalLength: number }[] = [];

  record(edit: TextEdit): void {
    const end = edit.offset + edit.length;
    const touched = this.regions.filter((r) => r.start <= end && edit.offset <= r.start + r.length);
    const start = Math.min(edit.offset, ...touched.map((r) => r.start));
    const stop = Math.max(end, ...touched.map((r) => r.start + r.length));
    const newContent = touched.reduce((sum, r) => sum + r.length, 0);
    const originalLength = stop - start - newContent + touched.reduce((sum, r) => sum + r.originalLength, 0);
    const delta = edit.content.length - edit.length;
    this.regions = this.regions
      .filter((r) => !touched.includes(r))
      .map((r) => (r.start > end ? { ...r, start: r.start + delta } : r))
      .concat({ start, length: stop - start + delta, originalLength })
      .sort((a, b) => a.start - b.start);
  }

  editsOf(original: string, current: string): TextEdit[] {
    const edits: TextEdit[] = [];
    let shift = 0;
    for (const r of this.regions) {
      const offset = r.start - shift;
      const content = current.slice(r.start, r.start + r.length);
      if (content !== original.slice(offset, offset + r.originalLength)) edits.push({ offset, length: r.originalLength, content });
      shift += r.length - r.originalLength;
    }
    return edits;
  }
}
