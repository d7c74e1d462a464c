/**
 * "Open Experiment File" on a run folder from anywhere: the path run.json names is opened at once
 * only when its real path is inside a workspace folder or the run's own folder; elsewhere the user
 * is asked first (a modal with the full path); a path that does not exist, is not a file, or is no
 * file path at all is not opened. Paths with `..`, links, relative paths, prefixes of a folder's
 * name and URIs, several of each; then the dashboard action on the vscode stand-in.
 */
import { ui, type Uri } from '../helpers/fakeVscode';
import assert from 'node:assert/strict';
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { experimentOpening, isInside, type ExperimentOpening } from '../../src/extension/commands/experimentPath';
import { OPEN_OUTSIDE } from '../../src/extension/commands/openExperiment';
import { createRunActions } from '../../src/extension/webviews/runActions';
import type { ViewFeed } from '../../src/extension/webviews/runFeeds';
import { tempDir } from '../helpers/experiments';
import { hostDeps, workspaceFixture } from '../helpers/hostFixture';

/** A workspace folder, a run folder outside it, and a folder outside both, with files and links. */
function places() {
  const root = realpathSync(tempDir('gan-open-'));
  const workspace = join(root, 'workspace');
  const run = join(root, 'downloads', 'ring', '20260101-000000-1');
  const outside = join(root, 'secrets');
  for (const dir of [join(workspace, 'sub', 'deeper'), run, outside, `${workspace}-evil`]) mkdirSync(dir, { recursive: true });
  const file = (path: string) => (writeFileSync(path, '{}'), path);
  const files = {
    experiment: file(join(workspace, 'ring.gan.json')),
    dotted: file(join(workspace, '..ring.gan.json')),
    inRun: file(join(run, 'experiment.json')),
    passwd: file(join(outside, 'passwd')),
    evil: file(join(`${workspace}-evil`, 'x.gan.json')),
  };
  symlinkSync(files.passwd, join(workspace, 'link.gan.json'));
  symlinkSync(files.experiment, join(workspace, 'sub', 'inner-link.gan.json'));
  symlinkSync(outside, join(workspace, 'linked-dir'));
  symlinkSync(workspace, join(root, 'workspace-link'));
  return { root, workspace, run, outside, files, at: { runDir: run, workspaceFolders: [workspace] } };
}

const kindOf = (o: ExperimentOpening) => (o.kind === 'refuse' ? `refuse: ${o.message}` : `${o.kind} ${o.path}`);

