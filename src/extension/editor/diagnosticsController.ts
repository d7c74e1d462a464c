/** Publishes `experimentProblems` for open experiment files, debounced as the user types. */
import * as vscode from 'vscode';
import { experimentProblems } from './experimentChecks';

const DEBOUNCE_MS = 300;
export const isExperimentDocument = (d: vscode.TextDocument) => d.uri.path.endsWith('.gan.json');

export class ExperimentDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('gan-workbench');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor() {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DEBOUNCE_MS)),
      vscode.workspace.onDidSaveTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)),
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
    const version = document.version;
    const problems = await experimentProblems(document.getText(), document.uri.fsPath);
    if (document.isClosed || document.version !== version) return;
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
