/** Registers GAN: Compare Runs and the comparison panel's serializer (restores open comparisons after a reload). */
import * as vscode from 'vscode';
import { COMPARE_COMMANDS } from '../ids';
import type { RunCatalog } from '../trainingRuns/runCatalog';
import { compareRuns } from './compareCommand';
import { ComparePanel, ComparePanelSerializer, type ComparePanelContext } from './comparePanel';

export function registerCompare(context: ComparePanelContext, catalog: Pick<RunCatalog, 'list'>): vscode.Disposable {
  const showComparison = (runDirs: string[]) => void ComparePanel.show(context, runDirs);
  return vscode.Disposable.from(
    vscode.commands.registerCommand(COMPARE_COMMANDS.compareRuns, (arg?: unknown, selection?: unknown) =>
      compareRuns({ catalog, showComparison }, arg, selection),
    ),
    vscode.window.registerWebviewPanelSerializer(ComparePanel.viewType, new ComparePanelSerializer(context)),
    { dispose: () => ComparePanel.all().forEach((p) => p.dispose()) },
  );
}
