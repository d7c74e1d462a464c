/**
 * A stand-in for the `vscode` module, so unit tests can build the extension's commands and view
 * actions in-process with fake dependencies. Importing this file (before the modules under test)
 * makes `require('vscode')` resolve to it. It implements the little of the API those modules touch:
 * `Uri`, `EventEmitter`, `Disposable`, `Range`, the enums, and `window`, `workspace`, `commands`
 * and `env` functions that record every call in `ui.calls` and answer through `ui.answer` (by
 * default: nothing, as a user who dismisses every prompt). `ui.reset()` starts a test afresh.
 * Webview panels are FakeWebviewPanels, listed in `ui.panels`: a test plays the page (`fromPage`),
 * reads what the host posted, and moves the panel (`setViewState`).
 *
 * Only unit tests use it; test/integration runs the same code in a real VS Code.
 */
import Module from 'node:module';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

// ---- the module hook: `vscode` is this file ----

type Resolve = (request: string, ...rest: unknown[]) => string;
const moduleInternals = Module as unknown as { _resolveFilename: Resolve };
const resolveFilename = moduleInternals._resolveFilename;
const thisFile = __filename;
moduleInternals._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
  return request === 'vscode' ? thisFile : resolveFilename.call(this, request, ...rest);
};

// ---- what tests read and steer ----

export interface UiCall {
  api: string;
  args: unknown[];
}

export const ui = {
  /** Every call of `window`, `workspace` (those that act), `commands` and `env`, in order. */
  calls: [] as UiCall[],
  /** What a prompt returns: the button, item, file or text the fake user chooses (undefined: dismissed). */
  answer: (_api: string, _args: unknown[]): unknown => undefined,
  /** Handlers registered with commands.registerCommand. */
  commands: new Map<string, (...args: unknown[]) => unknown>(),
  /** The workspace folder (undefined: none open). */
  folder: undefined as string | undefined,
  /** Settings under `ganWorkbench.` (unset: each setting's default). */
  settings: {} as Record<string, unknown>,
  /** Every webview panel created, in order (disposed ones included). */
  panels: [] as FakeWebviewPanel[],
  reset(): void {
    this.calls = [];
    this.panels = [];
    this.answer = () => undefined;
    this.commands.clear();
    this.folder = undefined;
    this.settings = {};
    workspace.isTrusted = true;
    window.activeTextEditor = undefined;
    documents.clear();
  },
  /** The calls to `api`, in order. */
  called(api: string): UiCall[] {
    return this.calls.filter((c) => c.api === api);
  },
};

function record(api: string, args: unknown[]): unknown {
  ui.calls.push({ api, args });
  return ui.answer(api, args);
}

const prompt =
  (api: string) =>
  (...args: unknown[]): Promise<unknown> =>
    Promise.resolve(record(api, args));

// ---- the API ----

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
  ) {}

  static file(fsPath: string): Uri {
    return new Uri('file', path.resolve(fsPath));
  }

  static joinPath(base: Uri, ...segments: string[]): Uri {
    return new Uri(base.scheme, path.posix.join(base.path, ...segments));
  }

  get fsPath(): string {
    return this.path;
  }

  toString(): string {
    return `${this.scheme}://${this.path}`;
  }
}

export class Disposable {
  constructor(private readonly callOnDispose: () => void) {}

  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((d) => d.dispose()));
  }

  dispose(): void {
    this.callOnDispose();
  }
}

export class EventEmitter<T> {
  private listeners = new Set<(value: T) => unknown>();

  readonly event = (listener: (value: T) => unknown): Disposable => {
    this.listeners.add(listener);
    return new Disposable(() => this.listeners.delete(listener));
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }

  dispose(): void {
    this.listeners.clear();
  }
}

/** A position in a fake document: its offset (what `positionAt` gives) or a line and character. */
export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
    readonly offset?: number,
  ) {}
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(start: Position | number, end: Position | number, endLine?: number, endCharacter?: number) {
    this.start = start instanceof Position ? start : new Position(start, end as number);
    this.end = end instanceof Position ? end : new Position(endLine ?? 0, endCharacter ?? 0);
  }
}

