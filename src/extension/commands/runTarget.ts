/**
 * Turns what a command was invoked with (a catalog run from the tree, CodeLens, status bar, palette)
 * into a run; without one, the run in question is picked from the catalog or the live runs.
 */
import * as vscode from 'vscode';
import type { RunLookup, RunTarget } from '../deps';
import type { CatalogRun } from '../trainingRuns/catalogRun';
import { LiveRun } from '../trainingRuns/liveRun';
import type { RunCatalog } from '../trainingRuns/runCatalog';

export type { RunTarget };

/** What picking a run needs: the live runs and the catalog. */
export interface RunPickDeps {
  readonly manager: RunLookup;
  readonly catalog: Pick<RunCatalog, 'list'>;
}

const isCatalogRun = (v: unknown): v is CatalogRun => typeof v === 'object' && v !== null && 'kind' in v && v.kind === 'run';

export function targetOf(arg: unknown, manager: RunLookup): RunTarget | undefined {
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

/** A run from the argument, else a pick from the catalog (undefined when there is none or the user cancels). */
export async function resolveRun({ manager, catalog }: RunPickDeps, arg: unknown, title: string): Promise<RunTarget | undefined> {
  const target = targetOf(arg, manager);
  if (target) return target;
  const nodes = await catalog.list();
  if (nodes.length === 0) {
    void vscode.window.showInformationMessage('No runs yet: start one with "GAN: Start Training" or open a run directory.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    nodes.map((n) => ({ label: n.runId, description: `${n.experimentName} · ${n.status}`, node: n })),
    { title },
  );
  return picked ? targetOf(picked.node, manager) : undefined;
}

/**
 * The live run a command acts on: the argument's, the active file's, the only one, or a pick. With
 * `extra` (an action on all of them, "Stop all"), a pick among several runs offers it after them,
 * and picking it returns it.
 */
export async function pickLiveRun(
  arg: unknown,
  manager: RunLookup,
  filter: (r: LiveRun) => boolean,
  verb: string,
): Promise<LiveRun | undefined>;
export async function pickLiveRun<E extends vscode.QuickPickItem>(
  arg: unknown,
  manager: RunLookup,
  filter: (r: LiveRun) => boolean,
  verb: string,
  extra: E,
): Promise<LiveRun | E | undefined>;
export async function pickLiveRun<E extends vscode.QuickPickItem>(
  arg: unknown,
  manager: RunLookup,
  filter: (r: LiveRun) => boolean,
  verb: string,
  extra?: E,
): Promise<LiveRun | E | undefined> {
  const target = targetOf(arg, manager)?.live;
  if (target) return target;
  const active = vscode.window.activeTextEditor?.document.uri;
  const fromEditor = active && manager.liveRunFor(active);
  if (fromEditor && filter(fromEditor)) return fromEditor;
  const candidates = manager.live().filter(filter);
  if (candidates.length <= 1) return candidates[0];
  const runs = candidates.map((run) => ({ label: run.experimentName, description: `${run.meta?.runId ?? ''} · ${run.phase}`, run }));
  const items: (vscode.QuickPickItem & { run?: LiveRun })[] = extra
    ? [...runs, { label: '', kind: vscode.QuickPickItemKind.Separator }, extra]
    : runs;
  const picked = await vscode.window.showQuickPick(items, { title: `Which run should ${verb}?` });
  if (picked === undefined) return undefined;
  return picked === extra ? extra : picked.run;
}
