import assert from 'node:assert/strict';
import { completionsAt, hoverAt, lossDependentDefault, schemaAt } from '../../src/extension/editor/experimentAssist';
import { toJsonSchema } from '../../src/shared/experiment/jsonSchema';
import { AdamOptimizer, ExperimentSchema, Loss, MlpGenerator } from '../../src/shared/experiment/schema';
import { factsLine, formatNumber, schemaFacts } from '../../src/shared/experiment/schemaDocs';

/** `text` with its `|` removed, and the offset where it was. */
function at(marked: string): [string, number] {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0, 'no | in the text');
  return [marked.slice(0, offset) + marked.slice(offset + 1), offset];
}

const complete = (marked: string) => completionsAt(...at(marked));
const hover = (marked: string) => hoverAt(...at(marked));
const labels = (marked: string) => complete(marked)?.items.map((i) => i.label);

describe('schema facts in words (schemaDocs.ts)', () => {
  it('formats numbers as people read them', () => {
    assert.equal(formatNumber(2147483647), '2,147,483,647');
    assert.equal(formatNumber(8192), '8192');
    assert.equal(formatNumber(0.000001), '0.000001');
    assert.equal(formatNumber(1e-8), '1e-8');
  });

  it('a number: default and range', () => {
    const facts = schemaFacts(AdamOptimizer.properties.lr);
    assert.deepEqual(facts, { type: 'number', required: false, default: '0.0001', range: '0 to 10' });
    assert.equal(factsLine(facts), 'Default: `0.0001` · Range: 0 to 10');
  });

  it('an integer says so; an enum lists its values; a list gives its size and items', () => {
    assert.equal(factsLine(schemaFacts(ExperimentSchema.properties.seed)), 'Default: `1` · Range: 0 to 2,147,483,647, integer');
    assert.equal(
      factsLine(schemaFacts(MlpGenerator.properties.activation)),
      'Default: `"relu"` · Values: `"relu"`, `"leakyRelu"`, `"tanh"`, `"elu"`',
    );
    assert.equal(factsLine(schemaFacts(MlpGenerator.properties.hidden)), 'Default: `[128, 128]` · Range: at most 32 items, each 1 to 8192');
  });

  it('a union by kind: required, with its kinds', () => {
    assert.equal(
      factsLine(schemaFacts(Loss)),
      'Required · Kinds: `"minimax"`, `"nonSaturating"`, `"wgan"`, `"wganGp"`, `"hinge"`, `"lsgan"`, `"neuralDistance"`, `"energy"`',
    );
  });

  it("names this file's default beside the schema's when they differ", () => {
    const facts = schemaFacts(ExperimentSchema.properties.schedule.properties.dStepsPerGStep);
    assert.equal(
      factsLine(facts, { value: '5', why: 'left out with loss energy' }),
      'Default: `1` (left out with loss energy: `5`) · Range: 1 to 100, integer',
    );
    assert.equal(factsLine(facts, { value: '1', why: 'same' }), 'Default: `1` · Range: 1 to 100, integer');
  });
});

describe('the published schema says what hover says (jsonSchema.ts)', () => {
  type Node = { [key: string]: unknown };
  const schema = toJsonSchema() as Node;
  const properties = (n: Node) => n.properties as Record<string, Node>;

  it("each property's markdownDescription carries its default and range", () => {
    assert.equal(
      properties(schema).seed!.markdownDescription,
      'Random seed for weights, data and noise: the same seed and backend give the same run.\n\nDefault: `1` · Range: 0 to 2,147,483,647, integer',
    );
    assert.match(String(properties(schema).name!.markdownDescription), /\n\nRequired · Range: 1 to 64 characters/);
  });

  it('a union\'s kind names every kind when it matches none (not one variant\'s `Value must be "ring"`)', () => {
    const data = properties(schema).data!;
    for (const variant of data.anyOf as Node[])
      assert.match(
        String(properties(variant).kind!.errorMessage),
        /^kind must be one of "parabola", "mixture1d", "ring", .*"stackedMnist"$/,
      );
  });
});

