/** "▶ Start Sweep" at the top of every `*.sweep.json` file. */
import * as vscode from 'vscode';
import { SWEEP_COMMANDS } from '../ids';

export class SweepCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const top = new vscode.Range(0, 0, 0, 0);
    return [
      new vscode.CodeLens(top, { title: '▶ Start Sweep', command: SWEEP_COMMANDS.startSweep, arguments: [document.uri] }),
      new vscode.CodeLens(top, { title: 'Open Sweep Folder…', command: SWEEP_COMMANDS.openSweepFolder }),
    ];
  }
}