/** Replacements by offset in documents opened through `workspace.openTextDocument`. */
export class WorkspaceEdit {
  readonly replacements: { uri: Uri; range: Range; text: string }[] = [];
  replace(uri: Uri, range: Range, text: string): void {
    this.replacements.push({ uri, range, text });
  }
}

export const ProgressLocation = { SourceControl: 1, Window: 10, Notification: 15 } as const;
export const ViewColumn = { Active: -1, Beside: -2, One: 1 } as const;
export const QuickPickItemKind = { Separator: -1, Default: 0 } as const;

/** A text document as the editor holds it: read from disk when opened, edited in memory, written by `save`. */
export class FakeDocument {
  isDirty = false;
  constructor(
    readonly uri: Uri,
    private text: string,
  ) {}

  getText(): string {
    return this.text;
  }

  positionAt(offset: number): Position {
    const before = this.text.slice(0, offset).split('\n');
    return new Position(before.length - 1, before[before.length - 1]!.length, offset);
  }

  /** Applies replacements given by offsets (positions from `positionAt`). */
  edit(replacements: { range: Range; text: string }[]): void {
    for (const { range, text } of [...replacements].sort((a, b) => b.range.start.offset! - a.range.start.offset!))
      this.text = this.text.slice(0, range.start.offset!) + text + this.text.slice(range.end.offset!);
    this.isDirty = true;
  }

  async save(): Promise<boolean> {
    record('document.save', [this.uri]);
    await writeFile(this.uri.fsPath, this.text);
    this.isDirty = false;
    saveEmitter.fire(this);
    return true;
  }
}

const documents = new Map<string, FakeDocument>();
const saveEmitter = new EventEmitter<FakeDocument>();

const logChannel = () => ({
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
  trace: () => undefined,
  show: (...args: unknown[]) => void record('outputChannel.show', args),
  dispose: () => undefined,
});

/** A webview panel: the page is played by the test; `posted` holds what the host sent it. */
export class FakeWebviewPanel {
  title: string;
  visible = true;
  active = true;
  disposed = false;
  private readonly received = new EventEmitter<unknown>();
  private readonly viewState = new EventEmitter<{ webviewPanel: FakeWebviewPanel }>();
  private readonly disposedEmitter = new EventEmitter<void>();
  readonly onDidChangeViewState = this.viewState.event;
  readonly onDidDispose = this.disposedEmitter.event;
  readonly webview = {
    html: '',
    options: {} as unknown,
    cspSource: 'fake-webview:',
    posted: [] as unknown[],
    asWebviewUri: (uri: Uri) => uri,
    postMessage: (message: unknown): Promise<boolean> => {
      this.webview.posted.push(message);
      return Promise.resolve(!this.disposed);
    },
    onDidReceiveMessage: this.received.event,
  };

  constructor(
    readonly viewType: string,
    title: string,
    readonly viewColumn: number,
    readonly preserveFocus: boolean,
  ) {
    this.title = title;
  }

  /** The page posts `message` to the host. */
  fromPage(message: unknown): void {
    this.received.fire(message);
  }

  setViewState(state: { visible: boolean; active: boolean }): void {
    this.visible = state.visible;
    this.active = state.active;
    this.viewState.fire({ webviewPanel: this });
  }

  reveal(): void {
    record('panel.reveal', [this.viewType]);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disposedEmitter.fire();
  }
}

export const window = {
  createWebviewPanel(
    viewType: string,
    title: string,
    show: number | { viewColumn: number; preserveFocus?: boolean },
    _options: unknown,
  ): FakeWebviewPanel {
    record('window.createWebviewPanel', [viewType, title, show]);
    const place = typeof show === 'number' ? { viewColumn: show } : show;
    const panel = new FakeWebviewPanel(viewType, title, place.viewColumn, place.preserveFocus ?? false);
    ui.panels.push(panel);
    return panel;
  },
  activeTextEditor: undefined as { document: FakeDocument } | undefined,
  showInformationMessage: prompt('window.showInformationMessage'),
  showWarningMessage: prompt('window.showWarningMessage'),
  showErrorMessage: prompt('window.showErrorMessage'),
  showQuickPick: prompt('window.showQuickPick'),
  showInputBox: prompt('window.showInputBox'),
  showOpenDialog: prompt('window.showOpenDialog'),
  showSaveDialog: prompt('window.showSaveDialog'),
  showTextDocument: prompt('window.showTextDocument'),
  createOutputChannel: logChannel,
  /** Runs the task at once with a progress that records its reports and a token never cancelled. */
  withProgress<R>(options: unknown, task: (progress: { report(value: unknown): void }, token: unknown) => Thenable<R>): Thenable<R> {
    record('window.withProgress', [options]);
    const token = { isCancellationRequested: false, onCancellationRequested: () => new Disposable(() => undefined) };
    return task({ report: (value) => void record('progress.report', [value]) }, token);
  },
};

