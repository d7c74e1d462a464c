/**
 * Reads the runs of a comparison (issue 24) from their run directories: each run's curves
 * (metrics, thinned to `metricsLimit` like a dashboard's), every histogram record, its sample
 * steps and its experiment (with the edits it recorded). A run that cannot be read is kept in its
 * place with the reason, so the page says which one and why. Pure Node (no `vscode`).
 */
import { basename, dirname } from 'node:path';
import { withRecordedEdits } from '../../shared/hyperparameterValues';
import type { ComparedRun } from '../../shared/protocol';
import { RUN_FILES } from '../../shared/runFormat';
import { readRunSnapshot } from '../trainingRuns/runSnapshot';

/** `experiment · run id` from run.json, else the folder names. */
export function comparedRunLabel(runDir: string, meta: { experimentName?: string; runId?: string } | null): string {
  const experiment = meta?.experimentName || basename(dirname(runDir));
  const runId = meta?.runId || basename(runDir);
  return `${experiment} · ${runId}`;
}

/** Why a folder is no run: what its run.json lacks (the files are read at once, so their warnings come in any order), else the first warning. */
function whyNoRun(warnings: readonly string[]): string {
  return warnings.find((w) => w.startsWith(RUN_FILES.meta)) ?? warnings[0] ?? 'run.json, metrics.jsonl and samples/ are missing';
}

export async function readComparedRun(runDir: string, metricsLimit: number): Promise<ComparedRun> {
  try {
    const snapshot = await readRunSnapshot(runDir, metricsLimit);
    const readable = snapshot.meta !== null || snapshot.metrics.length > 0 || snapshot.sampleSteps.length > 0;
    return {
      runDir,
      label: comparedRunLabel(runDir, snapshot.meta),
      config: snapshot.config && withRecordedEdits(snapshot.config, snapshot.events),
      metrics: snapshot.metrics,
      histograms: snapshot.histograms,
      sampleSteps: snapshot.sampleSteps,
      error: readable ? null : `no run here: ${whyNoRun(snapshot.warnings)}`,
    };
  } catch (e) {
    return {
      runDir,
      label: comparedRunLabel(runDir, null),
      config: null,
      metrics: [],
      histograms: [],
      sampleSteps: [],
      error: (e as Error).message,
    };
  }
}

export function readComparison(runDirs: readonly string[], metricsLimit: number): Promise<ComparedRun[]> {
  return Promise.all(runDirs.map((dir) => readComparedRun(dir, metricsLimit)));
}
