/**
 * The editor features of experiment files. `*.gan.json` is its own language, `gan-experiment`
 * (package.json: JSON with comments, highlighted by VS Code's JSONC grammar), not `jsonc`: VS Code's
 * JSON language service validates every JSON document against its schema and reports schema
 * problems as warnings in its own words ("Property sead is not allowed", `Value must be "ring"`),
 * and a `$schema` in the file would bring it back whatever the extension registers. So the
 * extension owns these files: its diagnostics (`diagnosticsController.ts`) are the only ones, and
 * hover, completion (`experimentAssist.ts`), formatting, outline and folding are provided here.
 */
import { format, parseTree, type Node } from 'jsonc-parser';
import * as vscode from 'vscode';
import { completionsAt, hoverAt } from './experimentAssist';

export const EXPERIMENT_LANGUAGE = 'gan-experiment';
const selector: vscode.DocumentSelector = { language: EXPERIMENT_LANGUAGE };

const markdown = (text: string) => new vscode.MarkdownString(text);

const hover: vscode.HoverProvider = {
  provideHover(document, position) {
    const found = hoverAt(document.getText(), document.offsetAt(position));
    if (!found) return undefined;
    const range = new vscode.Range(document.positionAt(found.offset), document.positionAt(found.offset + found.length));
    return new vscode.Hover(markdown(found.markdown), range);
  },
};

const completion: vscode.CompletionItemProvider = {
  provideCompletionItems(document, position) {
    const found = completionsAt(document.getText(), document.offsetAt(position));
    if (!found) return undefined;
    const range = new vscode.Range(document.positionAt(found.offset), document.positionAt(found.offset + found.length));
    return found.items.map((item) => {
      const out = new vscode.CompletionItem(
        item.label,
        item.kind === 'property' ? vscode.CompletionItemKind.Property : vscode.CompletionItemKind.Value,
      );
      out.detail = item.detail;
      out.documentation = markdown(item.documentation);
      out.insertText = new vscode.SnippetString(item.snippet);
      out.filterText = item.filterText;
      out.sortText = item.sortText;
      out.range = range;
      return out;
    });
  },
};

function formattingEdits(document: vscode.TextDocument, options: vscode.FormattingOptions, range?: vscode.Range): vscode.TextEdit[] {
  const text = document.getText();
  const span = range && { offset: document.offsetAt(range.start), length: document.offsetAt(range.end) - document.offsetAt(range.start) };
  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  // A file that ends with a line break keeps it (jsonc-parser's format would drop it).
  const insertFinalNewline = options.insertFinalNewline === true || text.endsWith('\n');
  return format(text, span, { tabSize: options.tabSize, insertSpaces: options.insertSpaces, eol, insertFinalNewline }).map(
    (e) => new vscode.TextEdit(new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.content),
  );
}

const formatting: vscode.DocumentFormattingEditProvider & vscode.DocumentRangeFormattingEditProvider = {
  provideDocumentFormattingEdits: (document, options) => formattingEdits(document, options),
  provideDocumentRangeFormattingEdits: (document, range, options) => formattingEdits(document, options, range),
};

/** Outline and breadcrumbs: every property, nested; a `kind` names its object (`loss: wgan`). */
const symbols: vscode.DocumentSymbolProvider = {
  provideDocumentSymbols(document) {
    const root = parseTree(document.getText(), [], { allowTrailingComma: true });
    const rangeOf = (node: Node) => new vscode.Range(document.positionAt(node.offset), document.positionAt(node.offset + node.length));
    const children = (node: Node | undefined): vscode.DocumentSymbol[] => {
      if (node?.type === 'array')
        return (node.children ?? []).flatMap((item, i) =>
          item.type === 'object' ? [symbolOf(`[${i}]`, item, rangeOf(item), rangeOf(item))] : children(item),
        );
      if (node?.type !== 'object') return [];
      return (node.children ?? []).flatMap((property) => {
        const [key, value] = property.children ?? [];
        return key && value ? [symbolOf(String(key.value), value, rangeOf(property), rangeOf(key))] : [];
      });
    };
    const symbolOf = (name: string, value: Node, range: vscode.Range, selection: vscode.Range): vscode.DocumentSymbol => {
      const kindNode = value.type === 'object' ? value.children?.find((p) => p.children?.[0]?.value === 'kind')?.children?.[1] : undefined;
      const detail =
        typeof kindNode?.value === 'string' ? kindNode.value : value.type === 'object' || value.type === 'array' ? '' : String(value.value);
      const kind =
        value.type === 'object'
          ? vscode.SymbolKind.Module
          : value.type === 'array'
            ? vscode.SymbolKind.Array
            : value.type === 'number'
              ? vscode.SymbolKind.Number
              : value.type === 'boolean'
                ? vscode.SymbolKind.Boolean
                : vscode.SymbolKind.String;
      const symbol = new vscode.DocumentSymbol(name, detail, kind, range, selection);
      symbol.children = children(value);
      return symbol;
    };
    return children(root);
  },
};

/** Folding: every object and array over several lines (the last line, with its closing bracket, stays visible). */
const folding: vscode.FoldingRangeProvider = {
  provideFoldingRanges(document) {
    const root = parseTree(document.getText(), [], { allowTrailingComma: true });
    const out: vscode.FoldingRange[] = [];
    const visit = (node: Node | undefined) => {
      if (!node) return;
      if (node.type === 'object' || node.type === 'array') {
        const start = document.positionAt(node.offset).line;
        const end = document.positionAt(node.offset + node.length).line;
        if (end > start) out.push(new vscode.FoldingRange(start, end - 1));
      }
      for (const child of node.children ?? []) visit(child);
    };
    visit(root);
    return out;
  },
};

/** Registers hover, completion (triggered by typing a quote or a colon too), formatting, outline and folding. */
export function registerExperimentLanguage(): vscode.Disposable[] {
  return [
    vscode.languages.registerHoverProvider(selector, hover),
    vscode.languages.registerCompletionItemProvider(selector, completion, '"', ':'),
    vscode.languages.registerDocumentFormattingEditProvider(selector, formatting),
    vscode.languages.registerDocumentRangeFormattingEditProvider(selector, formatting),
    vscode.languages.registerDocumentSymbolProvider(selector, symbols, { label: 'GAN experiment' }),
    vscode.languages.registerFoldingRangeProvider(selector, folding),
  ];
}
