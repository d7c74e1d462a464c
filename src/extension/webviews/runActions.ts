/**
 * What a view's buttons and inputs do; each acts only on the view's own run. "Sample with MCMC"
 * and "Resume From Checkpoint" go through their commands' own functions, so through their
 * workspace-trust gates.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CompareCandidate, HostToWebview } from '../../shared/protocol';
import { RUN_FILES } from '../../shared/runFormat';
import { openRunExperiment } from '../commands/openExperiment';
import { revealRunFolder } from '../commands/revealRunFolder';
import { sampleWithMcmc, type SamplingDeps } from '../commands/sampleWithMcmc';
import { resumeFromCheckpoint, type ResumeDeps } from '../commands/trainingCommands';
import type { LiveEdits } from '../editor/liveEdits';
import { writeMetricsCsv } from '../trainingRuns/metricsCsv';
import type { RunManager } from '../trainingRuns/runManager';
import { readRunSnapshot, RECORD_CHECKS } from '../trainingRuns/runSnapshot';
import type { RunActions } from './dashboardPanel';
import type { ViewFeed } from './runFeeds';

export interface RunActionDeps extends SamplingDeps, ResumeDeps {
  readonly manager: SamplingDeps['manager'] & ResumeDeps['manager'] & Pick<RunManager, 'stop' | 'pause' | 'resume'>;
  /** Sends a dashboard edit to the trainer (and into the file with `runAndFile`); saves the run's values to its file. */
  readonly liveEdits: Pick<LiveEdits, 'setFromDashboard' | 'saveToExperimentFile'>;
}

const COMPARE_METRICS_LIMIT = 5000;

const safeFileName = (name: string) =>
  name
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+/, '')
    .slice(0, 120) || 'export';

async function compareCandidates(catalog: RunActionDeps['catalog'], source: ViewFeed): Promise<CompareCandidate[]> {
  return (await catalog.list())
    .filter((n) => n.dir && n.dir !== source.runDir)
    .map((n) => ({ runDir: n.dir, label: `${n.experimentName} · ${n.runId} · ${n.status}` }));
}

/** Saves the bytes `bytes` gives (saveFile). */
function saveBytes(
  source: ViewFeed,
  name: string,
  filters: Record<string, string[]>,
  bytes: () => Buffer | Promise<Buffer>,
): Promise<HostToWebview> {
  return saveFile(source, name, filters, async (target) => vscode.workspace.fs.writeFile(target, await bytes()));
}

/**
 * Asks where to save, has `writeTo` write a local file (the target itself, or a temp file copied
 * to it when it is not a local path), and reports back to the view: for files as large as the run's.
 */
function saveStreamed(
  source: ViewFeed,
  name: string,
  filters: Record<string, string[]>,
  writeTo: (path: string) => Promise<unknown>,
): Promise<HostToWebview> {
  return saveFile(source, name, filters, async (target) => {
    if (target.scheme === 'file') return void (await writeTo(target.fsPath));
    const folder = await mkdtemp(join(tmpdir(), 'gan-export-'));
    try {
      await writeTo(join(folder, name));
      await vscode.workspace.fs.copy(vscode.Uri.file(join(folder, name)), target, { overwrite: true });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
}

/** Asks where to save (default: the run folder), has `write` write the file, and reports back to the view. */
async function saveFile(
  source: ViewFeed,
  name: string,
  filters: Record<string, string[]>,
  write: (target: vscode.Uri) => Promise<void>,
): Promise<HostToWebview> {
  const folder = source.runDir ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const target = await vscode.window.showSaveDialog({
    ...(folder && { defaultUri: vscode.Uri.file(join(folder, name)) }),
    filters,
    saveLabel: 'Export',
  });
  if (!target) return { type: 'exportDone', payload: { ok: false, message: 'Export cancelled.' } };
  try {
    await write(target);
    return { type: 'exportDone', payload: { ok: true, message: `Saved ${vscode.workspace.asRelativePath(target)}` } };
  } catch (e) {
    return { type: 'exportDone', payload: { ok: false, message: `Could not save ${target.fsPath}: ${(e as Error).message}` } };
  }
}

export function createRunActions(deps: RunActionDeps): RunActions {
  const liveOf = (source: ViewFeed) => {
    const run = source.liveRun;
    if (run?.live) return run;
    void vscode.window.showInformationMessage('This run is not training in this window.');
    return undefined;
  };
  return {
    async act(source, action) {
      switch (action) {
        case 'stop':
        case 'pause':
        case 'resume': {
          const run = liveOf(source);
          if (run) deps.manager[action](run);
          return;
        }
        case 'sampleNow':
          liveOf(source)?.send({ type: 'sampleNow', payload: {} });
          return;
        case 'sampleWithMcmc':
          if (source.runDir) await sampleWithMcmc(deps, source.runDir);
          return;
        case 'resumeFromCheckpoint':
          // The dashboard follows the resumed run (Dashboards).
          if (source.runDir) await resumeFromCheckpoint(deps, source.runDir);
          return;
        case 'openExperiment':
          // The path comes from run.json: opened at once only inside the workspace or the run's folder.
          await openRunExperiment(source.view().experimentFile, source.runDir);
          return;
        case 'saveToExperimentFile':
          await deps.liveEdits.saveToExperimentFile(source.view());
          return;
        case 'openRunFolder':
          if (source.runDir) await revealRunFolder(source.runDir);
          return;
      }
    },
    async setHyperparameter(source, change) {
      const run = liveOf(source);
      if (run) await deps.liveEdits.setFromDashboard(run, { [change.key]: change.value });
    },
    async listCompareRuns(source) {
      return { type: 'compareRunsListed', payload: { runs: await compareCandidates(deps.catalog, source) } };
    },
    async compareRun(source, runDir) {
      // Only a run the host itself offered: a view never names an arbitrary folder to read.
      const candidate = (await compareCandidates(deps.catalog, source)).find((c) => c.runDir === runDir);
      if (!candidate) return undefined;
      const snapshot = await readRunSnapshot(runDir, COMPARE_METRICS_LIMIT);
      return { type: 'compareRunAdded', payload: { runDir, label: candidate.label, metrics: snapshot.metrics, quality: snapshot.quality } };
    },
    async saveExport(source, request) {
      const extension = request.format;
      const name = `${safeFileName(request.suggestedName.replace(/\.(png|gif)$/i, ''))}.${extension}`;
      return saveBytes(source, name, { [extension.toUpperCase()]: [extension] }, () => Buffer.from(request.data, 'base64'));
    },
    async exportMetricsCsv(source) {
      const runDir = source.runDir;
      if (!runDir) return { type: 'exportDone', payload: { ok: false, message: 'This run has no directory yet.' } };
      const view = source.view();
      // Streamed from metrics.jsonl to the file: a long run's metrics do not pass through memory at once.
      return saveStreamed(source, `${safeFileName(`${view.experimentName}-${view.runId}-metrics`)}.csv`, { CSV: ['csv'] }, (path) =>
        writeMetricsCsv(join(runDir, RUN_FILES.metrics), path, RECORD_CHECKS.metrics),
      );
    },
    openDashboard(source) {
      deps.openDashboard({ ...(source.liveRun && { live: source.liveRun }), ...(source.runDir && { runDir: source.runDir }) });
    },
  };
}
