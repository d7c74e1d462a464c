/**
 * "GAN: Install Native TensorFlow Backend": installs `@tensorflow/tfjs-node-gpu` (CUDA) or
 * `@tensorflow/tfjs-node` (multi-threaded CPU), at the trainer's TensorFlow.js version, with npm
 * into the extension's global storage (nativeBackend/installNative.ts: a staging folder renamed
 * into place only when complete), with a progress notification showing npm's stage and a Cancel
 * that ends npm. Then it verifies the install with the trainer's backend check and says what
 * started, or why not. Without npm it says what to install; a failed download says what failed,
 * npm's line and what to do. The workbench works on without it throughout (webgpu, wasm).
 */
import * as vscode from 'vscode';
import { NATIVE_PACKAGES, type NativeVariant } from '../../shared/backendCheck';
import { readSettings } from '../settings';
import { findNpm, NODE_DOWNLOAD_URL, type NpmSearch } from '../nativeBackend/findNpm';
import { installNativeBackend as runInstall, type NativeInstallOutcome } from '../nativeBackend/installNative';
import { VARIANT_LABELS } from '../nativeBackend/nativeInstallFolder';
import type { NpmFailure } from '../nativeBackend/npmFailure';
import { trainerTfjsVersion } from '../nativeBackend/tfjsVersion';
import { verifyNativeInstall, type VerifyOutcome } from '../nativeBackend/verifyInstall';
import type { Launcher } from '../trainingRuns/processLauncher';

export interface NativeBackendDeps {
  readonly launcher: Launcher;
  /** Where it installs (the extension's global storage folder) and whose TensorFlow.js version it matches. */
  readonly nativeBackend: { readonly storageDir: string; readonly extensionPath: string };
  /** Where npm is looked for: the host's environment and platform and the Node path setting, unless a test says otherwise. */
  readonly npmSearch?: () => NpmSearch;
}

export type InstallCommandOutcome =
  { kind: 'noNpm' } | { kind: 'untrusted' } | NativeInstallOutcome | { kind: 'verified'; dir: string; verification: VerifyOutcome };

const VARIANT_DETAILS: Record<NativeVariant, string> = {
  gpu: 'An NVIDIA GPU with its driver, CUDA 11.2 and cuDNN 8.1 (Linux or Windows). Downloads libtensorflow with GPU kernels (about 400 MB).',
  cpu: 'Any x64 machine: libtensorflow’s multi-threaded CPU kernels, usually well ahead of wasm on several cores. Downloads about 100 MB.',
};

const NO_NPM =
  'Installing the native TensorFlow backend needs npm, and there is none on the PATH (nor beside the ganWorkbench.trainerNodePath setting). ' +
  `Install Node.js 20 or later, which includes npm (${NODE_DOWNLOAD_URL}), restart VS Code so that it sees the new PATH, and run this command again. ` +
  'Until then runs use webgpu or wasm.';

function defaultSearch(): NpmSearch {
  return { env: process.env, platform: process.platform, nodePath: readSettings().trainerNodePath };
}

function isVariant(arg: unknown): arg is NativeVariant {
  return arg === 'gpu' || arg === 'cpu';
}

async function pickVariant(version: string): Promise<NativeVariant | undefined> {
  const items = (['gpu', 'cpu'] as const).map((variant) => ({
    label: VARIANT_LABELS[variant],
    description: `${NATIVE_PACKAGES[variant]}@${version}`,
    detail: VARIANT_DETAILS[variant],
    variant,
  }));
  const picked = await vscode.window.showQuickPick(items, { title: 'Install the native TensorFlow backend: which one?' });
  return picked?.variant;
}

async function ensureTrustedForInstall(): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const choice = await vscode.window.showWarningMessage(
    'Installing the native backend runs npm and then the trainer, so it needs a trusted workspace. Editing and viewing runs work without trust.',
    { modal: true },
    'Manage Workspace Trust',
  );
  if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}

function failureMessage(failure: NpmFailure, what: string): string {
  const line = failure.keyLine === '' ? '' : ` npm: “${failure.keyLine}”.`;
  return `Could not install ${what}: ${failure.what}${line} ${failure.advice} Nothing was installed.`.replace(/\s+/g, ' ').trim();
}

