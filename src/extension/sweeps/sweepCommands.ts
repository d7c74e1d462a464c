/**
 * The sweep commands: "GAN: Start Sweep" (a `*.sweep.json`: the argument, the active editor's, or
 * one picked from the workspace's; the editor title button and the CodeLens pass it), "Cancel
 * Sweep", "Cancel Trial", "Open Sweep Dashboard", "Open Trial Dashboard" and "Open Sweep Folder…".
 * Starting and cancelling go through the sweep engine (sweepEngine.ts) after the workspace-trust
 * gate; what they did shows in the Runs tree and the sweep dashboard, read from the sweep folder.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SweepView } from '../../shared/protocol';
import { stateCounts } from '../../shared/sweepView';
import { ensureTrusted } from '../commands/workspaceTrust';
import type { OpenDashboard } from '../deps';
import { SWEEP_COMMANDS, SWEEP_GLOB } from '../ids';
import type { SweepCatalog } from './sweepCatalog';
import type { SweepEngine } from './sweepEngine';
import type { SweepNode, TrialNode } from './sweepNode';
import { folderArgument } from '../commands/folderArgument';

export interface SweepCommandDeps {
  readonly engine: SweepEngine;
  readonly catalog: Pick<SweepCatalog, 'add' | 'sweeps' | 'sweep' | 'refresh'>;
  readonly isSweepFolder: (dir: string) => Promise<boolean>;
  /** Opens (or reveals) the dashboard of the sweep in a folder. */
  readonly openSweepDashboard: (dir: string) => void;
  readonly openDashboard: OpenDashboard;
  readonly log: Pick<vscode.LogOutputChannel, 'info' | 'error'>;
}

const isNode = <K extends string>(v: unknown, kind: K): v is { kind: K } =>
  typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === kind;

async function sweepFile(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const active = vscode.window.activeTextEditor?.document;
  if (active?.uri.path.endsWith('.sweep.json')) return active.uri;
  const files = await vscode.workspace.findFiles(SWEEP_GLOB, '**/node_modules/**');
  if (files.length === 0) {
    void vscode.window.showInformationMessage('Start Sweep runs a *.sweep.json file, and there is none in this workspace.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    files.map((uri) => ({ label: path.basename(uri.fsPath), description: vscode.workspace.asRelativePath(uri), uri })),
    { title: 'Start which sweep?' },
  );
  return picked?.uri;
}

/** The sweep an argument names (a tree node, a folder path or Uri), else one picked (only `active` ones when asked). */
async function pickSweep(deps: SweepCommandDeps, arg: unknown, title: string, activeOnly = false): Promise<SweepView | undefined> {
  if (isNode(arg, 'sweep')) return (arg as SweepNode).sweep;
  const dir = typeof arg === 'string' ? arg : arg instanceof vscode.Uri ? arg.fsPath : undefined;
  if (dir) return deps.catalog.sweep(dir) ?? (await deps.catalog.add(dir));
  await deps.catalog.refresh();
  const sweeps = deps.catalog.sweeps().filter((s) => !activeOnly || s.active);
  if (sweeps.length === 0) {
    void vscode.window.showInformationMessage(activeOnly ? 'No sweep is running.' : 'No sweeps yet: start one with "GAN: Start Sweep".');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    sweeps.map((s) => {
      const c = stateCounts(s.trials);
      return {
        label: s.name,
        description: `${s.executor} · ${c.running} running, ${c.pending} pending, ${c.done} done`,
        detail: s.dir,
        sweep: s,
      };
    }),
    { title },
  );
  return picked?.sweep;
}

export async function startSweep(deps: SweepCommandDeps, arg?: unknown): Promise<{ dir: string } | undefined> {
  const uri = await sweepFile(arg);
  if (!uri || !(await ensureTrusted('train'))) return undefined;
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open?.isDirty) await open.save();
  const name = path.basename(uri.fsPath);
  try {
    const started = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `GAN: starting sweep ${name}`, cancellable: false },
      () => deps.engine.start(uri.fsPath),
    );
    deps.log.info(`sweep ${name} started in ${started.dir}`);
    await deps.catalog.add(started.dir);
    deps.openSweepDashboard(started.dir);
    return { dir: started.dir };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    deps.log.error(`sweep ${name} did not start: ${message}`);
    void vscode.window.showErrorMessage(`GAN: the sweep ${name} did not start. ${message}`);
    return undefined;
  }
}

