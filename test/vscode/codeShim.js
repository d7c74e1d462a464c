#!/usr/bin/env node
// Stands in for the VS Code executable that @vscode/test-electron's runTests() launches
// (`vscodeExecutablePath`): it takes the same command line — a workspace folder,
// `--extensionDevelopmentPath=`, `--extensionTestsPath=`, `--user-data-dir=`, `--extensions-dir=`
// and flags it ignores (`--no-sandbox`, `--disable-updates`, ...) — and runs the suite in
// code-server + chromium (runInHost.ts), exiting with the suite's exit code. A runner failure
// (timeout, server or browser death) exits 1, printing the reason, and writes it to the file named
// by GAN_WORKBENCH_TEST_HOST_ERROR when that is set.
'use strict';
const { writeFileSync } = require('node:fs');

function parse(argv) {
  const options = { extensionDevelopmentPath: [], ignored: [] };
  const valued = {
    '--extensionDevelopmentPath': (v) => options.extensionDevelopmentPath.push(v),
    '--extensionTestsPath': (v) => (options.extensionTestsPath = v),
    '--user-data-dir': (v) => (options.userDataDir = v),
    '--extensions-dir': (v) => (options.extensionsDir = v),
    '--folder-uri': (v) => (options.workspace = v.replace(/^file:\/\//, '')),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (name in valued) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new Error(`${name} needs a value`);
      valued[name](value);
    } else if (arg.startsWith('-')) {
      options.ignored.push(arg);
    } else if (options.workspace === undefined) {
      options.workspace = arg;
    } else {
      throw new Error(`unexpected argument ${arg} (only one workspace folder is supported)`);
    }
  }
  return options;
}

function fail(message) {
  process.stderr.write(`[codeShim] ${message}\n`);
  if (process.env.GAN_WORKBENCH_TEST_HOST_ERROR) {
    try {
      writeFileSync(process.env.GAN_WORKBENCH_TEST_HOST_ERROR, message + '\n');
    } catch {
      // the message is on stderr already
    }
  }
  process.exit(1);
}

async function main() {
  const options = parse(process.argv.slice(2));
  if (options.extensionDevelopmentPath.length !== 1) {
    throw new Error(`exactly one --extensionDevelopmentPath= is supported (got ${options.extensionDevelopmentPath.length})`);
  }
  if (!options.extensionTestsPath) throw new Error('--extensionTestsPath= is required');
  // Ending on a signal still ends code-server's process group (its exit hook) and the browser.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => fail(`stopped by ${signal}`));

  require('tsx/cjs/api').register();
  const { requireChromium, requireCodeServer } = require('../../scripts/requirements.ts');
  const { runInHost } = require('./runInHost.ts');
  requireCodeServer();
  requireChromium();
  const code = await runInHost({
    extensionDevelopmentPath: options.extensionDevelopmentPath[0],
    extensionTestsPath: options.extensionTestsPath,
    ...(options.workspace ? { workspace: options.workspace } : {}),
    ...(options.userDataDir ? { userDataDir: options.userDataDir } : {}),
    ...(options.extensionsDir ? { extensionsDir: options.extensionsDir } : {}),
  });
  process.exit(code);
}

main().catch((e) => fail(e instanceof Error ? e.message : String(e)));
