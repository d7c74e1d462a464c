/** What a view's buttons and inputs do; each acts only on the view's own run. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CompareCandidate, HostToWebview } from '../../shared/protocol';
import { RUN_FILES, type MetricRecord } from '../../shared/runFormat';
import { metricsCsv } from '../trainingRuns/metricsCsv';
import { parseJsonLines, readRunSnapshot, RECORD_CHECKS } from '../trainingRuns/runSnapshot';
import { sampleWithMcmc } from '../commands/sampleWithMcmc';
import type { Workbench } from '../workbench';
import type { RunActions } from './dashboardPanel';
import type { ViewFeed } from './runFeeds';

export async function revealRunFolder(runDir: string): Promise<void> {
  const uri = vscode.Uri.file(runDir);
  const inWorkspace = vscode.workspace.getWorkspaceFolder(uri) !== undefined;
  await vscode.commands.executeCommand(inWorkspace ? 'revealInExplorer' : 'revealFileInOS', uri);
}

const COMPARE_METRICS_LIMIT = 5000;

const safeFileName = (name: string) =>
  name
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+/, '')
    .slice(0, 120) || 'export';

async function compareCandidates(workbench: Workbench, source: ViewFeed): Promise<CompareCandidate[]> {
  return (await workbench.catalog.list())
    .filter((n) => n.dir && n.dir !== source.runDir)
    .map((n) => ({ runDir: n.dir, label: `${n.experimentName} · ${n.runId} · ${n.status}` }));
}

/** Asks where to save (default: the run folder), writes the file, and reports back to the view. */
async function saveBytes(
  source: ViewFeed,
  name: string,
  filters: Record<string, string[]>,
  bytes: () => Buffer | Promise<Buffer>,
): Promise<HostToWebview> {
  const folder = source.runDir ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const target = await vscode.window.showSaveDialog({
    ...(folder && { defaultUri: vscode.Uri.file(join(folder, name)) }),
    filters,
    saveLabel: 'Export',
  });
  if (!target) return { type: 'exportDone', payload: { ok: false, message: 'Export cancelled.' } };
  try {
    await vscode.workspace.fs.writeFile(target, await bytes());
    return { type: 'exportDone', payload: { ok: true, message: `Saved ${vscode.workspace.asRelativePath(target)}` } };
  } catch (e) {
    return { type: 'exportDone', payload: { ok: false, message: `Could not save ${target.fsPath}: ${(e as Error).message}` } };
  }
}

export function createRunActions(workbench: Workbench): RunActions {
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
          if (run) workbench.manager[action](run);
          return;
        }
        case 'sampleNow':
          liveOf(source)?.send({ type: 'sampleNow', payload: {} });
          return;
        case 'sampleWithMcmc':
          if (source.runDir) await sampleWithMcmc(workbench, source.runDir);
          return;
        case 'openExperiment': {
          const file = source.view().experimentFile;
          if (file) await vscode.window.showTextDocument(vscode.Uri.file(file));
          return;
        }
        case 'saveToExperimentFile':
          await workbench.liveEdits.saveToExperimentFile(source.view());
          return;
        case 'openRunFolder':
          if (source.runDir) await revealRunFolder(source.runDir);
          return;
      }
    },
    async setHyperparameter(source, change) {
      const run = liveOf(source);
      if (run) await workbench.liveEdits.setFromDashboard(run, { [change.key]: change.value });
    },
    async listCompareRuns(source) {
      return { type: 'compareRunsListed', payload: { runs: await compareCandidates(workbench, source) } };
    },
    async compareRun(source, runDir) {
      // Only a run the host itself offered: a view never names an arbitrary folder to read.
      const candidate = (await compareCandidates(workbench, source)).find((c) => c.runDir === runDir);
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
      return saveBytes(source, `${safeFileName(`${view.experimentName}-${view.runId}-metrics`)}.csv`, { CSV: ['csv'] }, async () => {
        const warnings: string[] = [];
        const records = parseJsonLines<MetricRecord>(
          await readFile(join(runDir, RUN_FILES.metrics), 'utf8'),
          RUN_FILES.metrics,
          RECORD_CHECKS.metrics,
          warnings,
        );
        return Buffer.from(metricsCsv(records), 'utf8');
      });
    },
    openDashboard(source) {
      workbench.openDashboard({ ...(source.liveRun && { live: source.liveRun }), ...(source.runDir && { runDir: source.runDir }) });
    },
  };
}