async function reportFailure(failure: NpmFailure, what: string): Promise<void> {
  const openLog = 'Open npm Log';
  const choice = await vscode.window.showErrorMessage(failureMessage(failure, what), ...(failure.logFile ? [openLog] : []));
  if (choice === openLog && failure.logFile) await vscode.window.showTextDocument(vscode.Uri.file(failure.logFile));
}

async function verify(deps: NativeBackendDeps, dir: string, variant: NativeVariant, what: string): Promise<VerifyOutcome> {
  const verification = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `GAN: checking ${what}`, cancellable: true },
    (progress, token) => {
      const controller = new AbortController();
      const cancel = token.onCancellationRequested(() => controller.abort());
      progress.report({ message: 'starting each backend with its numerical probe…' });
      return verifyNativeInstall(deps.launcher, dir, variant, {
        signal: controller.signal,
        onProgress: (p) => progress.report({ message: `${p.name}${p.variant ? ` (${p.variant})` : ''}, ${p.index} of ${p.count}…` }),
      }).finally(() => cancel.dispose());
    },
  );
  const installed = `Installed ${what} in ${dir}.`;
  if (verification.kind === 'started') {
    const { entry } = verification;
    const speed = entry.stepsPerSecond === undefined ? '' : `, ${entry.stepsPerSecond.toFixed(1)} steps/s on a small model`;
    void vscode.window.showInformationMessage(
      `${installed} It started: ${entry.reason}${entry.device ? ` (${entry.device})` : ''}${speed}. ` +
        'Runs started from the editor now find it; GAN: Check Backends compares it with the others on your model.',
    );
  } else if (verification.kind === 'notStarted') {
    void vscode.window.showErrorMessage(
      `${installed} But it does not start: ${verification.entry?.reason ?? 'the backend check did not list it'}. ` +
        'Runs go on with the other backends (auto skips it with this reason).',
    );
  } else if (verification.kind === 'failed') {
    void vscode.window.showWarningMessage(`${installed} It could not be checked: ${verification.message}`);
  } else {
    void vscode.window.showInformationMessage(`${installed} Its check was cancelled.`);
  }
  return verification;
}

export async function installNativeTensorflowBackend(deps: NativeBackendDeps, arg?: unknown): Promise<InstallCommandOutcome | undefined> {
  if (!(await ensureTrustedForInstall())) return { kind: 'untrusted' };
  let version: string;
  try {
    version = await trainerTfjsVersion(deps.nativeBackend.extensionPath);
  } catch (e) {
    void vscode.window.showErrorMessage(`Could not install the native backend: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
  const variant = isVariant(arg) ? arg : await pickVariant(version);
  if (!variant) return undefined;
  const npm = await findNpm((deps.npmSearch ?? defaultSearch)());
  if (!npm) {
    const download = 'Get Node.js';
    void vscode.window.showErrorMessage(NO_NPM, download).then((choice) => {
      if (choice === download) void vscode.env.openExternal(vscode.Uri.parse(NODE_DOWNLOAD_URL));
    });
    return { kind: 'noNpm' };
  }
  const what = `${NATIVE_PACKAGES[variant]}@${version} (${VARIANT_LABELS[variant]})`;
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `GAN: installing ${what}`, cancellable: true },
    (progress, token) => {
      const controller = new AbortController();
      const cancel = token.onCancellationRequested(() => controller.abort());
      progress.report({ message: 'starting npm…' });
      return runInstall({
        launcher: deps.launcher,
        npm,
        storageDir: deps.nativeBackend.storageDir,
        variant,
        version,
        signal: controller.signal,
        onStage: (message) => progress.report({ message }),
      })
        .catch((e: unknown): NativeInstallOutcome => {
          const what = `the extension's storage folder could not be prepared: ${e instanceof Error ? e.message : String(e)}.`;
          return { kind: 'failed', failure: { what, keyLine: '', advice: '' } };
        })
        .finally(() => cancel.dispose());
    },
  );
  if (outcome.kind === 'failed') {
    void reportFailure(outcome.failure, what);
    return outcome;
  }
  if (outcome.kind === 'cancelled') {
    void vscode.window.showInformationMessage(`The install of ${what} was cancelled; nothing was installed.`);
    return outcome;
  }
  return { kind: 'verified', dir: outcome.dir, verification: await verify(deps, outcome.dir, variant, what) };
}
