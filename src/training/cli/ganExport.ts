/** `gan-export`: writes a run's generator as a TensorFlow.js model a web page can load. */
import { readdirSync } from 'node:fs';
import { selectBackend } from '../backend';
import { ExportError, exportGenerator, type ExportOptions } from '../export/exportGenerator';
import { parseCommandLine, runMain } from './cliMain';
import { cliError, wantsJson, writeFailure, writeJsonLine } from './jsonOutput';
import { printMessage } from './messages';
import { readOptions, UsageError } from './options';

export const EXPORT_USAGE = `Usage: gan-export <run directory> [--checkpoint C] [--out DIR] [--json]

Writes the generator of a run as a TensorFlow.js layers model (model.json + weights.bin)
that tf.loadLayersModel(url) loads in a web page.

Options:
  --checkpoint C    a checkpoint of the run: its step (2000), folder name (step-00002000)
                    or folder (default: the latest)
  --out DIR         the folder to create (default: <run>/exports/generator-step-N)
  --json            print the result (or the error) as one JSON object instead of text
  -h, --help        show this help`;

export function parseExportArgs(argv: string[]): { runDir: string; options: ExportOptions } | 'help' {
  const options: ExportOptions = {};
  const positional = readOptions(argv, ({ flag, inline, value }) => {
    if (flag === '--checkpoint') options.checkpoint = value();
    else if (flag === '--out') options.out = value();
    else if (flag === '--json') {
      if (inline !== undefined) throw new UsageError('--json takes no value');
    } else return false;
    return true;
  });
  if (positional === 'help') return 'help';
  if (positional.length !== 1) throw new UsageError(positional.length === 0 ? 'no run directory given' : 'give one run directory');
  return { runDir: positional[0]!, options };
}

export async function main(argv: string[]): Promise<number> {
  const json = wantsJson(argv);
  const parsed = parseCommandLine('gan-export', EXPORT_USAGE, parseExportArgs, argv, json ? 'gan-export' : undefined);
  if (typeof parsed === 'number') return parsed;
  await selectBackend('cpu');
  try {
    const result = await exportGenerator(parsed.runDir, parsed.options);
    if (json) {
      const files = readdirSync(result.folder).sort();
      writeJsonLine({
        type: 'result',
        tool: 'gan-export',
        ok: true,
        folder: result.folder,
        files,
        step: result.step,
        warnings: result.notes,
      });
    } else {
      for (const note of result.notes) printMessage('gan-export', note, 'note');
      process.stdout.write(`exported the generator at step ${result.step} to ${result.folder}\n`);
    }
    return 0;
  } catch (e) {
    if (!(e instanceof ExportError) && !(e instanceof Error && /checkpoint|does not match/.test(e.message))) throw e;
    printMessage('gan-export', e.message);
    if (json) writeFailure('gan-export', 1, cliError('run', e));
    return 1;
  }
}

/** Runs the CLI and exits the process with its code (the `gan-export` bin calls this). */
export function run(argv = process.argv.slice(2)): void {
  runMain('gan-export', main, argv, wantsJson(argv) ? 'gan-export' : undefined);
}
