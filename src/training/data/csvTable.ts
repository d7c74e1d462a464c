/** Parses the numeric table behind the csv data kind, with errors that say where and how to fix. */

export interface CsvTableOptions {
  header: 'auto' | 'yes' | 'no';
  /** One character. */
  delimiter: string;
  /** Zero-based column indices to keep; empty keeps all. */
  columns: number[];
}

export interface CsvTable {
  /** Row-major rows × dim. */
  values: Float32Array;
  rows: number;
  dim: number;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const OTHER_DELIMITERS = [',', ';', '\t', '|'];

interface Line {
  number: number;
  cells: string[];
}

/** `fileLabel` names the file in error messages (the path as the user wrote it). */
export function parseCsvTable(text: string, options: CsvTableOptions, fileLabel: string): CsvTable {
  const { delimiter } = options;
  const lines: Line[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\n|\r/)
    .forEach((raw, i) => {
      if (raw.trim() !== '') lines.push({ number: i + 1, cells: raw.split(delimiter).map(unquote) });
    });
  if (lines.length === 0) {
    throw new Error(`${fileLabel}: the file has no rows — put one sample per line, numbers separated by "${delimiter}"`);
  }

  const first = lines[0]!;
  const width = first.cells.length;
  const columns = options.columns.length > 0 ? options.columns : first.cells.map((_, i) => i);
  for (const c of columns) {
    if (c >= width) {
      throw new Error(
        `${fileLabel}:${first.number}: "columns" asks for index ${c} but the rows have ${width} column${width === 1 ? '' : 's'} ` +
          `(indices 0–${width - 1}) — "columns" holds zero-based indices; remove or lower ${c}` +
          delimiterHint(first.cells.join(delimiter), delimiter),
      );
    }
  }

  const hasHeader = options.header === 'yes' || (options.header === 'auto' && columns.some((c) => !NUMBER.test(first.cells[c]!)));
  const dataLines = hasHeader ? lines.slice(1) : lines;
  if (dataLines.length === 0) {
    throw new Error(
      `${fileLabel}: no data rows after the header on line ${first.number} — add one sample per line below it` +
        (options.header === 'yes' ? ' (or set "header": "no" if that line is data)' : ''),
    );
  }

  const dim = columns.length;
  const values = new Float32Array(dataLines.length * dim);
  dataLines.forEach((line, row) => {
    if (line.cells.length !== width) {
      throw new Error(
        `${fileLabel}:${line.number}: this row has ${line.cells.length} column${line.cells.length === 1 ? '' : 's'} but line ${first.number} has ${width} — ` +
          `every row needs the same number of columns, separated by "${delimiter}"`,
      );
    }
    columns.forEach((c, d) => {
      const cell = line.cells[c]!;
      const value = NUMBER.test(cell) ? Number(cell) : NaN;
      if (!Number.isFinite(value)) {
        const isFirstRow = line === first;
        throw new Error(
          `${fileLabel}:${line.number}: column ${c + 1} (index ${c}) ${cell === '' ? 'is empty' : `is "${cell}"`}, ` +
            `${NUMBER.test(cell) ? 'too large to be a finite number' : 'not a number'} — every data row must be numbers` +
            (isFirstRow && options.header !== 'yes' ? ' (set "header": "yes" if the first row is a header)' : '') +
            delimiterHint(cell, delimiter),
        );
      }
      values[row * dim + d] = value;
    });
  });
  return { values, rows: dataLines.length, dim };
}

function unquote(cell: string): string {
  const trimmed = cell.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1).trim() : trimmed;
}

/** Suggests another delimiter when the text holds a common one that is not the configured one. */
function delimiterHint(text: string, delimiter: string): string {
  const other = OTHER_DELIMITERS.find((d) => d !== delimiter && text.includes(d));
  return other === undefined
    ? ''
    : ` (the delimiter is ${JSON.stringify(delimiter)}; set "delimiter": ${JSON.stringify(other)} if the file uses that)`;
}
