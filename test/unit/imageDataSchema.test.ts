import assert from 'node:assert/strict';
import type { DataConfig } from '../../src/shared/experiment/schema';
import { toJsonSchema } from '../../src/shared/experiment/jsonSchema';
import { validateWithDataFiles, type DataFiles } from '../../src/shared/experiment/dataFileChecks';
import { dataImageShape } from '../../src/shared/experiment/semantics';
import { validateExperiment, type ConfigProblem } from '../../src/shared/experiment/validate';
import { fakeDataFiles } from '../helpers/dataFiles';

/** An experiment with `data` (JSON text) on a line of its own, the rest minimal. */
const experiment = (data: string) =>
  `{\n  "name": "t",\n  "data": ${data},\n  "generator": { "kind": "mlp" },\n  "discriminator": { "kind": "mlp" },\n  "loss": { "kind": "nonSaturating" }\n}\n`;

function dataOf(data: string): DataConfig {
  const result = validateExperiment(experiment(data));
  assert.deepEqual(result.problems, [], JSON.stringify(result.problems, null, 2));
  assert.ok(result.ok);
  return result.config.data;
}

function onlyProblem(data: string): ConfigProblem {
  const result = validateExperiment(experiment(data));
  assert.equal(result.ok, false, 'expected the data to be rejected');
  assert.equal(result.problems.length, 1, JSON.stringify(result.problems, null, 2));
  return result.problems[0]!;
}

/** The problems of both phases, the data files answered by `files`. */
async function problemsWith(data: string, files: DataFiles): Promise<ConfigProblem[]> {
  return (await validateWithDataFiles(experiment(data), files)).problems;
}

