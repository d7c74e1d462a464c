/** `gan-sample`: MCMC in a trained run's latent space, written to `<run>/sampling/<id>/`. */
import { meanOrNull, samplingHeadline } from '../../shared/cliResult';
import type { BackendName } from '../../shared/experiment/schema';
import { tryReadRunMetaSync } from '../../shared/runDirectory/readRunMeta';
import type { SamplingRecord } from '../../shared/runFormat';
import { BackendUnavailableError, selectBackend } from '../backend';
import { TrainedRunError } from '../run/loadTrainedRun';
import { appendSamplingEvent } from '../sampling/samplingEvent';
import { sampleTrainedRun, SamplingError } from '../sampling/sampleTrainedRun';
import { parseCommandLine, runMain } from './cliMain';
import { cliError, wantsJson, writeFailure, writeJsonLine } from './jsonOutput';
import { printMessage } from './messages';
import { formatQuality } from './progress';
import { parseSampleArgs, SAMPLE_USAGE } from './sampleArgs';
import { sampleResult } from './sampleResult';

/** Progress lines when stdout is not a terminal (or JSON lines with --json, which the extension reads): about this many. */
const PROGRESS_LINES = 20;

/**
 * The backend the run trained on (run.json), so the chains see the numbers training saw; auto when
 * unknown, or when it was webgpu, which the chains cannot use (they read tensors synchronously).
 */
function trainedBackend(runDir: string): BackendName {
  // A run.json that cannot be read is reported, naming the field, when the run is loaded.
  const read = tryReadRunMetaSync(runDir);
  const name = read.ok ? (read.meta.backend?.name ?? 'auto') : 'auto';
  return name === 'webgpu' ? 'auto' : name;
}

function progressPrinter(out: NodeJS.WriteStream, total: number, json: boolean): (step: number) => void {
  const every = Math.max(1, Math.ceil(total / PROGRESS_LINES));
  return (step) => {
    if (json) {
      if (step % every === 0 || step === total) writeJsonLine({ type: 'progress', step, total }, out);
    } else if (out.isTTY) {
      if (step % every === 0 || step === total) out.write(`\rstep ${step}/${total}${step === total ? '\n' : ''}`);
    } else if (step % every === 0 || step === total) out.write(`step ${step}/${total}\n`);
  };
}

export function summary(record: SamplingRecord, folder: string): string {
  const { settings } = record;
  const meanEnergy = { start: meanOrNull(record.startEnergies), final: meanOrNull(record.finalEnergies) };
  const lines = [
    `sampled ${settings.chains} chains × ${settings.steps} ${settings.method} steps (ε ${settings.stepSize}, T ${settings.temperature}, ` +
      `${settings.start} start${settings.prior ? '' : ', no prior'}) from the checkpoint at step ${record.checkpointStep} ` +
      `in ${record.durationSeconds} s on ${record.backend}`,
    `  ${samplingHeadline({ settings, acceptanceRate: record.acceptanceRate, meanEnergy })}`,
  ];
  if (record.quality) lines.push(`  before: ${formatQuality(record.quality.before)}`, `  after:  ${formatQuality(record.quality.after)}`);
  for (const note of record.notes) lines.push(`  note: ${note}`);
  lines.push(`wrote ${folder}`);
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const json = wantsJson(argv);
  const parsed = parseCommandLine('gan-sample', SAMPLE_USAGE, parseSampleArgs, argv, json ? 'gan-sample' : undefined);
  if (typeof parsed === 'number') return parsed;
  try {
    const backend = await selectBackend(parsed.backend ?? trainedBackend(parsed.runDir));
    const { folder, record } = sampleTrainedRun(parsed.runDir, {
      settings: parsed.settings,
      ...(parsed.checkpoint !== undefined && { checkpoint: parsed.checkpoint }),
      backend: backend.name,
      onStep: progressPrinter(process.stdout, parsed.settings.steps, json),
    });
    if (parsed.recordEvent !== false) {
      try {
        appendSamplingEvent(parsed.runDir, record);
      } catch (e) {
        // The result is written; only its line in the run's events is missing.
        printMessage('gan-sample', `the result is not in the run's events: ${(e as Error).message}`, 'warning');
      }
    }
    if (json) writeJsonLine(sampleResult(record, folder));
    else process.stdout.write(`${summary(record, folder)}\n`);
    return 0;
  } catch (e) {
    const known =
      e instanceof TrainedRunError || e instanceof SamplingError || e instanceof BackendUnavailableError || e instanceof RangeError;
    if (!known) throw e;
    printMessage('gan-sample', e.message);
    if (json) writeFailure('gan-sample', 1, cliError('run', e));
    return 1;
  }
}

/** Runs the CLI and exits the process with its code (the `gan-sample` bin calls this). */
export function run(argv = process.argv.slice(2)): void {
  runMain('gan-sample', main, argv, wantsJson(argv) ? 'gan-sample' : undefined);
}
