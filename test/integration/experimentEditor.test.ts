/**
 * Diagnostics, hover and completion of experiment files in the real editor: the extension's own
 * messages as errors, each once (the JSON language service does not validate `*.gan.json`, even
 * with a `$schema` in the file), hover with default and range, completion of an object's properties
 * with their defaults.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, until, workspaceFile } from './helpers';

const SOURCE = 'GAN Workbench';

/** A valid experiment file as text, with `$schema` (the JSON service would validate it if it saw the file). */
function experimentText(overrides: Record<string, string> = {}): string {
  const parts: Record<string, string> = {
    $schema: '"../../../../schemas/experiment.schema.json"',
    name: '"assist"',
    seed: '1',
    data: '{ "kind": "ring", "modes": 8, "radius": 2, "std": 0.02 }',
    generator: '{ "kind": "mlp", "hidden": [32, 32] }',
    discriminator: '{ "kind": "mlp", "hidden": [32, 32] }',
    loss: '{ "kind": "nonSaturating" }',
    optimizer: '{ "generator": { "kind": "adam", "lr": 0.0005 } }',
    schedule: '{ "steps": 1000, "batchSize": 64 }',
    ...overrides,
  };
  return `{\n${Object.entries(parts)
    .map(([k, v]) => `  ${JSON.stringify(k)}: ${v}`)
    .join(',\n')}\n}\n`;
}

const folder = () => workspaceFile('editor-assist.tmp');

async function openExperiment(name: string, text: string): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.joinPath(folder(), name);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document);
}

/** Every diagnostic of `uri` once ours have settled to `want` of them; none may come from another source. */
async function settledDiagnostics(uri: vscode.Uri, want: (ours: vscode.Diagnostic[]) => boolean, what: string) {
  await until(() => want(vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE)), 15_000, what);
  // Give any other diagnostic source (the JSON language service answers within a second) time to speak.
  await new Promise((r) => setTimeout(r, 2_000));
  return vscode.languages.getDiagnostics(uri);
}

const describeAll = (diagnostics: readonly vscode.Diagnostic[]) =>
  diagnostics.map((d) => `[${d.source ?? '?'}] ${vscode.DiagnosticSeverity[d.severity]} ${d.message}`).join('\n');

function position(document: vscode.TextDocument, marker: string, delta = 0): vscode.Position {
  const at = document.getText().indexOf(marker);
  assert.ok(at >= 0, `"${marker}" is not in the document`);
  return document.positionAt(at + delta);
}

const hoverText = (hovers: vscode.Hover[]) =>
  hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n---\n');

const labelOf = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label);

