// Bundles the integration suite for the VS Code extension host: test/integration/index.ts and every
// test/integration/**/*.test.ts become out/integration/**.js (node, cjs). `vscode` is the host's
// module; mocha stays external and resolves from the repository's node_modules at run time, since
// the suite runs from out/integration/ inside this checkout.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const srcDir = join(root, 'test', 'integration');
const outDir = join(root, 'out', 'integration');

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (name === 'workspace') continue; // the folder the tests open, not code
    if (statSync(full).isDirectory()) out.push(...findTests(full));
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

export async function buildIntegrationTests() {
  const entryPoints = [join(srcDir, 'index.ts'), ...findTests(srcDir)];
  rmSync(outDir, { recursive: true, force: true }); // no stale tests from deleted files
  await esbuild.build({
    entryPoints,
    outbase: srcDir,
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
    external: ['vscode', 'mocha'],
    // jsonc-parser's "main" is a UMD build that esbuild cannot follow (as in esbuild.mjs).
    mainFields: ['module', 'main'],
  });
  return { outDir, index: join(outDir, 'index.js'), tests: entryPoints.length - 1 };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { index, tests } = await buildIntegrationTests();
  console.log(`built ${index} with ${tests} test file(s)`);
}
