// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

/** Ways to start a process, which only the launcher (src/extension/trainingRuns/processLauncher.ts) imports. */
const NO_PROCESS_STARTERS = ['child_process', 'node:child_process', 'worker_threads', 'node:worker_threads'].map((name) => ({
  name,
  message: 'Start processes through the launcher (src/extension/trainingRuns/processLauncher.ts).',
  allowTypeImports: true,
}));

const NO_VSCODE = {
  name: 'vscode',
  message: 'This module runs without VS Code (see PURE_HOST_MODULES in eslint.config.mjs); hand it what it needs.',
  allowTypeImports: true,
};

/** The host's modules that run without VS Code and are unit-tested as they are, besides src/shared, src/training and webview/. */
const PURE_HOST_MODULES = [
  'src/extension/feeds/**/*.ts',
  'src/extension/nativeBackend/**/*.ts',
  'src/extension/backendCheck/checkLines.ts',
  'src/extension/backendCheck/checkProcess.ts',
  'src/extension/backendCheck/checkReport.ts',
  'src/extension/commands/experimentPath.ts',
  'src/extension/editor/dashboardEdit.ts',
  'src/extension/editor/experimentChecks.ts',
  'src/extension/editor/experimentFileState.ts',
  'src/extension/trainingRuns/boundedPng.ts',
  'src/extension/trainingRuns/catalogRun.ts',
  'src/extension/trainingRuns/cliProcess.ts',
  'src/extension/trainingRuns/diskRuns.ts',
  'src/extension/trainingRuns/exportProcess.ts',
  'src/extension/trainingRuns/launchPlan.ts',
  'src/extension/trainingRuns/runReader.ts',
  'src/extension/trainingRuns/runSnapshot.ts',
  'src/extension/trainingRuns/sampleGrids.ts',
  'src/extension/trainingRuns/samplingEvent.ts',
  'src/extension/trainingRuns/samplingProcess.ts',
  'src/extension/trainingRuns/samplingResults.ts',
  'src/extension/views/statusText.ts',
  'src/extension/sweeps/ganSweepProcess.ts',
  'src/extension/sweeps/sweepEngine.ts',
  'src/extension/sweeps/sweepFolderReader.ts',
  'src/extension/sweeps/sweepText.ts',
  'src/extension/webviews/pageHtml.ts',
  'src/extension/webviews/webviewMessages.ts',
];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.code-server/**', 'runs/**', 'examples/runs/**', 'test/**/runs/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // No import cycles in the extension, the trainer, the shared code and the webview: each import
    // graph reads in one direction. The rule follows imports of values and skips `import type`
    // (erased when compiled, so it cannot change the order modules load in); when it was added there
    // were no type-only cycles either.
    files: ['src/**/*.ts', 'webview/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  // Where the host may import what. Later blocks replace this rule's options for the files they match.
  {
    // The extension starts processes in one place, the launcher (which checks workspace trust
    // there); nothing else in the host may import a way to start one. Types are fine.
    files: ['src/extension/**/*.ts'],
    ignores: ['src/extension/trainingRuns/processLauncher.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', ...NO_PROCESS_STARTERS] },
  },
  {
    // Modules without `vscode`, tested in-process as they are (unit tests that need `vscode` get a
    // stand-in, test/helpers/fakeVscode.ts, so a missing module no longer gives a stray import away).
    files: PURE_HOST_MODULES,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', NO_VSCODE, ...NO_PROCESS_STARTERS] },
  },
  {
    files: [
      'src/extension/trainingRuns/processLauncher.ts',
      'src/shared/**/*.ts',
      'src/training/**/*.ts',
      'src/tools/**/*.ts',
      'webview/**/*.ts',
    ],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', NO_VSCODE] },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: {
      globals: {
        URL: 'readonly',
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        __dirname: 'readonly',
        module: 'readonly',
      },
    },
  },
);
