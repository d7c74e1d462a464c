/**
 * Security of the webview pages: every webview's HTML comes from pageHtml through webviewHtml (run
 * here on the `vscode` stand-in, for a webview and for the Samples view; that no other source
 * assigns a webview's HTML or builds a page is a scan over the extension's sources), whose
 * Content-Security-Policy allows scripts only by a nonce made fresh for each load, never
 * 'unsafe-eval' or inline script, and no origin but the webview's own resources; and the built
 * front-end bundles never evaluate strings as code (which that CSP would block).
 */
import { Uri } from '../helpers/fakeVscode';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pageHtml } from '../../src/extension/webviews/pageHtml';
import { SamplesViewProvider } from '../../src/extension/webviews/samplesView';
import { webviewHtml } from '../../src/extension/webviews/webviewHtml';

const root = join(__dirname, '..', '..');
const CSP_SOURCE = 'https://*.vscode-cdn.net';
const SCRIPT = 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/main.js';

function cspOf(html: string): Map<string, string[]> {
  const metas = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/g)];
  assert.equal(metas.length, 1, 'exactly one CSP meta tag');
  const directives = new Map<string, string[]>();
  for (const part of metas[0]![1]!.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    assert.ok(name && !directives.has(name), `directive ${name} once`);
    directives.set(name, sources);
  }
  return directives;
}

