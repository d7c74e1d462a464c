/** Writes the experiment file reference into README.md between its markers (`--check`: verify only). */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { experimentReference, REFERENCE_END, REFERENCE_START } from './experimentReference';

const readme = join(__dirname, '..', '..', 'README.md');
const text = readFileSync(readme, 'utf8');
const start = text.indexOf(REFERENCE_START);
const end = text.indexOf(REFERENCE_END);
if (start < 0 || end < start) {
  process.stderr.write(`README.md lacks the markers ${REFERENCE_START} … ${REFERENCE_END}\n`);
  process.exit(1);
}
const updated = `${text.slice(0, start + REFERENCE_START.length)}\n${experimentReference()}\n${text.slice(end)}`;
if (process.argv.includes('--check')) {
  if (updated !== text) {
    process.stderr.write('README.md experiment reference is out of date; run npm run docs\n');
    process.exit(1);
  }
} else if (updated !== text) {
  writeFileSync(readme, updated);
  process.stdout.write('README.md: experiment reference updated\n');
}