describe('"Open Experiment File" of a run folder from anywhere', () => {
  afterEach(() => ui.reset());

  it('isInside: the folder and what is under it; not its parent, siblings, or names it prefixes', () => {
    assert.ok(isInside('/w/a.json', '/w'));
    assert.ok(isInside('/w/sub/a.json', '/w'));
    assert.ok(isInside('/w', '/w'));
    assert.ok(isInside('/w/..a.json', '/w'));
    assert.ok(!isInside('/w-evil/a.json', '/w'));
    assert.ok(!isInside('/wider/a.json', '/w'));
    assert.ok(!isInside('/', '/w'));
    assert.ok(!isInside('/etc/passwd', '/w'));
    assert.ok(!isInside('/x/a.json', '/w'));
  });

  it('opens a file inside a workspace folder or the run’s folder, with `..`, relative paths and links resolved', async () => {
    const p = places();
    const cases: [string, string][] = [
      [p.files.experiment, p.files.experiment],
      [join(p.workspace, 'sub', '..', 'ring.gan.json'), p.files.experiment],
      [join(p.workspace, 'sub', 'deeper', '..', '..', 'ring.gan.json'), p.files.experiment],
      [p.files.dotted, p.files.dotted],
      [join(p.workspace, 'sub', 'inner-link.gan.json'), p.files.experiment],
      [join(p.root, 'workspace-link', 'ring.gan.json'), p.files.experiment],
      [p.files.inRun, p.files.inRun],
      ['experiment.json', p.files.inRun],
      ['./experiment.json', p.files.inRun],
      ['../../../workspace/ring.gan.json', p.files.experiment],
    ];
    for (const [named, opened] of cases) assert.equal(kindOf(await experimentOpening(named, p.at)), `open ${opened}`, named);
    // A workspace opened through a link holds the same files.
    const viaLink = { runDir: p.run, workspaceFolders: [join(p.root, 'workspace-link')] };
    assert.equal(kindOf(await experimentOpening(p.files.experiment, viaLink)), `open ${p.files.experiment}`);
  });

  it('asks before opening a file anywhere else: outside paths, `..` out of a folder, links out of it, a folder’s name as a prefix', async () => {
    const p = places();
    const cases: [string, string][] = [
      [p.files.passwd, p.files.passwd],
      [join(p.workspace, '..', 'secrets', 'passwd'), p.files.passwd],
      [join(p.workspace, 'sub', '..', '..', 'secrets', 'passwd'), p.files.passwd],
      [join(p.run, '..', '..', '..', 'secrets', 'passwd'), p.files.passwd],
      ['../../../secrets/passwd', p.files.passwd],
      [join(p.workspace, 'link.gan.json'), p.files.passwd],
      [join(p.workspace, 'linked-dir', 'passwd'), p.files.passwd],
      [p.files.evil, p.files.evil],
      ['/etc/passwd', realpathSync('/etc/passwd')],
    ];
    for (const [named, asked] of cases) {
      const opening = await experimentOpening(named, p.at);
      assert.equal(kindOf(opening), `ask ${asked}`, named);
    }
    const link = await experimentOpening(join(p.workspace, 'link.gan.json'), p.at);
    assert.deepEqual(link, { kind: 'ask', path: p.files.passwd, named: join(p.workspace, 'link.gan.json') });
    // No workspace folder: only the run's own folder opens at once.
    assert.equal((await experimentOpening(p.files.experiment, { runDir: p.run, workspaceFolders: [] })).kind, 'ask');
    assert.equal((await experimentOpening(p.files.inRun, { runDir: p.run, workspaceFolders: [] })).kind, 'open');
  });

  it('opens nothing, and says why, for a path that does not exist, is not a file, or is no file path', async () => {
    const p = places();
    const cases: [string, RegExp][] = [
      [join(p.workspace, 'gone.gan.json'), /^The experiment file this run names does not exist: .*workspace\/gone\.gan\.json$/],
      [join(p.outside, 'gone.gan.json'), /does not exist: .*secrets\/gone\.gan\.json$/],
      [join(p.files.experiment, 'inside-a-file.json'), /does not exist/],
      ['no-such.gan.json', /does not exist: .*20260101-000000-1\/no-such\.gan\.json$/],
      [p.workspace, /is not a file: .*workspace$/],
      [join(p.workspace, 'sub', '..'), /is not a file/],
      ['/dev/null', /is not a file: \/dev\/null$/],
      ['', /does not name its experiment file/],
      ['   ', /does not name its experiment file/],
      [`file://${p.files.experiment}`, /a URI rather than a file path: only a file is opened/],
      ['https://example.com/ring.gan.json', /a URI rather than a file path/],
      ['vscode-remote://ssh-remote+host/etc/passwd', /a URI rather than a file path/],
      ['command:workbench.action.terminal.new', /a URI rather than a file path/],
      [`${p.files.experiment}\n`, /is not a file path/],
      [`${p.files.experiment}\u0000.png`, /is not a file path/],
    ];
    for (const [named, why] of cases) {
      const opening = await experimentOpening(named, p.at);
      assert.equal(opening.kind, 'refuse', JSON.stringify(named));
      assert.match((opening as { message: string }).message, why, JSON.stringify(named));
    }
    assert.match(
      kindOf(await experimentOpening('ring.gan.json', { workspaceFolders: [p.workspace] })),
      /refuse: .*a relative path, and has no folder to resolve it in/,
    );
  });

  it('the dashboard’s action: opens inside at once; asks with the full path elsewhere (Open / Cancel); says when the file is missing', async () => {
    const p = places();
    const host = hostDeps(workspaceFixture());
    ui.folder = p.workspace;
    const actions = createRunActions(host.deps);
    const view = (experimentFile: string) =>
      ({ runDir: p.run, view: () => ({ runDir: p.run, runId: 'r1', experimentName: 'ring', experimentFile }) }) as unknown as ViewFeed;
    const opened = () => ui.called('window.showTextDocument').map((c) => (c.args[0] as Uri).fsPath);
    const warnings = () => ui.called('window.showWarningMessage').map((c) => c.args);

    await actions.act(view(p.files.experiment), 'openExperiment');
    assert.deepEqual(opened(), [p.files.experiment]);
    assert.deepEqual(warnings(), []);

    // Cancelled (the modal's Cancel, or closed): nothing opens.
    ui.reset();
    ui.folder = p.workspace;
    await actions.act(view(join(p.workspace, 'link.gan.json')), 'openExperiment');
    assert.deepEqual(opened(), []);
    const [asked] = warnings();
    assert.equal(asked?.[0], `Open ${p.files.passwd}?`);
    const options = asked?.[1] as { modal: boolean; detail: string };
    assert.equal(options.modal, true);
    assert.match(options.detail, new RegExp(`it names ${join(p.workspace, 'link.gan.json').replace(/[.+]/g, '\\$&')}, which leads there`));
    assert.match(options.detail, /outside this workspace's folders and the run's folder/);
    assert.equal(asked?.[2], OPEN_OUTSIDE);

    // Open: the file checked (the link's target) opens.
    ui.reset();
    ui.folder = p.workspace;
    ui.answer = (api) => (api === 'window.showWarningMessage' ? OPEN_OUTSIDE : undefined);
    await actions.act(view(p.files.passwd), 'openExperiment');
    assert.deepEqual(opened(), [p.files.passwd]);

    // Missing: a warning that says so, no modal, nothing opened.
    ui.reset();
    ui.folder = p.workspace;
    await actions.act(view(join(p.workspace, 'gone.gan.json')), 'openExperiment');
    assert.deepEqual(opened(), []);
    assert.deepEqual(warnings(), [[`The experiment file this run names does not exist: ${join(p.workspace, 'gone.gan.json')}`]]);
  });
});
