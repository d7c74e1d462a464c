import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateExperiment } from '../../src/shared/experiment/validate';
import { GENERATOR_LOADING_SNIPPET } from '../../src/shared/generatorSnippet';
import { experimentReference, REFERENCE_END, REFERENCE_START } from '../../src/tools/experimentReference';

const root = join(__dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

describe('README stays true', () => {
  it('the experiment file reference is the one generated from the schema (run npm run docs)', () => {
    const start = readme.indexOf(REFERENCE_START) + REFERENCE_START.length;
    const end = readme.indexOf(REFERENCE_END);
    assert.equal(readme.slice(start, end).trim(), experimentReference(), 'README.md reference is out of date; run npm run docs');
  });

  it('the quick start commands exist and CI runs the same test command', () => {
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const quickStart = /## Quick start[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const commands = quickStart
      .split('\n')
      .map((line) => line.replace(/#.*$/, '').trim())
      .filter(Boolean);
    assert.deepEqual(commands, ['npm start', 'npm test'], 'the quick start is exactly npm start and npm test');
    // Both install what is missing first: on a fresh clone nothing else has run.
    for (const name of ['start', 'test'] as const)
      assert.match(scripts[name] ?? '', /^node scripts\/bootstrap\.mjs( |$)/, `npm ${name} bootstraps first`);
    assert.match(readFileSync(join(root, '.ci', 'run'), 'utf8'), /^(stage '[^']+' )?npm test$/m, '.ci/run runs npm test');
  });

  it('shows the generator-loading code the extension copies', () => {
    const start = readme.indexOf('<!-- generator-snippet -->\n```html\n');
    const end = readme.indexOf('\n```\n<!-- /generator-snippet -->');
    assert.ok(start >= 0 && end > start);
    assert.equal(readme.slice(start + '<!-- generator-snippet -->\n```html\n'.length, end), GENERATOR_LOADING_SNIPPET);
  });

  it('the experiment file shown first is valid (its fence is json: prettier would give a jsonc one trailing commas)', () => {
    const start = readme.indexOf('### The experiment file\n\n```json\n');
    assert.ok(start >= 0, 'the example under "### The experiment file" is a ```json block');
    const body = readme.slice(readme.indexOf('{', start), readme.indexOf('\n```\n', start));
    const result = validateExperiment(body);
    assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
  });

  it('every example named in the README exists', () => {
    for (const [, file] of readme.matchAll(/examples\/([\w.-]+\.gan\.json)/g)) {
      assert.doesNotThrow(() => readFileSync(join(root, 'examples', file!)), file);
    }
  });
});