describe('hover in experiment files (experimentAssist.ts)', () => {
  it('on a key: the setting, its description, default and range, over the key', () => {
    const [text, offset] = at('{ "optimizer": { "generator": { "kind": "adam", "l|r": 0.1 } } }');
    const found = hoverAt(text, offset)!;
    assert.equal(found.markdown, '**optimizer.generator.lr**\n\nLearning rate.\n\nDefault: `0.0001` · Range: 0 to 10');
    assert.equal(text.slice(found.offset, found.offset + found.length), '"lr"');
  });

  it("on a value: the same, with this file's loss-dependent default", () => {
    const found = hover('{ "loss": { "kind": "energy" }, "schedule": { "dStepsPerGStep": |3 } }')!;
    assert.match(found.markdown, /^\*\*schedule.dStepsPerGStep\*\*\n\nk: discriminator steps per generator step/);
    assert.match(found.markdown, /Default: `1` \(left out with loss energy: `5`\) · Range: 1 to 100, integer$/);
  });

  it('on a kind: what it is, the kinds, and its settings with their defaults', () => {
    const found = hover('{ "loss": { "kind": "wg|an" } }')!;
    assert.match(found.markdown, /^\*\*loss.kind\*\*\n\nWasserstein GAN/);
    assert.match(found.markdown, /Kinds: `"minimax"`, `"nonSaturating"`, `"wgan"`/);
    assert.match(found.markdown, /Settings:\n- `clip` `0\.01` \(0\.000001 to 100\)$/);
  });

  it('on a number inside a list: the list; an unknown property or a comment: nothing', () => {
    assert.match(
      hover('{ "generator": { "kind": "mlp", "hidden": [12|8] } }')!.markdown,
      /^\*\*generator.hidden\*\*\n\nWidth of each hidden layer/,
    );
    assert.equal(hover('{ "se|ad": 1 }'), undefined);
    assert.equal(hover('{ // se|ed\n "seed": 1 }'), undefined);
  });

  it('in an object whose kind is not given yet, a setting names the kinds that have it', () => {
    assert.match(hover('{ "loss": { "cl|ip": 0.1 } }')!.markdown, /Only with `kind` `wgan`, `neuralDistance`\.$/);
  });
});

