import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BackendName } from '../shared/experiment/schema';
import { SETTINGS } from './ids';

export interface WorkbenchSettings {
  /** Empty: `runs/` beside each experiment file. Relative paths are relative to the workspace folder. */
  runsDirectory: string;
  /** Backend for runs started from the editor: `fromExperiment` keeps the file's own `backend`. */
  defaultBackend: BackendName | 'fromExperiment';
  maxConcurrentRuns: number;
  /** Node executable for every process the editor starts (trainers, gan-sample, gan-export); empty: the extension host's own runtime. */
  trainerNodePath: string;
  /** Metric records kept in memory per run for the views (older ones are thinned). */
  metricsRetention: number;
  /** Scheduling priority of every process the editor starts. */
  trainerPriority: TrainerPriority;
  /** What a dashboard edit changes: the run only (recorded in its events), or the run and the experiment file. */
  dashboardEdits: DashboardEdits;
  /** Dashboard tabs: one per experiment, reused by its newest run (and any run of it opened), or one per run. */
  dashboardTabs: DashboardTabs;
  /** Threads of the trainers' wasm backend (gan-train --threads); 0: one per core. */
  wasmThreads: number;
}

export type TrainerPriority = 'belowNormal' | 'normal';
export type DashboardEdits = 'run' | 'runAndFile';
export type DashboardTabs = 'perExperiment' | 'perRun';

export function readSettings(scope?: vscode.Uri): WorkbenchSettings {
  const c = vscode.workspace.getConfiguration(SETTINGS.section, scope);
  return {
    runsDirectory: c.get<string>(SETTINGS.runsDirectory, ''),
    defaultBackend: c.get<WorkbenchSettings['defaultBackend']>(SETTINGS.defaultBackend, 'fromExperiment'),
    maxConcurrentRuns: Math.max(1, c.get<number>(SETTINGS.maxConcurrentRuns, 2)),
    trainerNodePath: c.get<string>(SETTINGS.trainerNodePath, ''),
    metricsRetention: Math.max(100, c.get<number>(SETTINGS.metricsRetention, 10000)),
    trainerPriority: c.get<string>(SETTINGS.trainerPriority, 'belowNormal') === 'normal' ? 'normal' : 'belowNormal',
    dashboardEdits: c.get<string>(SETTINGS.dashboardEdits, 'run') === 'runAndFile' ? 'runAndFile' : 'run',
    dashboardTabs: c.get<string>(SETTINGS.dashboardTabs, 'perExperiment') === 'perRun' ? 'perRun' : 'perExperiment',
    wasmThreads: wasmThreadsSetting(c.get<unknown>(SETTINGS.wasmThreads, 0)),
  };
}

/** The wasmThreads setting as gan-train --threads takes it: an integer from 0 to 1024, else 0 (one per core). */
export function wasmThreadsSetting(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 1024 ? value : 0;
}

/** The folder under which `<experiment name>/<run id>/` is created for this experiment file. */
export function runsRootFor(experimentFile: vscode.Uri, settings = readSettings(experimentFile)): string {
  const configured = settings.runsDirectory.trim();
  if (configured === '') return path.join(path.dirname(experimentFile.fsPath), 'runs');
  if (path.isAbsolute(configured)) return configured;
  const folder = vscode.workspace.getWorkspaceFolder(experimentFile);
  return path.join(folder ? folder.uri.fsPath : path.dirname(experimentFile.fsPath), configured);
}
