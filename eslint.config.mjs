// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

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
  {
    // The extension starts processes in one place, the launcher (which checks workspace trust
    // there); nothing else in the host may import a way to start one. Types are fine.
    files: ['src/extension/**/*.ts'],
    ignores: ['src/extension/trainingRuns/processLauncher.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        ...['child_process', 'node:child_process', 'worker_threads', 'node:worker_threads'].map((name) => ({
          name,
          message: 'Start processes through the launcher (src/extension/trainingRuns/processLauncher.ts).',
          allowTypeImports: true,
        })),
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
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
