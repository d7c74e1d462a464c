/**
 * "GAN: Check Backends" in the real extension host: the real gan-train --check-backends on an
 * example experiment through the launcher, its report as a read-only Markdown document shown in the
 * built-in Markdown preview (a webview tab, not the Markdown source), and a report document asked
 * for before any check (a preview VS Code restores after a reload) that says to run the check again.
 * What the preview looks like (a rendered table, readable in dark and light themes) was checked by
 * eye in code-server; the table's Markdown is asserted here.
 */
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { BackendCheckOutcome } from '../../src/extension/backendCheck/checkProcess';
import { BACKEND_REPORT_SCHEME } from '../../src/extension/backendCheck/reportDocuments';
import { api, EXTENSION_ID, until } from './helpers';

const EXAMPLE = 'parabola-minimax.gan.json';
const REPORT_TAB = `Preview Backends of ${EXAMPLE}.md`;

const allTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);

/** The table row of `backend` (its first cell starts with the name, bold when it is the fastest). */
function row(markdown: string, backend: string): string | undefined {
  return markdown.split('\n').find((l) => new RegExp(`^\\| (\\*\\*)?${backend}(\\*\\*)? `).test(l));
}

describe('GAN: Check Backends', function () {
  this.timeout(180_000);

  before(async () => {
    await api();
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('answers for a report from an earlier window (a restored preview) with a page saying to run the check again', async () => {
    const uri = vscode.Uri.from({ scheme: BACKEND_REPORT_SCHEME, path: '/Backends of from-before-a-reload.gan.json.md' });
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.languageId, 'markdown');
    assert.match(document.getText(), /from an earlier window\. Run \*\*GAN: Check Backends\*\* again/);
  });

  it('measures wasm and cpu on an example experiment, names the fastest, and opens the report in the Markdown preview', async () => {
    const example = vscode.Uri.file(join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'examples', EXAMPLE));
    const outcome = await vscode.commands.executeCommand<BackendCheckOutcome | undefined>('ganWorkbench.checkBackends', example);
    assert.equal(outcome?.kind, 'result', JSON.stringify(outcome));
    const report = await until(
      () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === BACKEND_REPORT_SCHEME && d.uri.path.endsWith(`${EXAMPLE}.md`)),
      20_000,
      'the report document',
    );
    const text = report.getText();
    assert.match(text, new RegExp(`^# Backends for .*${EXAMPLE.replace(/\./g, '\\.')}$`, 'm'));
    assert.match(text, /^\| Backend \| State \| Steps\/s \| Device \| Reason \|$/m);
    // wasm and cpu start everywhere: each is measured, with its steps/s and the steps timed after the warm-up.
    for (const backend of ['wasm', 'cpu']) {
      const line = row(text, backend);
      assert.ok(line, `no row for ${backend} in\n${text}`);
      assert.match(line, /\| ✓ measured \| (\*\*)?[\d,]+(\.\d+)?(\*\*)? \(\d+ steps timed after 3 warm-up\) \|/, line);
    }
    // The fastest is named below the table with its steps/s, and its row is marked.
    const fastest = /^\*\*Fastest: (\S+)\*\*, [\d,.]+ steps\/s\. /m.exec(text)?.[1];
    assert.ok(fastest, `no fastest named in\n${text}`);
    assert.ok(['wasm', 'cpu', 'webgpu', 'tensorflow'].includes(fastest), fastest);
    const marked = text.split('\n').filter((l) => l.includes('⚡ fastest'));
    assert.equal(marked.length, 1, marked.join('\n'));
    assert.match(marked[0]!, new RegExp(`^\\| \\*\\*${fastest}\\*\\* ⚡ fastest \\| ✓ measured \\| \\*\\*`));
    if (outcome?.kind === 'result') assert.equal(outcome.result.fastest, fastest);

    // The report is shown rendered: the built-in Markdown preview's webview tab, not a text editor of its source.
    const tab = await until(() => allTabs().find((t) => t.label === REPORT_TAB), 20_000, `the "${REPORT_TAB}" tab`);
    assert.ok(tab.input instanceof vscode.TabInputWebview, `the report tab is a ${tab.input?.constructor.name ?? 'tab without input'}`);
    assert.match(tab.input.viewType, /markdown\.preview/);
    assert.ok(
      !allTabs().some((t) => t.input instanceof vscode.TabInputText && t.input.uri.scheme === BACKEND_REPORT_SCHEME),
      'the Markdown source is not opened in a text editor',
    );
  });
});
