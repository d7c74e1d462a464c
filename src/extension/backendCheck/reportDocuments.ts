/**
 * Shows a backend check's report as a read-only Markdown document (scheme `gan-workbench-backends`)
 * in VS Code's Markdown preview, or as Markdown text where no preview is available. Each report is
 * kept while the window lives; a report asked for after a reload says to run the check again, so
 * no page is ever blank.
 */
import * as vscode from 'vscode';

export const BACKEND_REPORT_SCHEME = 'gan-workbench-backends';

export class BackendReports implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /**
   * Registered at once (the extension activates at startup in a workspace with experiment files): a
   * Markdown preview of a report that VS Code restores after a reload asks for the document early,
   * and without a provider it shows "… cannot be found" instead of the text below.
   */
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(BACKEND_REPORT_SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return (
      this.texts.get(uri.toString()) ??
      '# Backends\n\nThis report is from an earlier window. Run **GAN: Check Backends** again to measure the backends.\n'
    );
  }

  /** Shows `markdown` under `name` (a file's base name); the same name shows the newest report. */
  async show(name: string, markdown: string): Promise<void> {
    const uri = vscode.Uri.from({ scheme: BACKEND_REPORT_SCHEME, path: `/Backends of ${name}.md` });
    this.texts.set(uri.toString(), markdown);
    this.changed.fire(uri);
    try {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } catch {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
    }
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
    this.texts.clear();
  }
}
