/**
 * Extension entry. Experiment files get completion, hover and diagnostics from the JSON Schema
 * bound in package.json (`contributes.jsonValidation`); this module owns the extension's lifetime.
 */
import * as vscode from 'vscode';

declare const GAN_WORKBENCH_VERSION: string;

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('GAN Workbench', { log: true });
  context.subscriptions.push(log);
  log.info(`GAN Workbench ${GAN_WORKBENCH_VERSION} activated`);
}

export function deactivate(): void {
  // Everything is registered in context.subscriptions and disposed by VS Code.
}
