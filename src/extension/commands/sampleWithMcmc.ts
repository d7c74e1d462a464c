/**
 * "GAN: Sample With MCMC": asks the settings, runs `gan-sample` on a run in a child process with a
 * cancellable progress notification, then shows the result in the run's dashboard; when the
 * checkpoint is damaged, offers to sample from the newest intact one.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readRunMeta } from '../../shared/runDirectory/readRunMeta';
import { readRunExperiment } from '../../shared/runDirectory/runExperiment';
import { defaultChains, requestedSettings, type RequestedSettings } from '../../shared/samplingSettings';
import type { OpenDashboard } from '../deps';
import type { Launcher } from '../trainingRuns/processLauncher';
import { runSampling, type SamplingOutcome } from '../trainingRuns/samplingProcess';
import { resolveRun, type RunPickDeps } from './runTarget';
import { askSamplingSettings } from './samplingPrompts';
import { ensureTrusted } from './workspaceTrust';

/** What sampling needs: a run to pick, the launcher for `gan-sample`, the dashboard that shows the result. */
export interface SamplingDeps extends RunPickDeps {
  readonly launcher: Launcher;
  readonly openDashboard: OpenDashboard;
}

/** The chains the prompt proposes: from the run's sample count and data shape; 64 when they cannot be read. */
async function proposedChains(runDir: string): Promise<number> {
  const [config, meta] = await Promise.all([readRunExperiment(runDir), readRunMeta(runDir)]);
  return config ? defaultChains(config.logging.sampleCount, meta.ok && meta.meta.data?.image !== undefined) : 64;
}

/**
 * `arg`: a run (tree node, live run) or a run directory path; `preset`: the settings, to skip the
 * prompts. Returns the outcome (undefined when the user cancelled a prompt).
 */
export async function sampleWithMcmc(deps: SamplingDeps, arg?: unknown, preset?: unknown): Promise<SamplingOutcome | undefined> {
  if (preset !== undefined && !requestedSettings(preset))
    throw new Error(`ganWorkbench.sampleWithMcmc: malformed settings ${JSON.stringify(preset)}`);
  const runDir = typeof arg === 'string' ? arg : (await resolveRun(deps, arg, 'Sample with MCMC in which run?'))?.runDir;
  if (!runDir || !(await ensureTrusted('sample'))) return undefined;
  const settings = requestedSettings(preset) ?? (await askSamplingSettings(await proposedChains(runDir)));
  if (!settings) return undefined;
  return sampleRun(deps, runDir, settings);
}

/** Samples from `checkpoint` (the latest when absent) with a cancellable progress notification, and tells the outcome. */
async function sampleRun(deps: SamplingDeps, runDir: string, settings: RequestedSettings, checkpoint?: string): Promise<SamplingOutcome> {
  const outcome = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `GAN: ${settings.method === 'mala' ? 'MALA' : 'Langevin'} sampling in ${path.basename(runDir)}`,
      cancellable: true,
    },
    (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      let reported = 0;
      return runSampling(deps.launcher, {
        request: { runDir, settings, ...(checkpoint !== undefined && { checkpoint }) },
        run: deps.manager.byRunDir(runDir),
        signal: abort.signal,
        onProgress: (step, total) => {
          const percent = (100 * step) / total;
          progress.report({ increment: percent - reported, message: `step ${step}/${total}` });
          reported = percent;
        },
      });
    },
  );
  void report(deps, runDir, settings, outcome);
  return outcome;
}

async function report(deps: SamplingDeps, runDir: string, settings: RequestedSettings, outcome: SamplingOutcome): Promise<void> {
  if (outcome.cancelled) return void vscode.window.showInformationMessage(outcome.message);
  if (!outcome.ok || !outcome.id) {
    // A damaged checkpoint: offer the newest intact one, as the CLI's message does.
    const intact = outcome.intactCheckpoint;
    const retry = intact && `Sample From ${path.basename(intact)}`;
    const choice = await vscode.window.showErrorMessage(`Could not sample with MCMC: ${outcome.message}`, ...(retry ? [retry] : []));
    if (retry && choice === retry) await sampleRun(deps, runDir, settings, intact);
    return;
  }
  const live = deps.manager.byRunDir(runDir);
  await deps.openDashboard({ runDir, ...(live && { live }) }).showSampling(outcome.id);
  const choice = await vscode.window.showInformationMessage(`MCMC sampling done: ${outcome.message}`, 'Reveal Folder');
  if (choice && outcome.folder) await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(outcome.folder));
}
