/**
 * Messages from webviews are untrusted input: the host's dispatcher (the one entry of the dashboard
 * and the Samples view) acts only on a message of the exact contract shape with in-range values.
 * Malformed messages (wrong types, extra fields naming paths, unknown types or actions, prototype
 * keys, huge numbers, NaN) reach no handler; no message can name a file to write; a hyper-parameter
 * edit only ever touches the known keys of the experiment file.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import { dispatchWebviewMessage, type WebviewHandlers, type WebviewMessageType } from '../../src/extension/webviews/webviewMessages';
import { applyHyperparameterEdits } from '../../src/shared/experiment/editHyperparameters';
import { validateExperiment } from '../../src/shared/experiment/validate';
import { HYPERPARAMETERS } from '../../src/shared/hyperparameterTable';
import { MAX_EXPORT_BASE64, WEBVIEW_PAYLOAD_KEYS, type WebviewToHost } from '../../src/shared/protocol';

const root = join(__dirname, '..', '..');

/** One valid message of every type a webview can send. */
const VALID: WebviewToHost[] = [
  { type: 'ready', payload: {} },
  { type: 'runAction', payload: { action: 'pause' } },
  { type: 'setHyperparameter', payload: { key: 'generatorLr', value: 2e-4 } },
  { type: 'requestSamples', payload: { step: 250 } },
  { type: 'listCompareRuns', payload: {} },
  { type: 'addCompareRun', payload: { runDir: '/w/runs/ring/20261122-1' } },
  { type: 'saveExport', payload: { format: 'png', suggestedName: 'chart.png', data: 'iVBORw0KGgo=' } },
  { type: 'exportMetricsCsv', payload: {} },
  { type: 'openDashboard', payload: {} },
  { type: 'requestSampling', payload: { id: 'step-5000-mala-20261122-045250' } },
];

const MALFORMED: [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['a string', 'ready'],
  ['an array', [{ type: 'ready', payload: {} }]],
  ['no payload', { type: 'ready' }],
  ['a null payload', { type: 'ready', payload: null }],
  ['an array payload', { type: 'ready', payload: [] }],
  ['a string payload', { type: 'ready', payload: 'x' }],
  ['a non-string type', { type: 1, payload: {} }],
  ['an unknown type', { type: 'writeFile', payload: { path: '/etc/passwd', data: 'x' } }],
  ['a type from the prototype', { type: 'toString', payload: {} }],
  ['a type named __proto__', { type: '__proto__', payload: {} }],
  ['a host-to-webview type', { type: 'snapshot', payload: {} }],
  ['a trainer type', { type: 'updateHyperparameters', payload: { generatorLr: 1 } }],
  ['an extra envelope field', { type: 'ready', payload: {}, path: '/tmp/x' }],
  ['an extra payload field on ready', { type: 'ready', payload: { path: '/tmp/x' } }],
  ['an unknown action', { type: 'runAction', payload: { action: 'deleteRun' } }],
  ['an action from the prototype', { type: 'runAction', payload: { action: 'constructor' } }],
  ['an action of the wrong type', { type: 'runAction', payload: { action: ['stop'] } }],
  ['an action with a path', { type: 'runAction', payload: { action: 'openRunFolder', runDir: '/etc' } }],
  ['an unknown hyper-parameter', { type: 'setHyperparameter', payload: { key: 'dataPath', value: 1 } }],
  ['a prototype key', { type: 'setHyperparameter', payload: { key: '__proto__', value: 1 } }],
  ['a constructor key', { type: 'setHyperparameter', payload: { key: 'constructor', value: 1 } }],
  ['a string value', { type: 'setHyperparameter', payload: { key: 'generatorLr', value: '0.1' } }],
  ['NaN', { type: 'setHyperparameter', payload: { key: 'generatorLr', value: NaN } }],
  ['Infinity', { type: 'setHyperparameter', payload: { key: 'discriminatorLr', value: Infinity } }],
  ['a negative value', { type: 'setHyperparameter', payload: { key: 'generatorLr', value: -1e-4 } }],
  ['a huge learning rate', { type: 'setHyperparameter', payload: { key: 'generatorLr', value: 1e300 } }],
  ['a huge step count', { type: 'setHyperparameter', payload: { key: 'steps', value: 1e300 } }],
  ['a beta of 1', { type: 'setHyperparameter', payload: { key: 'generatorBeta1', value: 1 } }],
  ['a fractional k', { type: 'setHyperparameter', payload: { key: 'dStepsPerGStep', value: 2.5 } }],
  ['k = 0', { type: 'setHyperparameter', payload: { key: 'dStepsPerGStep', value: 0 } }],
  ['a bigint value', { type: 'setHyperparameter', payload: { key: 'steps', value: 10n } }],
  ['a file path beside the hyper-parameter', { type: 'setHyperparameter', payload: { key: 'steps', value: 10, file: '/etc/x.gan.json' } }],
  ['a path beside the hyper-parameter', { type: 'setHyperparameter', payload: { key: 'steps', value: 10, path: '../../x' } }],
  ['a missing value', { type: 'setHyperparameter', payload: { key: 'steps' } }],
  ['a negative step', { type: 'requestSamples', payload: { step: -1 } }],
  ['a fractional step', { type: 'requestSamples', payload: { step: 1.5 } }],
  ['a step past 2^53', { type: 'requestSamples', payload: { step: 2 ** 60 } }],
  ['a NaN step', { type: 'requestSamples', payload: { step: NaN } }],
  ['an empty run folder', { type: 'addCompareRun', payload: { runDir: '' } }],
  ['a run folder with NUL', { type: 'addCompareRun', payload: { runDir: '/w/runs/a\0b' } }],
  ['a run folder of the wrong type', { type: 'addCompareRun', payload: { runDir: { path: '/w' } } }],
  [
    'an export with a target path',
    { type: 'saveExport', payload: { format: 'png', suggestedName: 'a.png', data: '', path: '/etc/passwd' } },
  ],
  ['an export of an unknown format', { type: 'saveExport', payload: { format: 'js', suggestedName: 'a.js', data: '' } }],
  ['an export that is not base64', { type: 'saveExport', payload: { format: 'png', suggestedName: 'a.png', data: '<script>' } }],
  ['a long export name', { type: 'saveExport', payload: { format: 'gif', suggestedName: 'a'.repeat(201), data: '' } }],
  ['a huge export', { type: 'saveExport', payload: { format: 'gif', suggestedName: 'a.gif', data: 'A'.repeat(MAX_EXPORT_BASE64 + 4) } }],
  ['a sampling id with a path', { type: 'requestSampling', payload: { id: '../../etc' } }],
  ['a sampling id with a slash', { type: 'requestSampling', payload: { id: 'a/b' } }],
];

