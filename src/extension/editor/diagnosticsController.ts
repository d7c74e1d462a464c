/**
 * Publishes the problems of open experiment files (both phases of validation: `experimentChecks.ts`),
 * debounced as the user types; an older version's result never replaces a newer one's.
 */
import * as vscode from 'vscode';
import { ExperimentValidator, type EditorProblem } from './experimentChecks';

const DEBOUNCE_MS = 300;
export const isExperimentDocument = (d: vscode.TextDocument) => d.uri.path.endsWith('.gan.json');

export class ExperimentDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('gan-workbench');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [this.collection];
  private readonly documents = new Map<string, vscode.TextDocument>();
  private readonly validator = new ExperimentValidator((key, version, problems) => this.publish(key, version, problems));

  constructor() {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DEBOUNCE_MS)),
      vscode.workspace.onDidSaveTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidCloseTextDocument((d) => this.close(d)),
    );
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (!isExperimentDocument(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => void this.update(document), delay),
    );
  }

  /** Recomputes the diagnostics of one document now. */
  async update(document: vscode.TextDocument): Promise<void> {
    const key = document.uri.toString();
    this.documents.set(key, document);
    await this.validator.validate(key, document.version, document.getText(), document.uri.fsPath);
  }

  private close(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.validator.forget(key);
    this.documents.delete(key);
    this.collection.delete(document.uri);
  }

  private publish(key: string, version: number, problems: EditorProblem[]): void {
    const document = this.documents.get(key);
    // Typed into since: the ranges are of an older text, and a newer check is coming.
    if (!document || document.isClosed || document.version !== version) return;
    this.collection.set(
      document.uri,
      problems.map((p) => {
        const range = new vscode.Range(document.positionAt(p.offset), document.positionAt(p.offset + p.length));
        const detail = [p.expected && `expected ${p.expected}`, p.found && `found ${p.found}`].filter(Boolean).join(', ');
        const diagnostic = new vscode.Diagnostic(
          range,
          `${p.message}${detail ? ` (${detail})` : ''}`,
          p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
        );
        diagnostic.source = 'GAN Workbench';
        return diagnostic;
      }),
    );
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