const scriptsOf = (html: string) =>
  [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => ({ attributes: m[1]!, body: m[2]! }));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('webview Content-Security-Policy', () => {
  const load = () => pageHtml({ cspSource: CSP_SOURCE, scriptUri: SCRIPT, title: 'GAN <b>"x"</b> & y' });

  it('denies by default and allows scripts only by the nonce on every script tag', () => {
    const html = load();
    const csp = cspOf(html);
    assert.deepEqual(csp.get('default-src'), ["'none'"]);
    const scriptSources = csp.get('script-src') ?? [];
    assert.equal(scriptSources.length, 1, `script-src is the nonce alone: ${scriptSources.join(' ')}`);
    const nonce = /^'nonce-([A-Za-z0-9+/]{22}==)'$/.exec(scriptSources[0]!)?.[1];
    assert.ok(nonce, `a 128-bit base64 nonce: ${scriptSources[0]}`);
    const scripts = scriptsOf(html);
    assert.ok(scripts.length >= 1);
    for (const script of scripts) {
      assert.match(script.attributes, new RegExp(`\\bnonce="${nonce.replace(/[+/]/g, '\\$&')}"`), 'every script carries the nonce');
      assert.equal(script.body.trim(), '', 'no inline script');
      assert.equal(/\bsrc="([^"]*)"/.exec(script.attributes)?.[1], SCRIPT, 'the script is the extension bundle');
    }
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');
  });

  it("never allows 'unsafe-eval', inline script or any remote origin", () => {
    const html = load();
    assert.doesNotMatch(html, /unsafe-eval|wasm-unsafe-eval|strict-dynamic/);
    const csp = cspOf(html);
    for (const name of ['script-src', 'default-src'])
      assert.ok(!csp.get(name)?.includes("'unsafe-inline'"), `${name} has no 'unsafe-inline'`);
    assert.ok(!csp.has('script-src-elem') && !csp.has('script-src-attr') && !csp.has('connect-src') && !csp.has('frame-src'));
    for (const [name, sources] of csp) {
      for (const source of sources) {
        const allowed =
          source === "'none'" ||
          source === CSP_SOURCE ||
          /^'nonce-/.test(source) ||
          (name === 'img-src' && (source === 'data:' || source === 'blob:')) ||
          (name === 'style-src' && source === "'unsafe-inline'");
        assert.ok(allowed, `${name} allows ${source}: only the webview's own resources, nonces, and data:/blob: images`);
      }
    }
    assert.deepEqual(csp.get('base-uri'), ["'none'"]);
    assert.deepEqual(csp.get('form-action'), ["'none'"]);
    assert.doesNotMatch(html.replace(SCRIPT, '').replaceAll(CSP_SOURCE, ''), /https?:\/\//, 'no other URL anywhere in the page');
  });

  it('makes a new nonce for every load', () => {
    const nonces = new Set(Array.from({ length: 20 }, () => /'nonce-([^']+)'/.exec(load())?.[1]));
    assert.equal(nonces.size, 20);
    assert.ok(!nonces.has(undefined));
  });

  it('escapes the title and the script URI', () => {
    const html = pageHtml({
      cspSource: CSP_SOURCE,
      scriptUri: `${SCRIPT}?a="><script>x</script>`,
      title: '</title><script>alert(1)</script>',
    });
    assert.equal(scriptsOf(html).length, 1, 'nothing injected a second script');
    assert.match(html, /<title>&lt;\/title&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/title>/);
  });

  /** A webview as VS Code gives one: its resource origin, and the URI it maps an extension file to. */
  const fakeWebview = () => ({
    cspSource: CSP_SOURCE,
    asWebviewUri: (uri: Uri) => `https://file+.vscode-resource.vscode-cdn.net${uri.path}`,
    html: '',
    options: {},
    onDidReceiveMessage: () => ({ dispose: () => undefined }),
  });

  it('is what webviewHtml gives a webview: its CSP source, the extension bundle of the entry, a fresh nonce', () => {
    const extension = Uri.file('/ext');
    const html = webviewHtml(fakeWebview() as never, extension as never, 'main', 'GAN <x>');
    assert.deepEqual(cspOf(html).get('img-src')?.includes(CSP_SOURCE), true);
    assert.deepEqual(
      scriptsOf(html).map((s) => /\bsrc="([^"]*)"/.exec(s.attributes)?.[1]),
      ['https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/main.js'],
    );
    assert.match(html, /<title>GAN &lt;x&gt;<\/title>/);
    assert.notEqual(
      /'nonce-([^']+)'/.exec(html)?.[1],
      /'nonce-([^']+)'/.exec(webviewHtml(fakeWebview() as never, extension as never, 'main', ''))?.[1],
    );
  });

  it('is the Samples view’s page, with only its own bundle', () => {
    const webview = fakeWebview();
    const manager = { onDidChange: () => ({ dispose: () => undefined }), live: () => [] };
    const log = { warn: () => undefined };
    const view = new SamplesViewProvider(Uri.file('/ext') as never, manager as never, log as never, () => undefined);
    view.resolveWebviewView({ webview, onDidDispose: () => ({ dispose: () => undefined }), visible: false } as never);
    assert.deepEqual(webview.options, { enableScripts: true, localResourceRoots: [Uri.file('/ext/dist/webview')] });
    assert.equal(cspOf(webview.html).get('default-src')?.[0], "'none'");
    assert.deepEqual(
      scriptsOf(webview.html).map((s) => /\bsrc="([^"]*)"/.exec(s.attributes)?.[1]),
      ['https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/samples.js'],
    );
    view.dispose();
  });

  it('is where every webview of the extension gets its HTML (a scan of the sources: no other page, no other assignment)', () => {
    const files = sourceFiles(join(root, 'src', 'extension'));
    const assignments = files.flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/\.html\s*=\s*([^;]+);/g)].map((m) => ({ file: f, value: m[1]!.trim() })),
    );
    assert.ok(assignments.length >= 2, 'the dashboard and the Samples view');
    for (const a of assignments) assert.match(a.value, /^webviewHtml\(/, `${a.file} sets webview HTML from webviewHtml()`);
    for (const f of files.filter((f) => !f.endsWith('pageHtml.ts')))
      assert.doesNotMatch(readFileSync(f, 'utf8'), /<script|Content-Security-Policy/i, `${f} builds no HTML of its own`);
  });
});

describe('built webview bundles', () => {
  const dir = join(root, 'dist', 'webview');

  it('exist (built by `npm run build`) and never evaluate strings as code', () => {
    assert.ok(existsSync(dir), 'dist/webview is missing: run `npm run build` first');
    const bundles = readdirSync(dir).filter((f) => f.endsWith('.js'));
    assert.deepEqual(bundles.sort(), ['compare.js', 'main.js', 'samples.js', 'sweep.js']);
    for (const bundle of bundles) {
      const code = readFileSync(join(dir, bundle), 'utf8');
      for (const pattern of [
        /\beval\s*\(/,
        /\bnew\s+Function\s*\(/,
        /[^\w.$]Function\s*\(\s*["'`]/,
        /\bset(?:Timeout|Interval)\s*\(\s*["'`]/,
      ]) {
        const match = pattern.exec(code);
        assert.equal(match, null, `${bundle} contains ${match?.[0]} at ${match?.index}: blocked by the CSP (no 'unsafe-eval')`);
      }
    }
  });
});
