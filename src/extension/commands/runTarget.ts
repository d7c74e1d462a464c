/** Turns what a command was invoked with (a catalog run from the tree, CodeLens, status bar, palette) into a run. */
import * as vscode from 'vscode';
import { LiveRun } from '../trainingRuns/liveRun';
import type { RunManager } from '../trainingRuns/runManager';
import type { CatalogRun } from '../trainingRuns/catalogRun';

export interface RunTarget {
  live?: LiveRun;
  runDir?: string;
}

const isCatalogRun = (v: unknown): v is CatalogRun => typeof v === 'object' && v !== null && 'kind' in v && v.kind === 'run';

export function targetOf(arg: unknown, manager: RunManager): RunTarget | undefined {
  if (arg instanceof LiveRun) return { live: arg, ...(arg.runDir && { runDir: arg.runDir }) };
  if (isCatalogRun(arg)) {
    const live = arg.live ?? (arg.dir ? manager.byRunDir(arg.dir) : undefined);
    return { ...(live && { live }), ...(arg.dir && { runDir: arg.dir }) };
  }
  if (arg instanceof vscode.Uri) {
    const live = manager.liveRunFor(arg);
    return live ? { live, ...(live.runDir && { runDir: live.runDir }) } : undefined;
  }
  return undefined;
}

/** The live run a command acts on: the argument's, the active file's, the only one, or a pick. */
export async function pickLiveRun(
  arg: unknown,
  manager: RunManager,
  filter: (r: LiveRun) => boolean,
  verb: string,
): Promise<LiveRun | undefined> {
  const target = targetOf(arg, manager)?.live;
  if (target) return target;
  const active = vscode.window.activeTextEditor?.document.uri;
  const fromEditor = active && manager.liveRunFor(active);
  if (fromEditor && filter(fromEditor)) return fromEditor;
  const candidates = manager.live().filter(filter);
  if (candidates.length <= 1) return candidates[0];
  const picked = await vscode.window.showQuickPick(
    candidates.map((run) => ({ label: run.experimentName, description: `${run.meta?.runId ?? ''} · ${run.phase}`, run })),
    { title: `Which run should ${verb}?` },
  );
  return picked?.run;
}
