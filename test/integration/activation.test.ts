import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'gan-workbench.gan-workbench';

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration tests run with test/integration/workspace/ open');
  return vscode.Uri.joinPath(folder.uri, name);
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('activation', () => {
  it('the extension is installed in the host', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not among ${vscode.extensions.all.map((e) => e.id).join(', ')}`);
    assert.equal(extension.packageJSON.main, './dist/extension.js');
  });

  it('activates by itself because the workspace contains *.gan.json', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    // No activate() call here: the workspaceContains:**/*.gan.json event must do it.
    await until(() => extension.isActive, 20_000, `${EXTENSION_ID} to activate`);
  });

  it('knows the gan-experiment language', async () => {
    const languages = await vscode.languages.getLanguages();
    assert.ok(languages.includes('gan-experiment'), `gan-experiment is not among ${languages.join(', ')}`);
  });

  it('opens ring.gan.json as gan-experiment (JSON with comments, not validated by the JSON language service)', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('ring.gan.json'));
    assert.equal(document.languageId, 'gan-experiment');
    const editor = await vscode.window.showTextDocument(document);
    assert.equal(editor.document.languageId, 'gan-experiment');
    assert.match(document.getText(), /"name": "ring8-small"/);
  });
});