describe('image data in the experiment file', () => {
  describe('shapes', () => {
    it('resolves to its defaults', () => {
      assert.deepEqual(dataOf('{ "kind": "shapes" }'), {
        kind: 'shapes',
        size: 32,
        channels: 1,
        shapes: ['square', 'ellipse', 'triangle'],
        minScale: 0.3,
        maxScale: 0.7,
      });
      assert.deepEqual(dataImageShape(dataOf('{ "kind": "shapes", "size": 64, "channels": 3, "shapes": ["ellipse"] }')), {
        height: 64,
        width: 64,
        channels: 3,
      });
    });

    it('size must be 28, 32 or 64; channels 1 or 3', () => {
      const size = onlyProblem('{ "kind": "shapes", "size": 30 }');
      assert.equal(size.path, 'data.size');
      assert.equal(size.kind, 'schema');
      assert.equal(size.message, 'must be 28, 32 or 64');
      assert.equal(size.expected, '28 | 32 | 64');
      assert.equal(size.found, '30');
      const channels = onlyProblem('{ "kind": "shapes", "channels": 2 }');
      assert.equal(channels.path, 'data.channels');
      assert.equal(channels.message, 'must be 1 or 3');
      assert.equal(onlyProblem('{ "kind": "shapes", "size": "32" }').message, 'expected an integer');
    });

    it('shapes: known names, at least one, each once', () => {
      const unknown = onlyProblem('{ "kind": "shapes", "shapes": ["square", "triangel"] }');
      assert.equal(unknown.path, 'data.shapes[1]');
      assert.match(unknown.message, /did you mean "triangle"/);
      assert.equal(onlyProblem('{ "kind": "shapes", "shapes": [] }').path, 'data.shapes');
      const twice = onlyProblem('{ "kind": "shapes", "shapes": ["square", "ellipse", "square"] }');
      assert.equal(twice.path, 'data.shapes[2]');
      assert.equal(twice.kind, 'semantic');
      assert.equal(twice.message, '"square" is listed twice (also at shapes[0]); list each shape once');
    });

    it('minScale must not exceed maxScale; scales stay in (0, 1]', () => {
      const inverted = onlyProblem('{ "kind": "shapes", "minScale": 0.8 }');
      assert.equal(inverted.path, 'data.maxScale');
      assert.equal(inverted.kind, 'semantic');
      assert.equal(inverted.message, 'maxScale must not be less than minScale');
      assert.equal(inverted.expected, '≥ 0.8');
      assert.equal(inverted.found, '0.7');
      assert.equal(dataOf('{ "kind": "shapes", "minScale": 0.5, "maxScale": 0.5 }').kind, 'shapes');
      assert.equal(onlyProblem('{ "kind": "shapes", "maxScale": 1.5 }').path, 'data.maxScale');
      assert.equal(onlyProblem('{ "kind": "shapes", "minScale": 0.01 }').path, 'data.minScale');
    });
  });

  describe('imageFolder', () => {
    it('needs a path; size 32 and colour by default', () => {
      const missing = onlyProblem('{ "kind": "imageFolder" }');
      assert.match(missing.message, /^missing "path": .*; add "path": "…"$/);
      const data = dataOf('{ "kind": "imageFolder", "path": "faces" }');
      assert.deepEqual(data, { kind: 'imageFolder', path: 'faces', size: 32, grayscale: false, labels: 'none' });
      assert.deepEqual(dataImageShape(data), { height: 32, width: 32, channels: 3 });
      assert.deepEqual(dataImageShape(dataOf('{ "kind": "imageFolder", "path": "f", "size": 28, "grayscale": true }')), {
        height: 28,
        width: 28,
        channels: 1,
      });
      assert.equal(onlyProblem('{ "kind": "imageFolder", "path": "f", "grayscale": "yes" }').message, 'expected true or false');
    });

    it('the data files (phase 2): a missing folder, or a file, is a problem at the path; a folder is fine', async () => {
      const files = fakeDataFiles('missing');
      const [missing, ...rest] = await problemsWith('{ "kind": "imageFolder", "path": "faces" }', files);
      assert.deepEqual(rest, []);
      assert.deepEqual(files.asked, ['faces']);
      assert.equal(missing!.path, 'data.path');
      assert.equal(missing!.message, 'folder not found: faces');
      assert.equal(missing!.found, 'nothing there', 'the path is in the message, once');
      const [file] = await problemsWith('{ "kind": "imageFolder", "path": "train-images-idx3-ubyte" }', fakeDataFiles('file'));
      assert.match(
        file!.message,
        /^train-images-idx3-ubyte is a file; "path" names a folder of PNG or JPEG images \(for an MNIST IDX file use "kind": "idx"\)$/,
      );
      assert.deepEqual(await problemsWith('{ "kind": "imageFolder", "path": "faces" }', fakeDataFiles('notAFile')), []);
    });
  });

  describe('idx', () => {
    it('needs a path; size 28 and every image by default', () => {
      assert.equal(onlyProblem('{ "kind": "idx" }').path, 'data.path');
      const data = dataOf('{ "kind": "idx", "path": "mnist/train-images-idx3-ubyte.gz" }');
      assert.deepEqual(data, { kind: 'idx', path: 'mnist/train-images-idx3-ubyte.gz', size: 28, limit: 0, labels: '' });
      assert.deepEqual(dataImageShape(data), { height: 28, width: 28, channels: 1 });
      assert.equal(onlyProblem('{ "kind": "idx", "path": "x", "size": 48 }').message, 'must be 28, 32 or 64');
      assert.equal(onlyProblem('{ "kind": "idx", "path": "x", "limit": -1 }').path, 'data.limit');
    });

    it('the data files (phase 2): the file must exist', async () => {
      const message = async (data: string, files: DataFiles) => (await problemsWith(data, files)).map((p) => p.message);
      assert.deepEqual(await message('{ "kind": "idx", "path": "nope.gz" }', fakeDataFiles('missing')), ['file not found: nope.gz']);
      assert.deepEqual(await message('{ "kind": "idx", "path": "mnist" }', fakeDataFiles('notAFile')), ['not a file: mnist']);
      assert.deepEqual(await message('{ "kind": "idx", "path": "t.gz" }', fakeDataFiles('file')), []);
    });
  });

  it('the JSON Schema offers the kinds, with sizes and channels as integer enums', () => {
    const schema = toJsonSchema() as {
      properties: { data: { anyOf: { properties: Record<string, Record<string, unknown>>; required?: string[] }[] } };
    };
    const variant = (kind: string) => schema.properties.data.anyOf.find((v) => v.properties.kind!.const === kind)!;
    for (const kind of ['shapes', 'imageFolder', 'idx', 'mnist', 'stackedMnist']) {
      const size = variant(kind).properties.size!;
      assert.deepEqual(
        { type: size.type, enum: size.enum, minimum: size.minimum, maximum: size.maximum },
        { type: 'integer', enum: [28, 32, 64], minimum: 28, maximum: 64 },
        kind,
      );
    }
    assert.deepEqual(variant('shapes').properties.channels!.enum, [1, 3]);
    assert.deepEqual(variant('imageFolder').required, ['kind', 'path']);
    assert.deepEqual(variant('idx').required, ['kind', 'path']);
    assert.deepEqual(variant('shapes').required, ['kind']);
    assert.deepEqual(variant('mnist').required, ['kind']);
    assert.deepEqual(variant('stackedMnist').required, ['kind']);
  });
});
