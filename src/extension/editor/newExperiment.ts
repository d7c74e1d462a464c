/** "GAN: New Experiment": pick a template and a file name; writes a commented experiment and opens it. */
import * as vscode from 'vscode';
import { TEMPLATES } from './templates';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export async function newExperiment(): Promise<vscode.Uri | undefined> {
  const template = await vscode.window.showQuickPick(
    TEMPLATES.map((t) => ({ label: t.label, detail: t.detail, template: t })),
    { title: 'New GAN Experiment (1/2): template', placeHolder: 'What should the generator learn?' },
  );
  if (!template) return undefined;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const base =
    folder ?? (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Create Here' }))?.[0];
  if (!base) return undefined;
  const name = await vscode.window.showInputBox({
    title: 'New GAN Experiment (2/2): name',
    prompt: `Creates <name>.gan.json in ${vscode.workspace.asRelativePath(base)}`,
    value: template.template.id,
    validateInput: async (value) => {
      if (!NAME.test(value)) return 'Letters, digits, ".", "_" and "-" (up to 64), starting with a letter or digit.';
      const exists = await vscode.workspace.fs.stat(vscode.Uri.joinPath(base, `${value}.gan.json`)).then(
        () => true,
        () => false,
      );
      return exists ? `${value}.gan.json already exists.` : undefined;
    },
  });
  if (!name) return undefined;
  const uri = vscode.Uri.joinPath(base, `${name}.gan.json`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(template.template.text(name)));
  await vscode.window.showTextDocument(uri);
  return uri;
}
