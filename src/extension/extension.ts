/**
 * Extension entry. Experiment files are the extension's own language (`gan-experiment`): hover,
 * completion, formatting and outline come from `editor/languageFeatures.ts`, diagnostics from the
 * Workbench's diagnostics controller; everything else (parts, views, commands) is built and
 * registered by the Workbench created here, the composition root.
 */
import * as vscode from 'vscode';
import { registerExperimentLanguage } from './editor/languageFeatures';
import { Workbench } from './workbench';

declare const GAN_WORKBENCH_VERSION: string;

let workbench: Workbench | undefined;

/** What tests reach through `extension.exports`. */
export interface GanWorkbenchApi {
  workbench: Workbench;
}

export function activate(context: vscode.ExtensionContext): GanWorkbenchApi {
  workbench = new Workbench(context);
  context.subscriptions.push(workbench, ...registerExperimentLanguage());
  workbench.log.info(`GAN Workbench ${GAN_WORKBENCH_VERSION} activated`);
  return { workbench };
}

/** Stops every trainer before the extension host goes away: no orphan process. */
export async function deactivate(): Promise<void> {
  await workbench?.shutdown();
  workbench = undefined;
}
