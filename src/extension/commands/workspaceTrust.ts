/**
 * The workspace-trust gate: every command that starts a process (training, resuming, sampling,
 * exporting) calls it first. In an untrusted workspace it refuses and offers to manage trust. The
 * launcher (trainingRuns/processLauncher.ts) checks trust again where the process starts, so no
 * path starts one untrusted.
 */
import * as vscode from 'vscode';

const REASONS = {
  train: 'Training runs code and reads the data files an experiment names, so it needs a trusted workspace.',
  sample: 'Sampling runs the trained networks and reads the run’s data files, so it needs a trusted workspace.',
  export: 'Exporting runs the trainer’s code on the run’s files, so it needs a trusted workspace.',
} as const;

export async function ensureTrusted(activity: keyof typeof REASONS): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const choice = await vscode.window.showWarningMessage(
    `${REASONS[activity]} Editing and viewing runs work without trust.`,
    { modal: true },
    'Manage Workspace Trust',
  );
  if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}