export async function cancelSweep(deps: SweepCommandDeps, arg?: unknown, options?: { confirm?: boolean }): Promise<boolean> {
  const sweep = await pickSweep(deps, arg, 'Cancel which sweep?', true);
  if (!sweep) return false;
  const c = stateCounts(sweep.trials);
  if (options?.confirm !== false) {
    const choice = await vscode.window.showWarningMessage(
      `Cancel the sweep ${sweep.name}? ${c.running} running trial(s) stop, ${c.pending} pending trial(s) never start; finished trials stay.`,
      { modal: true },
      'Cancel Sweep',
    );
    if (choice !== 'Cancel Sweep') return false;
  }
  await deps.engine.cancel(sweep.dir);
  await deps.catalog.refresh();
  return true;
}

export async function cancelTrial(deps: SweepCommandDeps, arg?: unknown): Promise<boolean> {
  let sweep: SweepView | undefined;
  let index: number | undefined;
  if (isNode(arg, 'trial')) {
    sweep = (arg as TrialNode).sweep;
    index = (arg as TrialNode).trial.index;
  } else {
    sweep = await pickSweep(deps, arg, 'Cancel a trial of which sweep?', true);
    const live = sweep?.trials.filter((t) => t.state === 'pending' || t.state === 'running') ?? [];
    const picked = await vscode.window.showQuickPick(
      live.map((t) => ({ label: `trial ${t.index}`, description: t.state, index: t.index })),
      { title: 'Cancel which trial?' },
    );
    index = picked?.index;
  }
  if (!sweep || index === undefined) return false;
  await deps.engine.cancel(sweep.dir, index);
  await deps.catalog.refresh();
  return true;
}

export async function openSweepDashboard(deps: SweepCommandDeps, arg?: unknown): Promise<void> {
  const sweep = await pickSweep(deps, arg, 'Open the dashboard of which sweep?');
  if (sweep) deps.openSweepDashboard(sweep.dir);
}

export function openTrial(deps: SweepCommandDeps, arg?: unknown): void {
  if (isNode(arg, 'trial') && (arg as TrialNode).trial.runDir) deps.openDashboard({ runDir: (arg as TrialNode).trial.runDir! });
}

export async function openSweepFolder(deps: SweepCommandDeps, arg?: unknown): Promise<void> {
  const dir = await folderArgument(arg, { openLabel: 'Open Sweep', title: 'Open a GAN sweep folder' });
  if (!dir) return;
  if (!(await deps.isSweepFolder(dir))) {
    void vscode.window.showErrorMessage(`${dir} is not a GAN sweep folder (gan-sweep writes one when a sweep is submitted).`);
    return;
  }
  await deps.catalog.add(dir);
  deps.openSweepDashboard(dir);
}

export function registerSweepCommands(deps: SweepCommandDeps): vscode.Disposable[] {
  const handlers: Record<(typeof SWEEP_COMMANDS)[keyof typeof SWEEP_COMMANDS], (arg?: unknown, options?: unknown) => unknown> = {
    [SWEEP_COMMANDS.startSweep]: (arg) => startSweep(deps, arg),
    [SWEEP_COMMANDS.cancelSweep]: (arg, options) => cancelSweep(deps, arg, options as { confirm?: boolean } | undefined),
    [SWEEP_COMMANDS.cancelTrial]: (arg) => cancelTrial(deps, arg),
    [SWEEP_COMMANDS.openSweepDashboard]: (arg) => openSweepDashboard(deps, arg),
    [SWEEP_COMMANDS.openTrial]: (arg) => openTrial(deps, arg),
    [SWEEP_COMMANDS.openSweepFolder]: (arg) => openSweepFolder(deps, arg),
  };
  return Object.entries(handlers).map(([id, handler]) => vscode.commands.registerCommand(id, handler));
}
