/**
 * gan-export, gan-sample and `gan-train --resume` on a run whose run.json is damaged (a field of the
 * wrong type, a missing field, not JSON, not an object, cut short): each exits 1 with one line that
 * names the file, the field and what it must be, and writes nothing. Before the run directory had one
 * reader, gan-export and gan-sample crashed with a TensorFlow.js stack trace ("internal error: Error:
 * Tensor must have a shape comprised of positive integers") on a wrong `data.dim`, and `--resume`
 * with a Node TypeError on `null`, or resumed with the wrong values carried into the new run.json.
 * The bins run from dist/ (`npm run build`).
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunMeta } from '../../src/shared/runFormat';
import { GAN_EXPORT, GAN_SAMPLE, GAN_TRAIN, runCli } from '../helpers/cli';
import { ringExperiment, tempDir, writeExperimentFile } from '../helpers/experiments';

/** Damaged run.json texts, by class, made from the intact one; each with what stderr must say after "<file>: ". */
function damages(intact: string): [name: string, text: string, problem: RegExp][] {
  const meta = JSON.parse(intact) as RunMeta;
  const withFields = (fields: Record<string, unknown>) => JSON.stringify({ ...meta, ...fields }, null, 2);
  return [
    ['wrong type: lastStep', withFields({ lastStep: 'abc' }), /"lastStep" must be a non-negative integer, found "abc"$/],
    ['wrong type: data.dim', withFields({ data: { dim: 'two' } }), /"data\.dim" must be a positive integer, found "two"$/],
    ['wrong type: experimentFile', withFields({ experimentFile: 5, data: undefined }), /"experimentFile" must be a string, found 5$/],
    ['missing: runId', withFields({ runId: undefined }), /"runId" is missing; it must be a string$/],
    ['missing: data.dim', withFields({ data: {} }), /"data\.dim" is missing; it must be a positive integer$/],
    [
      'not JSON',
      'hello',
      /not valid JSON \(.+\); the trainer writes run\.json whole, so it was cut short or edited: fix the text or restore the file$/,
    ],
    ['not an object: array', '[1, 2]', /must hold a JSON object \(the run's status, steps, backend and data shape\), found an array of 2$/],
    ['not an object: null', 'null', /must hold a JSON object \(the run's status, steps, backend and data shape\), found null$/],
    ['cut short', intact.slice(0, Math.floor(intact.length / 2)), /not valid JSON \(.+\); the trainer writes run\.json whole/],
  ];
}

const TOOLS: { tool: string; bin: string; args: (dir: string) => string[]; prefix: string }[] = [
  { tool: 'gan-export', bin: GAN_EXPORT, args: (dir) => [dir], prefix: 'gan-export: ' },
  { tool: 'gan-sample', bin: GAN_SAMPLE, args: (dir) => [dir, '--steps', '2', '--chains', '4'], prefix: 'gan-sample: ' },
  {
    tool: 'gan-train --resume',
    bin: GAN_TRAIN,
    args: (dir) => ['--resume', dir, '--steps', '30', '--quiet'],
    prefix: 'gan-train: cannot resume: ',
  },
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('damaged run.json: gan-export, gan-sample and gan-train --resume name the file and the field', function () {
  this.timeout(240_000);
  let runDir = '';

  before(async function () {
    this.timeout(120_000);
    const out = tempDir();
    const file = writeExperimentFile(ringExperiment({ schedule: { steps: 20, batchSize: 32 } }));
    const { code, stderr } = await runCli([file, '--out', out, '--quiet']).done;
    assert.equal(code, 0, stderr);
    runDir = join(out, 'test-ring', readdirSync(join(out, 'test-ring'))[0]!);
  });

  for (const { tool, bin, args, prefix } of TOOLS) {
    it(`${tool}: exit 1, one line "<file>: <field> must be …", no stack trace, nothing written`, async () => {
      const intact = readFileSync(join(runDir, 'run.json'), 'utf8');
      for (const [name, text, problem] of damages(intact)) {
        const dir = join(tempDir(), 'run');
        cpSync(runDir, dir, { recursive: true });
        writeFileSync(join(dir, 'run.json'), text);
        const before = readdirSync(dir).sort();
        const { code, stdout, stderr } = await runCli(args(dir), undefined, bin).done;
        const where = `${tool}, ${name}: exit ${code}, stderr: ${stderr}, stdout: ${stdout}`;
        assert.equal(code, 1, where);
        assert.doesNotMatch(stderr, /internal error|\n\s+at /, where);
        const lines = stderr.trimEnd().split('\n');
        assert.equal(lines.length, 1, where);
        assert.match(lines[0]!, new RegExp(`^${escape(`${prefix}${join(dir, 'run.json')}: `)}`), where);
        assert.match(lines[0]!, problem, where);
        assert.deepEqual(readdirSync(dir).sort(), before, `${where}: wrote something`);
        assert.equal(readFileSync(join(dir, 'run.json'), 'utf8'), text, `${where}: rewrote run.json`);
        assert.ok(!existsSync(join(dir, 'exports')) && !existsSync(join(dir, 'sampling')), where);
      }
    });
  }
});
