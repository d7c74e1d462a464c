/** Maps JSON paths in an experiment file's text to line/column positions. */
import { findNodeAtLocation, type Node } from 'jsonc-parser';

export type JsonPath = (string | number)[];

export interface SourceRange {
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
  offset: number;
  length: number;
}

export function formatJsonPath(path: JsonPath): string {
  let out = '';
  for (const segment of path) {
    out += typeof segment === 'number' ? `[${segment}]` : out === '' ? segment : `.${segment}`;
  }
  return out === '' ? '(root)' : out;
}

export class SourceMap {
  private readonly lineStarts: number[] = [0];

  /** `text` as given (offsets are into it); a leading byte-order mark is not counted as a column. */
  constructor(
    text: string,
    private readonly root: Node | undefined,
  ) {
    // Editors hide a UTF-8 byte-order mark: line 1's columns start after it.
    if (text.charCodeAt(0) === 0xfeff) this.lineStarts[0] = 1;
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    }
  }

  positionOf(offset: number, length = 0): SourceRange {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: Math.max(1, offset - this.lineStarts[lo]! + 1), offset, length };
  }

  /** The value at `path`, or the nearest existing ancestor when the path is missing. */
  valueRange(path: JsonPath): SourceRange {
    for (let n = path.length; n >= 0; n--) {
      const node = this.root && findNodeAtLocation(this.root, path.slice(0, n));
      if (node) return this.positionOf(node.offset, node.length);
    }
    return this.positionOf(0);
  }

  /** The key of the property at `path` (falls back to its value). */
  keyRange(path: JsonPath): SourceRange {
    const node = this.root && findNodeAtLocation(this.root, path);
    const key = node?.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
    return key ? this.positionOf(key.offset, key.length) : this.valueRange(path);
  }
}