export const workspace = {
  isTrusted: true,
  /** The documents opened through openTextDocument. */
  get textDocuments(): FakeDocument[] {
    return [...documents.values()];
  },
  get workspaceFolders(): { uri: Uri; name: string; index: number }[] | undefined {
    return ui.folder === undefined ? undefined : [{ uri: Uri.file(ui.folder), name: path.basename(ui.folder), index: 0 }];
  },
  getWorkspaceFolder(uri: Uri): { uri: Uri; name: string; index: number } | undefined {
    const folder = ui.folder;
    if (folder === undefined || !(uri.fsPath === folder || uri.fsPath.startsWith(folder + path.sep))) return undefined;
    return { uri: Uri.file(folder), name: path.basename(folder), index: 0 };
  },
  asRelativePath(target: Uri | string): string {
    const file = typeof target === 'string' ? target : target.fsPath;
    return ui.folder !== undefined && file.startsWith(ui.folder + path.sep) ? path.relative(ui.folder, file) : file;
  },
  getConfiguration(section?: string) {
    return {
      get: <T>(key: string, fallback?: T): T | undefined => {
        const full = section ? `${section}.${key}` : key;
        return Object.hasOwn(ui.settings, full) ? (ui.settings[full] as T) : fallback;
      },
    };
  },
  async openTextDocument(uri: Uri): Promise<FakeDocument> {
    record('workspace.openTextDocument', [uri]);
    const open = documents.get(uri.toString());
    if (open) return open;
    const document = new FakeDocument(uri, await readFile(uri.fsPath, 'utf8'));
    documents.set(uri.toString(), document);
    return document;
  },
  async applyEdit(edit: WorkspaceEdit): Promise<boolean> {
    record('workspace.applyEdit', [edit]);
    const byDocument = new Map<FakeDocument, { range: Range; text: string }[]>();
    for (const { uri, range, text } of edit.replacements) {
      const document = documents.get(uri.toString());
      if (!document) return false;
      byDocument.set(document, [...(byDocument.get(document) ?? []), { range, text }]);
    }
    for (const [document, replacements] of byDocument) document.edit(replacements);
    return true;
  },
  onDidSaveTextDocument: saveEmitter.event,
  /** Accepted and not consulted: the commands register the backend reports' provider at once (backendCheck/reportDocuments.ts). */
  registerTextDocumentContentProvider(_scheme: string, _provider: unknown): Disposable {
    return new Disposable(() => undefined);
  },
  fs: {
    async writeFile(uri: Uri, bytes: Uint8Array): Promise<void> {
      record('workspace.fs.writeFile', [uri, bytes]);
      await writeFile(uri.fsPath, bytes);
    },
    async delete(uri: Uri, options?: { recursive?: boolean }): Promise<void> {
      record('workspace.fs.delete', [uri, options]);
      await rm(uri.fsPath, { recursive: options?.recursive ?? false });
    },
    async readFile(uri: Uri): Promise<Uint8Array> {
      return readFile(uri.fsPath);
    },
    async stat(uri: Uri): Promise<unknown> {
      return stat(uri.fsPath);
    },
  },
};

export const commands = {
  registerCommand(id: string, handler: (...args: unknown[]) => unknown): Disposable {
    ui.commands.set(id, handler);
    return new Disposable(() => ui.commands.delete(id));
  },
  executeCommand(id: string, ...args: unknown[]): Promise<unknown> {
    return Promise.resolve(record(`command ${id}`, args));
  },
};

export const env = {
  clipboard: { writeText: (text: string) => Promise.resolve(void record('env.clipboard.writeText', [text])) },
};
