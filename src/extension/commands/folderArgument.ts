import * as vscode from 'vscode';

/** The folder a command was given (a Uri, e.g. from the explorer), else the one the user picks in an open dialog. */
export async function folderArgument(arg: unknown, dialog: { openLabel: string; title: string }): Promise<string | undefined> {
  if (arg instanceof vscode.Uri) return arg.fsPath;
  const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, ...dialog });
  return picked?.[0]?.fsPath;
}
