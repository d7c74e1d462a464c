/**
 * GAN: Compare Runs (issue 24). Its argument says which runs:
 * - run directory paths (`ganWorkbench.compareRuns` called by the sweep dashboard or another
 *   extension: `executeCommand('ganWorkbench.compareRuns', ['/runs/a', '/runs/b'])`),
 * - the Runs tree's clicked node and its selection (the tree allows several selected runs),
 * - nothing (the palette): a quick pick of the runs the catalog knows, several picked.
 * Two to four runs open one comparison panel; fewer or more is said in a message and opens nothing.
 */
import * as vscode from 'vscode';
import { MAX_COMPARISON_RUNS, MIN_COMPARISON_RUNS } from '../../shared/protocol';
import type { CatalogRun } from '../trainingRuns/catalogRun';
import type { RunCatalog } from '../trainingRuns/runCatalog';

export interface CompareDeps {
  readonly catalog: Pick<RunCatalog, 'list'>;
  /** Opens the comparison panel of these run directories. */
  readonly showComparison: (runDirs: string[]) => void;
}

const isRunNode = (v: unknown): v is Pick<CatalogRun, 'kind' | 'dir'> =>
  typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'run' && typeof (v as { dir?: unknown }).dir === 'string';

/** The run directories an argument names (paths, a tree node, a tree selection), in order, without repeats; null when it names none. */
export function runDirsOf(arg: unknown, selection: unknown): string[] | null {
  const items: unknown[] =
    Array.isArray(selection) && selection.length > 0 ? selection : Array.isArray(arg) ? arg : arg === undefined ? [] : [arg];
  const dirs = items
    .map((item) => (typeof item === 'string' ? item : isRunNode(item) ? item.dir : item instanceof vscode.Uri ? item.fsPath : ''))
    .filter((d) => d !== '');
  return dirs.length === 0 ? null : [...new Set(dirs)];
}

export async function compareRuns(deps: CompareDeps, arg?: unknown, selection?: unknown): Promise<string[] | undefined> {
  const dirs = runDirsOf(arg, selection) ?? (await pickRuns(deps));
  if (!dirs) return undefined;
  if (dirs.length < MIN_COMPARISON_RUNS || dirs.length > MAX_COMPARISON_RUNS) {
    void vscode.window.showWarningMessage(
      `GAN Workbench: Compare Runs shows ${MIN_COMPARISON_RUNS} to ${MAX_COMPARISON_RUNS} runs side by side; ${dirs.length} ${dirs.length === 1 ? 'was' : 'were'} selected. Select ${MIN_COMPARISON_RUNS} to ${MAX_COMPARISON_RUNS} runs in the Runs view (Ctrl/⌘ or Shift + click) and run it again.`,
    );
    return undefined;
  }
  deps.showComparison(dirs);
  return dirs;
}

async function pickRuns(deps: CompareDeps): Promise<string[] | undefined> {
  const runs = (await deps.catalog.list()).filter((r) => r.dir !== '');
  if (runs.length < MIN_COMPARISON_RUNS) {
    void vscode.window.showInformationMessage(
      `GAN Workbench: Compare Runs needs at least ${MIN_COMPARISON_RUNS} runs; ${runs.length === 0 ? 'no run is' : 'one run is'} known in this window (train one, or open a run folder with GAN: Open Run…).`,
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    runs.map((r) => ({ label: `${r.experimentName} · ${r.runId}`, description: r.status, detail: r.dir, dir: r.dir })),
    { canPickMany: true, title: `Compare Runs: pick ${MIN_COMPARISON_RUNS} to ${MAX_COMPARISON_RUNS} runs`, matchOnDetail: true },
  );
  return picked && picked.length > 0 ? picked.map((p) => p.dir) : undefined;
}
