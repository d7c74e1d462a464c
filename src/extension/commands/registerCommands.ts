/**
 * Registers every command of the extension (ids from ids.ts; titles and enablement in package.json),
 * each handed the narrow dependencies its module declares; the composition root builds them.
 */
import * as vscode from 'vscode';
import { newExperiment } from '../editor/newExperiment';
import { BackendReports } from '../backendCheck/reportDocuments';
import { COMMANDS, type CommandId } from '../ids';
import type { RunCatalog } from '../trainingRuns/runCatalog';
import { checkBackends, type CheckBackendsDeps } from './checkBackends';
import { exportGenerator, type ExportDeps } from './exportGenerator';
import { installNativeTensorflowBackend, type NativeBackendDeps } from './installNativeBackend';
import { deleteRun, openDashboard, openLastRun, openRun, revealRun, showSamples, type RunCommandDeps } from './runCommands';
import { sampleWithMcmc, type SamplingDeps } from './sampleWithMcmc';
import {
  pauseTraining,
  restartWithChanges,
  resumeFromCheckpoint,
  resumeTraining,
  startTraining,
  stopTraining,
  type TrainingCommandDeps,
} from './trainingCommands';

export type CommandDeps = TrainingCommandDeps &
  RunCommandDeps &
  ExportDeps &
  SamplingDeps &
  Omit<CheckBackendsDeps, 'showBackendReport'> &
  NativeBackendDeps & {
    readonly catalog: Pick<RunCatalog, 'refresh'>;
    /** Shows the trainer log (the output channel). */
    readonly showLog: () => void;
  };

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const reports = new BackendReports();
  const checkDeps: CheckBackendsDeps = { ...deps, showBackendReport: (name, markdown) => reports.show(name, markdown) };
  const handlers: Record<CommandId, (arg?: unknown, options?: unknown) => unknown> = {
    [COMMANDS.startTraining]: (arg) => startTraining(deps, arg),
    [COMMANDS.stopTraining]: (arg) => stopTraining(deps, arg),
    [COMMANDS.pauseTraining]: (arg) => pauseTraining(deps, arg),
    [COMMANDS.resumeTraining]: (arg) => resumeTraining(deps, arg),
    [COMMANDS.openDashboard]: (arg) => openDashboard(deps, arg),
    [COMMANDS.showSamples]: (arg) => showSamples(deps, arg),
    [COMMANDS.openRun]: (arg) => openRun(deps, arg),
    [COMMANDS.openLastRun]: (arg) => openLastRun(deps, arg),
    [COMMANDS.resumeFromCheckpoint]: (arg) => resumeFromCheckpoint(deps, arg),
    [COMMANDS.deleteRun]: (arg) => deleteRun(deps, arg),
    [COMMANDS.revealRun]: (arg) => revealRun(deps, arg),
    [COMMANDS.exportGenerator]: (arg) => exportGenerator(deps, arg),
    [COMMANDS.sampleWithMcmc]: (arg, settings) => sampleWithMcmc(deps, arg, settings),
    [COMMANDS.newExperiment]: () => newExperiment(),
    [COMMANDS.showTrainerLog]: () => deps.showLog(),
    [COMMANDS.restartWithChanges]: (arg) => restartWithChanges(deps, arg),
    [COMMANDS.refreshRuns]: () => deps.catalog.refresh(),
    [COMMANDS.checkBackends]: (arg) => checkBackends(checkDeps, arg),
    [COMMANDS.installNativeBackend]: (arg) => installNativeTensorflowBackend(deps, arg),
  };
  return [reports, ...Object.entries(handlers).map(([id, handler]) => vscode.commands.registerCommand(id, handler))];
}