describe('completion in experiment files (experimentAssist.ts)', () => {
  it('inside "loss": {} — kind (a choice of kinds) first, then every setting of the loss kinds with its default', () => {
    const found = complete('{ "name": "x", "loss": { | } }')!;
    assert.deepEqual(
      found.items.map((i) => [i.label, i.detail]),
      [
        ['kind', 'required'],
        ['clip', 'default 0.01 · 0.000001 to 100 · only with kind wgan, neuralDistance'],
        ['lambda', 'default 10 · 0 to 10,000 · only with kind wganGp, energy'],
        ['mutualInformation', 'default "encoder" · "encoder" | "statisticsNetwork" | "none" · only with kind energy'],
      ],
    );
    assert.equal(found.items[0]!.snippet, '"kind": "${1|minimax,nonSaturating,wgan,wganGp,hinge,lsgan,neuralDistance,energy|}"');
    assert.ok(found.items[0]!.sortText < found.items[1]!.sortText);
    assert.match(found.items[1]!.documentation, /^\*\*loss.clip\*\*\n\nWeight clipping/);
  });

  it("with the kind given: that kind's settings not yet in the file", () => {
    assert.deepEqual(labels('{ "loss": { "kind": "wgan", | } }'), ['clip']);
    assert.deepEqual(labels('{ "loss": { "kind": "energy", "lambda": 1, | } }'), ['mutualInformation']);
    assert.deepEqual(labels('{ "loss": { "kind": "hinge", | } }'), []);
  });

  it('the snippet: the default as a placeholder, a comma before a following property, nothing but the key before an existing colon', () => {
    assert.equal(complete('{ "loss": { "kind": "wgan", | } }')!.items[0]!.snippet, '"clip": ${1:0.01}');
    assert.equal(complete('{ "loss": { | "kind": "wgan" } }')!.items[0]!.snippet, '"clip": ${1:0.01},');
    assert.equal(complete('{ "loss": { "kind": "wgan", "cl|": 1 } }')!.items[0]!.snippet, '"clip"');
    assert.equal(
      complete('{ "generator": { "kind": "mlp", | } }')!.items.find((i) => i.label === 'activation')!.snippet,
      '"activation": "${1|relu,leakyRelu,tanh,elu|}"',
    );
  });

  it('replaces the quoted key being typed, up to the cursor when its quote is not closed', () => {
    const [text, offset] = at('{ "loss": { "kind": "wgan", "c| } }');
    const found = completionsAt(text, offset)!;
    assert.deepEqual([found.offset, found.length], [text.indexOf('"c'), 2]);
    assert.equal(found.items[0]!.filterText, '"clip"');
    const [closed, inside] = at('{ "loss": { "kind": "wgan", "c|x": 1 } }');
    const replaced = completionsAt(closed, inside)!;
    assert.equal(closed.slice(replaced.offset, replaced.offset + replaced.length), '"cx"');
  });

  it("defaults are this file's: k 5 and RMSprop where the loss sets them", () => {
    const schedule = complete('{ "loss": { "kind": "energy" }, "schedule": { | } }')!;
    const k = schedule.items.find((i) => i.label === 'dStepsPerGStep')!;
    assert.equal(k.detail, 'default 5 in this file (1 otherwise) · 1 to 100');
    assert.equal(k.snippet, '"dStepsPerGStep": ${1:5}');
    const optimizer = complete('{ "loss": { "kind": "wgan" }, "optimizer": { | } }')!;
    assert.equal(optimizer.items[0]!.snippet, '"generator": { "kind": "${1|rmsprop,adam,sgd|}"$0 }');
    assert.equal(lossDependentDefault({ loss: { kind: 'wgan' } }, ['optimizer', 'generator'])?.text, '{ "kind": "rmsprop" }');
    assert.equal(lossDependentDefault({ loss: { kind: 'hinge' } }, ['schedule', 'dStepsPerGStep']), undefined);
  });

  it('where a value goes: the values, the default first; a space after a colon just typed', () => {
    const found = complete('{ "generator": { "kind": "mlp", "activation":| } }')!;
    assert.deepEqual(
      found.items.map((i) => [i.label, i.detail]),
      [
        ['"relu"', 'default'],
        ['"leakyRelu"', ''],
        ['"tanh"', ''],
        ['"elu"', ''],
      ],
    );
    assert.equal(found.items[0]!.snippet, ' "relu"');
    assert.deepEqual(labels('{ "loss": { "kind": "w|" } }'), [
      '"minimax"',
      '"nonSaturating"',
      '"wgan"',
      '"wganGp"',
      '"hinge"',
      '"lsgan"',
      '"neuralDistance"',
      '"energy"',
    ]);
    assert.deepEqual(labels('{ "regularizers": [ | ] }'), [
      '{ "kind": "r1" }',
      '{ "kind": "labelSmoothing" }',
      '{ "kind": "instanceNoise" }',
    ]);
    assert.deepEqual(labels('{ "schedule": { "steps": | } }'), ['10000']);
  });

  it('nothing in a comment, after a finished value, or in a property the schema does not have', () => {
    assert.equal(complete('{ "loss": { // |\n } }'), undefined);
    assert.equal(complete('{ "loss": { "kind": "wgan" | } }'), undefined);
    assert.equal(complete('{ "sead": { | } }'), undefined);
  });

  it('schemaAt follows the kinds of the document', () => {
    assert.equal(schemaAt(['loss', 'clip'], { loss: { kind: 'wgan' } })?.node.default, 0.01);
    assert.equal(schemaAt(['loss', 'clip'], { loss: { kind: 'hinge' } }), undefined);
    assert.deepEqual(schemaAt(['loss', 'lambda'], { loss: {} })?.onlyWithKinds, ['wganGp', 'energy']);
    assert.equal(schemaAt(['regularizers', 0, 'weight'], { regularizers: [{ kind: 'r1' }] })?.node.default, 10);
  });
});
