import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, EXTENSION_ID, until, workspaceFile } from './helpers';

describe('commands, CodeLens and diagnostics', () => {
  before(async () => {
    await api();
  });

  it('registers every command the manifest contributes, all in the "GAN" category', async () => {
    const contributed = (
      vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: { command: string; category: string }[] } }
    ).contributes.commands;
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.ok(contributed.length >= 15);
    for (const c of contributed) {
      assert.ok(registered.has(c.command), `${c.command} is not registered`);
      assert.equal(c.category, 'GAN');
    }
  });

  it('shows "▶ Start Training" at the top of an experiment file', async () => {
    const uri = workspaceFile('ring.gan.json');
    await vscode.window.showTextDocument(uri);
    const lenses = await until(
      async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
        return found && found.length > 0 ? found : undefined;
      },
      10_000,
      'CodeLenses',
    );
    const titles = lenses.map((l) => l.command?.title);
    assert.ok(titles.includes('▶ Start Training'), titles.join(', '));
    assert.ok(lenses.every((l) => l.range.start.line === 0));
    assert.equal(lenses.find((l) => l.command?.title === '▶ Start Training')?.command?.command, 'ganWorkbench.startTraining');
  });

  it('adds diagnostics the schema cannot give, at the right place', async () => {
    const uri = workspaceFile('semantic.gan.json');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const ours = await until(
      () => {
        const found = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'GAN Workbench');
        return found.length > 0 ? found : undefined;
      },
      10_000,
      'GAN Workbench diagnostics',
    );
    const xMax = ours.find((d) => d.message.startsWith('xMax must be greater than xMin'));
    assert.ok(xMax, ours.map((d) => d.message).join(' | '));
    assert.equal(document.getText(xMax.range), '-1');
    assert.equal(xMax.severity, vscode.DiagnosticSeverity.Error);
  });

  it('updates its diagnostics as the user types', async () => {
    const uri = workspaceFile('semantic.gan.json');
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    const text = document.getText();
    const at = text.indexOf('"xMax": -1') + '"xMax": '.length;
    await editor.edit((b) => b.replace(new vscode.Range(document.positionAt(at), document.positionAt(at + 2)), '2'));
    try {
      await until(
        () => !vscode.languages.getDiagnostics(uri).some((d) => d.message.startsWith('xMax must be greater')),
        10_000,
        'the xMax diagnostic to go away',
      );
      const samples = vscode.languages.getDiagnostics(uri).find((d) => d.source === 'GAN Workbench');
      assert.match(samples?.message ?? '', /longer than the run \(100 steps\)/);
      assert.equal(document.getText(samples!.range), '500');
      assert.equal(samples!.severity, vscode.DiagnosticSeverity.Warning);
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });
});
