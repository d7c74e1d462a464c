/** Registers every command of the extension (ids from ids.ts; titles and enablement in package.json). */
import * as vscode from 'vscode';
import { newExperiment } from '../editor/newExperiment';
import { COMMANDS, type CommandId } from '../ids';
import type { Workbench } from '../workbench';
import { deleteRun, exportGeneratorOf, openDashboard, openLastRun, openRun, revealRun, showSamples } from './runCommands';
import { sampleWithMcmc } from './sampleWithMcmc';
import { pauseTraining, restartWithChanges, resumeFromCheckpoint, resumeTraining, startTraining, stopTraining } from './trainingCommands';

export function registerCommands(workbench: Workbench): vscode.Disposable[] {
  const handlers: Record<CommandId, (arg?: unknown, options?: unknown) => unknown> = {
    [COMMANDS.startTraining]: (arg) => startTraining(workbench, arg),
    [COMMANDS.stopTraining]: (arg) => stopTraining(workbench, arg),
    [COMMANDS.pauseTraining]: (arg) => pauseTraining(workbench, arg),
    [COMMANDS.resumeTraining]: (arg) => resumeTraining(workbench, arg),
    [COMMANDS.openDashboard]: (arg) => openDashboard(workbench, arg),
    [COMMANDS.showSamples]: (arg) => showSamples(workbench, arg),
    [COMMANDS.openRun]: (arg) => openRun(workbench, arg),
    [COMMANDS.openLastRun]: (arg) => openLastRun(workbench, arg),
    [COMMANDS.resumeFromCheckpoint]: (arg) => resumeFromCheckpoint(workbench, arg),
    [COMMANDS.deleteRun]: (arg) => deleteRun(workbench, arg),
    [COMMANDS.revealRun]: (arg) => revealRun(workbench, arg),
    [COMMANDS.exportGenerator]: (arg) => exportGeneratorOf(workbench, arg),
    [COMMANDS.sampleWithMcmc]: (arg, settings) => sampleWithMcmc(workbench, arg, settings),
    [COMMANDS.newExperiment]: () => newExperiment(),
    [COMMANDS.showTrainerLog]: () => workbench.log.show(true),
    [COMMANDS.restartWithChanges]: (arg) => restartWithChanges(workbench, arg),
    [COMMANDS.refreshRuns]: () => workbench.catalog.refresh(),
  };
  return Object.entries(handlers).map(([id, handler]) => vscode.commands.registerCommand(id, handler));
}