describe('experiment files in the editor: diagnostics, hover, completion', () => {
  before(async () => {
    await api();
    await vscode.workspace.fs.createDirectory(folder());
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(folder(), { recursive: true, useTrash: false });
  });

  it('is its own language, not JSON, so only the extension validates it', async () => {
    const editor = await openExperiment('language.gan.json', experimentText());
    assert.equal(editor.document.languageId, 'gan-experiment');
    const diagnostics = await settledDiagnostics(editor.document.uri, () => true, 'the first check');
    assert.deepEqual(describeAll(diagnostics), '', 'a valid file has no diagnostics at all');
  });

  it('a typo in a property name, typed in: one error, in the extension’s words, at the key; nothing from the JSON service', async () => {
    const editor = await openExperiment('typo.gan.json', experimentText());
    const { document } = editor;
    await settledDiagnostics(document.uri, () => true, 'the first check');
    // Rename "seed" to "sead" as the user would, by typing over it.
    const at = position(document, '"seed"', 1);
    await editor.edit((b) => b.replace(new vscode.Range(at, at.translate(0, 4)), 'sead'));
    const diagnostics = await settledDiagnostics(
      document.uri,
      (ours) => ours.some((d) => d.message.includes('sead')),
      'the diagnostic of "sead" after typing',
    );
    assert.equal(diagnostics.length, 1, describeAll(diagnostics));
    const [typo] = diagnostics;
    assert.equal(typo!.source, SOURCE);
    assert.equal(typo!.severity, vscode.DiagnosticSeverity.Error);
    assert.match(typo!.message, /^unknown property "sead"; did you mean "seed"\?/);
    assert.equal(document.getText(typo!.range), '"sead"');
    // Typing the fix clears it.
    await editor.edit((b) => b.replace(new vscode.Range(at, at.translate(0, 4)), 'seed'));
    await until(() => vscode.languages.getDiagnostics(document.uri).length === 0, 15_000, 'the diagnostic to go away after the fix');
    await document.save();
  });

  it('an unknown kind: one error that lists the kinds and suggests the close one', async () => {
    const editor = await openExperiment(
      'kind.gan.json',
      experimentText({ data: '{ "kind": "rinng", "modes": 8 }', loss: '{ "kind": "notALoss" }' }),
    );
    const diagnostics = await settledDiagnostics(editor.document.uri, (ours) => ours.length >= 2, 'the two kind diagnostics');
    assert.equal(diagnostics.length, 2, describeAll(diagnostics));
    assert.ok(
      diagnostics.every((d) => d.source === SOURCE && d.severity === vscode.DiagnosticSeverity.Error),
      describeAll(diagnostics),
    );
    const [data, loss] = diagnostics.sort((a, b) => a.range.start.line - b.range.start.line);
    assert.equal(editor.document.getText(data!.range), '"rinng"');
    assert.match(data!.message, /^unknown kind "rinng"; did you mean "ring"\?/);
    for (const kind of [
      'parabola',
      'mixture1d',
      'ring',
      'grid',
      'swissroll',
      'moons',
      'csv',
      'shapes',
      'imageFolder',
      'idx',
      'mnist',
      'stackedMnist',
    ])
      assert.ok(data!.message.includes(`"${kind}"`), `${kind} is not among the kinds in: ${data!.message}`);
    assert.equal(editor.document.getText(loss!.range), '"notALoss"');
    assert.match(
      loss!.message,
      /^unknown kind "notALoss" \(expected "minimax" \| "nonSaturating" \| "wgan" \| "wganGp" \| "hinge" \| "lsgan" \| "neuralDistance" \| "energy"/,
    );
  });

  it('broken.gan.json: every problem once, as an error of the extension, none from the JSON service', async () => {
    const uri = workspaceFile('broken.gan.json');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const all = await settledDiagnostics(uri, (ours) => ours.length >= 4, 'the diagnostics of broken.gan.json');
    const shown = describeAll(all);
    assert.ok(
      all.every((d) => d.source === SOURCE && d.severity === vscode.DiagnosticSeverity.Error),
      shown,
    );
    assert.deepEqual(all.map((d) => document.getText(d.range)).sort(), ['"notALoss"', '-1', '-5', '0'], shown);
  });

  it('switched to JSON by hand, the JSON service speaks (so the checks above are not vacuous), and the schema names the kinds', async () => {
    const editor = await openExperiment('asJson.gan.json', experimentText({ seed: '1, "sead": 2', data: '{ "kind": "rinng" }' }));
    const document = await vscode.languages.setTextDocumentLanguage(editor.document, 'jsonc');
    const json = await until(
      () => {
        const found = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source !== SOURCE);
        return found.length >= 2 ? found : undefined;
      },
      20_000,
      "the JSON language service's diagnostics",
    );
    const messages = json.map((d) => d.message);
    assert.ok(messages.includes('Property sead is not allowed.'), messages.join('\n'));
    // Not `Value must be "ring"` (one variant's kind): the schema's message for a union's kind.
    assert.ok(
      messages.some((m) => m.startsWith('kind must be one of "parabola", "mixture1d", "ring", "grid"')),
      messages.join('\n'),
    );
    assert.ok(json.every((d) => d.severity === vscode.DiagnosticSeverity.Warning));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('hover over a setting gives its description, default and range (this file’s loss-dependent default too)', async () => {
    const editor = await openExperiment(
      'hover.gan.json',
      experimentText({ loss: '{ "kind": "energy" }', schedule: '{ "steps": 1000, "dStepsPerGStep": 3 }' }),
    );
    const { document } = editor;
    const lr = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      position(document, '"lr"', 2),
    );
    const lrText = hoverText(lr);
    assert.match(lrText, /Learning rate\./);
    assert.match(lrText, /Default: `0\.0001`/);
    assert.match(lrText, /Range: 0 to 10/);
    assert.equal(lr.length, 1, `one hover, not a second from the JSON service:\n${lrText}`);
    const k = hoverText(
      await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        document.uri,
        position(document, '"dStepsPerGStep"', 3),
      ),
    );
    assert.match(k, /Default: `1` \(left out with loss energy: `5`\)/);
    assert.match(k, /Range: 1 to 100, integer/);
    const kind = hoverText(
      await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position(document, '"energy"', 2)),
    );
    assert.match(kind, /Energy view of GANs/);
    assert.match(kind, /`lambda` `0\.1` \(0 to 10,000\)/);
  });

  it('Format Document and the outline work without the JSON service', async () => {
    const editor = await openExperiment('format.gan.json', '{\n// kept\n"name":"fmt",  "loss":{"kind":"wgan","clip":0.02}}\n');
    const { document } = editor;
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', document.uri, {
      tabSize: 2,
      insertSpaces: true,
    });
    const formatted = new vscode.WorkspaceEdit();
    formatted.set(document.uri, edits);
    await vscode.workspace.applyEdit(formatted);
    assert.equal(document.getText(), '{\n  // kept\n  "name": "fmt",\n  "loss": {\n    "kind": "wgan",\n    "clip": 0.02\n  }\n}\n');
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri);
    assert.deepEqual(
      symbols.map((s) => [s.name, s.detail, s.children.map((c) => c.name)]),
      [
        ['name', 'fmt', []],
        ['loss', 'wgan', ['kind', 'clip']],
      ],
    );
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('completion inside "loss": {} offers the loss properties with their defaults, and no words from the document', async () => {
    const editor = await openExperiment('complete.gan.json', experimentText({ loss: '{  }' }));
    const { document } = editor;
    const inside = position(document, '"loss": {  }', '"loss": { '.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, inside);
    const labels = list.items.map(labelOf).sort();
    assert.deepEqual(labels, ['clip', 'kind', 'lambda', 'mutualInformation'], `offered: ${labels.join(', ')}`);
    const byLabel = new Map(list.items.map((i) => [labelOf(i), i]));
    assert.match(byLabel.get('clip')!.detail ?? '', /^default 0\.01 · 0\.000001 to 100 · only with kind wgan, neuralDistance$/);
    assert.match(byLabel.get('lambda')!.detail ?? '', /^default 10 /);
    const kindSnippet = byLabel.get('kind')!.insertText;
    assert.ok(kindSnippet instanceof vscode.SnippetString);
    assert.match(kindSnippet.value, /^"kind": "\$\{1\|minimax,nonSaturating,wgan,wganGp,hinge,lsgan,neuralDistance,energy\|\}"$/);

    // Once the kind is chosen, that kind's settings only.
    await editor.edit((b) => b.insert(inside, '"kind": "wgan", '));
    const after = position(document, '"kind": "wgan", ', '"kind": "wgan", '.length);
    const wgan = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, after);
    assert.deepEqual(wgan.items.map(labelOf), ['clip']);
    assert.equal(wgan.items[0]!.detail, 'default 0.01 · 0.000001 to 100');
    assert.equal((wgan.items[0]!.insertText as vscode.SnippetString).value, '"clip": ${1:0.01}');

    // Where a value goes, the values: the kinds of the loss.
    const value = position(document, '"kind": "wgan"', '"kind": "'.length);
    const kinds = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, value);
    assert.ok(kinds.items.map(labelOf).includes('"wganGp"'), kinds.items.map(labelOf).join(', '));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
