/**
 * Workspace trust. The launcher refuses to start anything untrusted (test/unit/processLauncher.test.ts
 * checks that behaviour); this static check, kept honest by failing on anything new, covers the
 * wiring around it: package.json declares limited support with a reason and restricts the settings
 * that choose a program or a folder to write; the only source that starts a process is the launcher,
 * built once with the workspace's trust; and each command that starts a process asks for trust
 * first (ensureTrusted's modal offers to manage it) before it launches anything.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');
const src = (path: string) => readFileSync(join(root, 'src', 'extension', path), 'utf8');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

/** The body of `export async function name(` up to the next top-level `}`. */
function functionBody(text: string, name: string): string {
  const start = text.search(new RegExp(`export (?:async )?function ${name}\\(`));
  assert.ok(start >= 0, `function ${name} exists`);
  const end = text.indexOf('\n}\n', start);
  return text.slice(start, end);
}

/** Index of the first match of `pattern` in `text` (asserting there is one). */
function at(text: string, pattern: RegExp, what: string): number {
  const i = text.search(pattern);
  assert.ok(i >= 0, `${what} not found`);
  return i;
}

describe('workspace trust', () => {
  it('is declared in package.json: limited support with a description, process settings restricted', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      capabilities?: { untrustedWorkspaces?: { supported?: unknown; description?: unknown; restrictedConfigurations?: unknown } };
    };
    const declared = pkg.capabilities?.untrustedWorkspaces;
    assert.equal(declared?.supported, 'limited');
    assert.equal(typeof declared?.description, 'string');
    assert.match(declared!.description as string, /trusted workspace/);
    assert.deepEqual([...(declared!.restrictedConfigurations as string[])].sort(), [
      'ganWorkbench.runsDirectory',
      'ganWorkbench.trainerNodePath',
    ]);
  });

  it('starts processes only from the one launcher, which reads the workspace’s trust', () => {
    const spawning = sourceFiles(join(root, 'src', 'extension'))
      .filter((f) => {
        const text = readFileSync(f, 'utf8');
        // A call of a child_process function, or any value imported from the module (a type import is fine).
        const calls = /\b(?:fork|spawn|spawnSync|exec|execSync|execFile|execFileSync)\s*\(/.test(text.replace(/\.exec\(/g, ''));
        return calls || /^import (?!type )[^;]*from 'node:child_process';/m.test(text) || /require\('(?:node:)?child_process'\)/.test(text);
      })
      .map((f) => relative(join(root, 'src', 'extension'), f))
      .sort();
    assert.deepEqual(spawning, ['trainingRuns/processLauncher.ts']);
    const constructed = sourceFiles(join(root, 'src', 'extension')).filter((f) => /new ProcessLauncher\(/.test(readFileSync(f, 'utf8')));
    assert.deepEqual(
      constructed.map((f) => relative(join(root, 'src', 'extension'), f)),
      ['workbench.ts'],
    );
    assert.match(src('workbench.ts'), /new ProcessLauncher\(\{[^]*?isTrusted: \(\) => vscode\.workspace\.isTrusted,/);
    for (const f of sourceFiles(join(root, 'src', 'extension')))
      assert.doesNotMatch(readFileSync(f, 'utf8'), /worker_threads|new Worker\(/, f);
  });

  it('reaches each launcher only through a command that calls ensureTrusted first', () => {
    const files = sourceFiles(join(root, 'src', 'extension')).map((f) => ({
      f: relative(join(root, 'src', 'extension'), f),
      text: readFileSync(f, 'utf8'),
    }));
    const callers = (pattern: RegExp) =>
      files
        .filter((x) => pattern.test(x.text))
        .map((x) => x.f)
        .sort();
    // The trainer is launched by the RunManager, whose start() is called only by the training commands.
    assert.deepEqual(callers(/launcher\.launch\(/), ['trainingRuns/cliProcess.ts', 'trainingRuns/runManager.ts']);
    assert.deepEqual(callers(/new LiveRun\(/), ['trainingRuns/runManager.ts']);
    assert.deepEqual(callers(/manager\.start\(/), ['commands/trainingCommands.ts']);
    assert.deepEqual(callers(/runCliTool\(/), [
      'trainingRuns/cliProcess.ts',
      'trainingRuns/exportProcess.ts',
      'trainingRuns/samplingProcess.ts',
    ]);
    assert.deepEqual(callers(/runSampling\(/), ['commands/sampleWithMcmc.ts', 'trainingRuns/samplingProcess.ts']);
    assert.deepEqual(callers(/runGeneratorExport\(/), ['commands/runCommands.ts', 'trainingRuns/exportProcess.ts']);

    const training = src('commands/trainingCommands.ts');
    for (const name of ['startTraining', 'resumeFromCheckpoint']) {
      const body = functionBody(training, name);
      assert.ok(at(body, /await ensureTrusted\('train'\)/, `${name} gate`) < at(body, /manager\.start\(/, `${name} start`), name);
    }
    assert.equal((training.match(/manager\.start\(/g) ?? []).length, 2, 'manager.start only in those two');
    assert.match(functionBody(training, 'restartWithChanges'), /await startTraining\(workbench, /, 'a restart goes through startTraining');

    const sampling = functionBody(src('commands/sampleWithMcmc.ts'), 'sampleWithMcmc');
    assert.ok(at(sampling, /await ensureTrusted\('sample'\)/, 'sampling gate') < at(sampling, /runSampling\(/, 'sampling launch'));

    const exporting = functionBody(src('commands/runCommands.ts'), 'exportGeneratorOf');
    assert.ok(at(exporting, /await ensureTrusted\('export'\)/, 'export gate') < at(exporting, /runGeneratorExport\(/, 'export launch'));

    const gate = src('commands/workspaceTrust.ts');
    assert.match(gate, /if \(vscode\.workspace\.isTrusted\) return true;[\s\S]*return false;\n\}/);
  });

  it('every command that can start a process is registered to a gated function', () => {
    const registrations = src('commands/registerCommands.ts');
    const gated: Record<string, string> = {
      startTraining: 'startTraining',
      resumeFromCheckpoint: 'resumeFromCheckpoint',
      restartWithChanges: 'restartWithChanges',
      sampleWithMcmc: 'sampleWithMcmc',
      exportGenerator: 'exportGeneratorOf',
    };
    for (const [command, fn] of Object.entries(gated))
      assert.match(registrations, new RegExp(`\\[COMMANDS\\.${command}\\]: \\([^)]*\\) => ${fn}\\(workbench`), command);
    // The dashboard's "Sample with MCMC" button goes through the same gated function.
    assert.match(
      src('webviews/runActions.ts'),
      /case 'sampleWithMcmc':\s*if \(source\.runDir\) await sampleWithMcmc\(workbench, source\.runDir\);/,
    );
  });
});
