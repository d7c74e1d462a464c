/**
 * Writes the published JSON Schemas from their TypeBox definitions: the experiment file's
 * (`schemas/experiment.schema.json`) and the sweep file's (`schemas/sweep.schema.json`).
 * `npm run schema` regenerates them; with `--check` nothing is written and the exit status is 1
 * when a committed file differs from what its definition gives (for CI).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { jsonSchemaText } from '../shared/experiment/jsonSchema';
import { sweepJsonSchemaText } from '../shared/sweep/sweepJsonSchema';

const root = join(__dirname, '..', '..');

function writeOne(file: string, expected: string, check: boolean): number {
  const target = join(root, 'schemas', file);
  const shown = relative(root, target).split(sep).join('/');
  const current = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
  if (check) {
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

function main(args: readonly string[]): number {
  const check = args.includes('--check');
  const codes = [writeOne('experiment.schema.json', jsonSchemaText(), check), writeOne('sweep.schema.json', sweepJsonSchemaText(), check)];
  return Math.max(...codes);
}

process.exitCode = main(process.argv.slice(2));
