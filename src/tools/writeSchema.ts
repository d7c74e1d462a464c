/**
 * Writes the published JSON Schema of the experiment file (`schemas/experiment.schema.json`) from
 * the TypeBox definition. `npm run schema` regenerates it; with `--check` nothing is written and
 * the exit status is 1 when the committed file differs from what the definition gives (for CI).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { jsonSchemaText } from '../shared/experiment/jsonSchema';

const root = join(__dirname, '..', '..');
const target = join(root, 'schemas', 'experiment.schema.json');
const shown = relative(root, target).split(sep).join('/');

function main(args: readonly string[]): number {
  const expected = jsonSchemaText();
  const current = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
  if (args.includes('--check')) {
    if (current === expected) {
      console.log(`${shown} is up to date`);
      return 0;
    }
    console.error(`${shown} ${current === undefined ? 'is missing' : 'is out of date'}; run npm run schema`);
    return 1;
  }
  if (current === expected) {
    console.log(`${shown} is up to date (unchanged)`);
    return 0;
  }
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, expected);
  console.log(`${current === undefined ? 'created' : 'updated'} ${shown} (${expected.split('\n').length - 1} lines)`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
