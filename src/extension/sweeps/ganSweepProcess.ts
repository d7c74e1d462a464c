/**
 * The sweep engine as the editor runs it: `gan-sweep` in a child process of the launcher (its own
 * process group, after the workspace-trust check). `gan-sweep FILE` expands the sweep once, writes
 * its folder and runs it: the local executor's trainers are its children, in its process group,
 * which the launcher kills when the window closes, so no process outlives it. A Slurm sweep is
 * started with `--detach`: gan-sweep submits the job array and exits, and the sweep catalog
 * watches the folder the cluster writes. The new folder is found by its record (sweep.json naming
 * this sweep file, created after the start), so nothing depends on what gan-sweep prints.
 * Cancelling goes through `gan-sweep --cancel DIR [--trial N]`, which writes the cancel markers
 * every executor honours (and runs scancel on Slurm). Pure Node (no `vscode`).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readManifest } from '../../shared/sweep/sweepFolder';
import { checkSweepDocument, sweepName } from '../../shared/sweep/validateSweep';
import { outputRoot } from '../../shared/sweep/writeSweepFolder';
import type { LaunchedProcess, Launcher } from '../trainingRuns/processLauncher';
import type { StartedSweep, SweepEngine } from './sweepEngine';

/** How often the output folder is looked at for the new sweep folder, and for how long. */
const FIND_EVERY_MS = 200;
const FIND_TIMEOUT_MS = 120_000;

export interface GanSweepOptions {
  log(line: string): void;
}

type ProblemListener = (message: string) => void;

/** Exit codes of gan-sweep that say nothing went wrong with the sweep itself: all done; cancelled. */
const QUIET_EXITS = new Set([0, 130]);

/** The last lines gan-sweep wrote to stderr (its error), without its `gan-sweep: ` prefix and its notes and warnings. */
function errorOf(stderr: string): string {
  const lines = stderr
    .trim()
    .split('\n')
    .filter((l) => l.trim() !== '' && !/^gan-sweep: (note|warning): /.test(l));
  return lines
    .slice(-6)
    .map((l) => l.replace(/^gan-sweep: (error: )?/, ''))
    .join('\n');
}

export class GanSweepProcesses implements SweepEngine {
  /** The gan-sweep of each sweep started here that still runs, by sweep folder. */
  private readonly running = new Map<string, LaunchedProcess>();
  private readonly problemListeners = new Set<ProblemListener>();

  constructor(
    private readonly launcher: Launcher,
    private readonly options: GanSweepOptions,
  ) {}

  onProblem(listener: ProblemListener): { dispose(): void } {
    this.problemListeners.add(listener);
    return { dispose: () => this.problemListeners.delete(listener) };
  }

  runs(dir: string): boolean {
    return this.running.has(resolve(dir));
  }

  async start(file: string): Promise<StartedSweep> {
    const since = new Date().toISOString();
    const text = await readFile(file, 'utf8');
    const check = checkSweepDocument(text);
    // A file with problems is gan-sweep's to report (in its words): the folder search then waits for nothing.
    const parent = check.sweep ? join(outputRoot(file, check.sweep.executor), sweepName(check.sweep, file)) : undefined;
    // Slurm: submit and return (--detach); the cluster runs the trials and the editor watches the folder.
    const detach = check.sweep?.executor.kind === 'slurm' ? ['--detach'] : [];
    const launched = this.launcher.launch({ tool: 'gan-sweep', args: [file, ...detach] });
    let stderr = '';
    launched.child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    launched.child.stdout?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim() !== '') this.options.log(`gan-sweep: ${line}`);
    });
    const deadline = Date.now() + FIND_TIMEOUT_MS;
    for (;;) {
      const dir = parent ? await newSweepFolder(parent, file, since) : undefined;
      if (dir && detach.length > 0) {
        // Slurm: the folder is written before the submission, which can still fail (no sbatch here, a bad partition).
        const exit = await launched.exited;
        if (exit.code !== 0)
          throw new Error(
            `${errorOf(stderr) || `gan-sweep ended with ${exit.signal ?? `exit code ${exit.code}`}`} (${dir} was written but not submitted)`,
          );
        return { dir };
      }
      if (dir) {
        this.running.set(dir, launched);
        void launched.exited.then((exit) => {
          this.running.delete(dir);
          this.options.log(`gan-sweep for ${dir} ended (${exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`})`);
          // Exit 1 with nothing on stderr: a trial failed, which the sweep's views show; anything else is said.
          const said = errorOf(stderr);
          if (exit.signal === null && exit.code !== null && !QUIET_EXITS.has(exit.code) && said !== '')
            for (const listener of this.problemListeners) listener(`gan-sweep for ${dir} ended with exit code ${exit.code}: ${said}`);
        });
        return { dir };
      }
      if (launched.hasExited) {
        const exit = await launched.exited;
        throw new Error(errorOf(stderr) || `gan-sweep ended (${exit.signal ?? `exit code ${exit.code}`}) without writing a sweep folder`);
      }
      if (Date.now() > deadline) {
        launched.kill('SIGTERM');
        throw new Error(
          `gan-sweep wrote no sweep folder under ${parent ?? 'its output folder'} in ${FIND_TIMEOUT_MS / 1000} s; it was stopped`,
        );
      }
      await new Promise((r) => setTimeout(r, FIND_EVERY_MS));
    }
  }

  async cancel(dir: string, trial?: number): Promise<void> {
    const args = ['--cancel', dir, ...(trial === undefined ? [] : ['--trial', String(trial)])];
    const launched = this.launcher.launch({ tool: 'gan-sweep', args });
    let stderr = '';
    launched.child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exit = await launched.exited;
    if (exit.code !== 0)
      throw new Error(errorOf(stderr) || `gan-sweep ${args.join(' ')} ended with ${exit.signal ?? `exit code ${exit.code}`}`);
  }
}

/** The sweep folder under `parent` (`<output>/<sweep name>/`) that `file` created at or after `since`, if written yet. */
async function newSweepFolder(parent: string, file: string, since: string): Promise<string | undefined> {
  const ids = await readdir(parent).catch(() => [] as string[]);
  for (const id of ids.sort().reverse()) {
    const dir = join(parent, id);
    try {
      const manifest = readManifest(dir);
      if (resolve(manifest.sweepFile) === resolve(file) && manifest.createdAt >= since) return dir;
    } catch {
      // not (yet) a whole sweep folder: its manifest is written last
    }
  }
  return undefined;
}