/** A handler for every type that records what it was given. */
function recordingHandlers(types: readonly WebviewMessageType[] = Object.keys(WEBVIEW_PAYLOAD_KEYS) as WebviewMessageType[]) {
  const calls: [string, unknown][] = [];
  const handlers: Record<string, (payload: unknown) => void> = {};
  for (const type of types) handlers[type] = (payload) => void calls.push([type, payload]);
  return { calls, handlers: handlers as WebviewHandlers };
}

async function dispatch(message: unknown, types?: readonly WebviewMessageType[]) {
  const { calls, handlers } = recordingHandlers(types);
  const refusals: string[] = [];
  await dispatchWebviewMessage(message, handlers, (reason) => refusals.push(reason));
  return { calls, refusals };
}

describe('messages from webviews', () => {
  it('covers every type of the contract with a valid example', () => {
    assert.deepEqual(VALID.map((m) => m.type).sort(), Object.keys(WEBVIEW_PAYLOAD_KEYS).sort());
  });

  for (const message of VALID) {
    it(`hands a valid ${message.type} to its handler alone, with the contract's payload`, async () => {
      const { calls, refusals } = await dispatch(message);
      assert.deepEqual(refusals, []);
      assert.deepEqual(calls, [[message.type, message.payload]]);
    });
  }

  for (const [what, message] of MALFORMED) {
    it(`refuses ${what}: no handler runs`, async () => {
      const { calls, refusals } = await dispatch(message);
      assert.deepEqual(calls, []);
      assert.equal(refusals.length, 1);
      assert.match(refusals[0]!, /^ignored /);
    });
  }

  it('refuses prototype-pollution payloads (parsed from JSON) and leaves Object.prototype alone', async () => {
    const texts = [
      '{"type":"setHyperparameter","payload":{"key":"steps","value":10,"__proto__":{"polluted":true}}}',
      '{"type":"ready","payload":{"__proto__":{"polluted":true}}}',
      '{"type":"ready","payload":{},"__proto__":{"polluted":true}}',
      '{"type":"runAction","payload":{"action":"stop","constructor":{"prototype":{"polluted":true}}}}',
    ];
    for (const text of texts) {
      const { calls, refusals } = await dispatch(JSON.parse(text));
      assert.deepEqual(calls, [], text);
      assert.equal(refusals.length, 1, text);
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('refuses objects that are not plain data (class instances, symbol keys, getters are not read as fields)', async () => {
    class Ready {
      type = 'ready';
      payload = {};
    }
    const withSymbol = { type: 'ready', payload: { [Symbol('path')]: '/etc' } };
    for (const message of [new Ready(), withSymbol, { type: 'ready', payload: new Map() }]) {
      const { calls } = await dispatch(message);
      assert.deepEqual(calls, []);
    }
  });

  it('refuses, in a view, a valid message of a type that view does not handle', async () => {
    const samplesView: WebviewMessageType[] = ['ready', 'requestSamples', 'openDashboard'];
    for (const message of VALID.filter((m) => !samplesView.includes(m.type))) {
      const { calls, refusals } = await dispatch(message, samplesView);
      assert.deepEqual(calls, [], message.type);
      assert.match(refusals[0]!, /does not send/);
    }
  });

  it('accepts every hyper-parameter at the edges of its schema range, and refuses just outside', async () => {
    for (const { key, integer, min, max } of HYPERPARAMETERS) {
      for (const value of [min, max])
        assert.equal((await dispatch({ type: 'setHyperparameter', payload: { key, value } })).calls.length, 1, `${key}=${value}`);
      const step = integer ? 1 : 1e-6;
      for (const value of [min - step, max + step])
        assert.equal((await dispatch({ type: 'setHyperparameter', payload: { key, value } })).calls.length, 0, `${key}=${value}`);
    }
  });

  it('has bounds that are exactly those of the experiment schema', () => {
    const schema = JSON.parse(readFileSync(join(root, 'schemas', 'experiment.schema.json'), 'utf8')) as SchemaNode;
    for (const { key, path, integer, min, max } of HYPERPARAMETERS) {
      const nodes = schemaNodesAt(schema, path);
      assert.ok(nodes.length > 0, `${key} is in the schema`);
      for (const node of nodes)
        assert.deepEqual({ integer: node.type === 'integer', min: node.minimum, max: node.maximum }, { integer, min, max }, key);
    }
  });

  it('lets no message name a file to write: the only path-like field is the compare run (which the host reads only when it offered it: test/unit/runActions.test.ts)', () => {
    const fields = Object.entries(WEBVIEW_PAYLOAD_KEYS).flatMap(([type, keys]) => keys.map((k) => `${type}.${k}`));
    assert.deepEqual(
      fields.filter((f) => /path|file|dir|uri|folder|target|dest/i.test(f)),
      ['addCompareRun.runDir'],
    );
  });
});

describe('a dashboard hyper-parameter edit', () => {
  const text = readFileSync(join(root, 'examples', 'ring8-nonsaturating.gan.json'), 'utf8');

  it('changes only the known key it names, in the run’s own experiment file text, whatever else the change object holds', () => {
    const hostile = JSON.parse('{"steps":1234,"path":"/etc/passwd","dataPath":"x.csv","__proto__":{"steps":99}}') as Record<string, number>;
    const before = parse(text) as Record<string, Record<string, unknown>>;
    const runs = validateExperiment(text);
    assert.ok(runs.ok);
    const after = parse(applyHyperparameterEdits(text, hostile, runs.config.optimizer)) as Record<string, Record<string, unknown>>;
    assert.equal(after.schedule!.steps, 1234);
    after.schedule!.steps = before.schedule!.steps;
    assert.deepEqual(after, before, 'nothing else changed');
  });
});

interface SchemaNode {
  type?: string;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, SchemaNode>;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
}

/** Every schema node at `path`, through anyOf/oneOf branches. */
function schemaNodesAt(node: SchemaNode, path: readonly string[]): SchemaNode[] {
  const branches = [...(node.anyOf ?? []), ...(node.oneOf ?? [])];
  if (branches.length > 0) return branches.flatMap((b) => schemaNodesAt(b, path));
  if (path.length === 0) return [node];
  const next = node.properties?.[path[0]!];
  return next ? schemaNodesAt(next, path.slice(1)) : [];
}
