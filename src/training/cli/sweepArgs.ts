/** gan-sweep's command line. */
import { oneOf, readOptions, UsageError } from './options';

export type SweepArgs =
  | { mode: 'submit'; file: string; executor?: 'local' | 'slurm'; out?: string; detach: boolean }
  | { mode: 'status'; dir: string }
  | { mode: 'cancel'; dir: string; trial?: number }
  | { mode: 'runTrial'; dir: string; index: number };

export const SWEEP_USAGE = `Usage: gan-sweep <file.sweep.json> [--executor local|slurm] [--out DIR] [--detach]
       gan-sweep --status <sweep folder>
       gan-sweep --cancel <sweep folder> [--trial N]

Expands a sweep file into one experiment per trial, runs the trials (on this
machine, or as one Slurm job array), prints progress and ends with the trials
ranked by the sweep's objective. The sweep folder is created under
<output>/<sweep name>/<sweep id>/ (output: --out, else the executor's "output",
else sweeps/ beside the sweep file).

Options:
  --executor E    local | slurm: run on this executor instead of the file's
                  (with that executor's defaults)
  --out DIR       create the sweep folder under DIR (for Slurm: storage every
                  node mounts)
  --detach        (slurm) submit and exit without waiting for the trials
  --status DIR    print the ranked table of the sweep folder DIR (works on any
                  machine that mounts it)
  --cancel DIR    cancel every trial of DIR not yet ended, or with --trial N
                  only trial N
  --run-trial DIR N
                  (used by the Slurm batch script) run trial N of DIR
  -h, --help      show this help

Exit status: 0 every trial done, 1 a problem in the sweep file or a trial
failed, 2 bad command line, 130 trials cancelled or interrupted.`;

function index(flag: string, text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${flag} takes a trial index (0, 1, …), got "${text}"`);
  return Number(text.trim());
}

export function parseSweepArgs(argv: string[]): SweepArgs | 'help' {
  let executor: 'local' | 'slurm' | undefined;
  let out: string | undefined;
  let status: string | undefined;
  let cancel: string | undefined;
  let runTrial: string | undefined;
  let trial: number | undefined;
  let detach = false;
  const positional = readOptions(argv, ({ flag, value }) => {
    switch (flag) {
      case '--executor':
        executor = oneOf(flag, value(), ['local', 'slurm'] as const);
        return true;
      case '--out':
        out = value();
        return true;
      case '--status':
        status = value();
        return true;
      case '--cancel':
        cancel = value();
        return true;
      case '--trial':
        trial = index(flag, value());
        return true;
      case '--run-trial':
        runTrial = value();
        return true;
      case '--detach':
        detach = true;
        return true;
      default:
        return false;
    }
  });
  if (positional === 'help') return 'help';
  const modes = [status && '--status', cancel && '--cancel', runTrial && '--run-trial'].filter(Boolean);
  if (modes.length > 1) throw new UsageError(`${modes.join(' and ')} cannot be combined`);
  if (modes.length === 1) {
    const submitOnly = [executor && '--executor', out && '--out', detach && '--detach'].filter(Boolean);
    if (submitOnly.length > 0) throw new UsageError(`${submitOnly.join(', ')} applies when submitting a sweep file, not with ${modes[0]}`);
  }
  if (trial !== undefined && cancel === undefined) throw new UsageError('--trial applies to --cancel');
  if (status !== undefined || cancel !== undefined) {
    if (positional.length > 0) throw new UsageError(`unexpected argument "${positional[0]}"`);
    return status !== undefined ? { mode: 'status', dir: status } : { mode: 'cancel', dir: cancel!, ...(trial !== undefined && { trial }) };
  }
  if (runTrial !== undefined) {
    if (positional.length !== 1) throw new UsageError('--run-trial takes the sweep folder and the trial index');
    return { mode: 'runTrial', dir: runTrial, index: index('--run-trial', positional[0]!) };
  }
  if (positional.length !== 1)
    throw new UsageError(
      positional.length === 0 ? 'missing the sweep file (*.sweep.json)' : `expected one sweep file, got ${positional.length}`,
    );
  return { mode: 'submit', file: positional[0]!, ...(executor && { executor }), ...(out !== undefined && { out }), detach };
}
