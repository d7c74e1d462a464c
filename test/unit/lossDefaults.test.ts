/**
 * Defaults that depend on the loss are stated in the published schema, so that hover on a property
 * says what a run of that file will use: every loss, resolved with no optimizer or k given, gets
 * exactly what the description of the node says for it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Loss } from '../../src/shared/experiment/schema';
import { validateExperiment } from '../../src/shared/experiment/validate';
import { ringExperiment } from '../helpers/experiments';

type Node = { description: string; properties: Record<string, Node> };
const published = JSON.parse(readFileSync(join(__dirname, '..', '..', 'schemas', 'experiment.schema.json'), 'utf8')) as Node;

/** What a description says for `loss`: the text after `with loss wgan, ` or else after `with any other loss, `. */
function clauseFor(description: string, loss: string): string {
  const clauses = description.replace(/\.$/, '').split('; ');
  const own = clauses.find((c) => c.includes(`with loss ${loss}, `)) ?? clauses.find((c) => c.includes('with any other loss, '));
  assert.ok(own, description);
  return own.slice(own.indexOf(', ', own.lastIndexOf('with ')) + 2);
}

describe('loss-dependent defaults in the schema (what hover shows)', () => {
  const kinds = Loss.anyOf.map((variant) => variant.properties.kind.const);

  for (const kind of kinds)
    it(`names the optimizers and k a ${kind} run uses where the file gives none`, () => {
      const result = validateExperiment(JSON.stringify({ ...ringExperiment({ loss: { kind } }), schedule: { steps: 10 } }));
      assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
      const { optimizer, schedule } = result.config;
      for (const network of ['generator', 'discriminator'] as const) {
        const { kind: optimizerKind, ...settings } = optimizer[network];
        const inWords = `${optimizerKind} (${Object.entries(settings)
          .map(([name, value]) => `${name} ${value}`)
          .join(', ')})`;
        assert.equal(clauseFor(published.properties.optimizer!.properties[network]!.description, kind), inWords, network);
      }
      assert.equal(clauseFor(published.properties.schedule!.properties.dStepsPerGStep!.description, kind), String(schedule.dStepsPerGStep));
    });
});
