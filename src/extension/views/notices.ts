/**
 * The notifications the workbench shows about runs (a result, a failure, a start refused). Each is
 * written to the log too and kept, newest last, so what the user was told can be read back (the
 * integration tests read it through the extension's exports).
 */
import * as vscode from 'vscode';

export interface Notice {
  severity: 'info' | 'warning' | 'error';
  message: string;
}

/** Notices kept for reading back. */
const KEPT = 50;

export class Notices {
  private readonly kept: Notice[] = [];

  constructor(private readonly log?: Pick<vscode.LogOutputChannel, 'info' | 'warn' | 'error'>) {}

  /** The notices shown, oldest first (at most the last KEPT). */
  get shown(): readonly Notice[] {
    return this.kept;
  }

  info(message: string, ...actions: string[]): Thenable<string | undefined> {
    this.keep('info', message);
    return vscode.window.showInformationMessage(message, ...actions);
  }

  warning(message: string, ...actions: string[]): Thenable<string | undefined> {
    this.keep('warning', message);
    return vscode.window.showWarningMessage(message, ...actions);
  }

  error(message: string, ...actions: string[]): Thenable<string | undefined> {
    this.keep('error', message);
    return vscode.window.showErrorMessage(message, ...actions);
  }

  private keep(severity: Notice['severity'], message: string): void {
    this.kept.push({ severity, message });
    if (this.kept.length > KEPT) this.kept.splice(0, this.kept.length - KEPT);
    const line = `notification: ${message}`;
    if (severity === 'error') this.log?.error(line);
    else if (severity === 'warning') this.log?.warn(line);
    else this.log?.info(line);
  }
}
