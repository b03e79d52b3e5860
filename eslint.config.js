import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * The thread rules, checked: `src/` (the page) and `workers/` (worker threads) meet only in
 * `src/shared`, which each side imports by its one name, `@shared/...`.
 */
const SHARED_BY_ALIAS = {
  group: ['**/src/shared/**', '../shared/**', '../../shared/**'],
  message: 'Import src/shared through its alias: @shared/...',
};
const NO_WORKERS = {
  group: ['**/workers/**'],
  message:
    'The page reaches workers only through src/bridge (new Worker + comlink), never by import.',
};
const NO_PAGE = {
  group: ['**/src/**', '!**/src/shared/**'],
  message: 'Workers may import only @shared/... of the page code.',
};
const NO_THREAD_CODE = {
  group: [
    '**/app/**',
    '**/common/**',
    '**/features/**',
    '**/benchmark/**',
    '**/i18n/**',
    '**/bridge/**',
    '**/workers/**',
  ],
  message: 'src/shared is loaded by both threads: it may import only itself.',
};
const restrict = (...patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
});

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', '.bench-tmp', 'docs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.json', './tsconfig.app.json', './workers/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // A promise nobody awaits loses its error: handle it (`.catch(report)`) or await it.
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }],
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { attributes: false } },
      ],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules, ...restrict(SHARED_BY_ALIAS, NO_WORKERS) },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: restrict(NO_THREAD_CODE),
  },
  {
    files: ['workers/**/*.ts'],
    languageOptions: { globals: globals.worker },
    rules: restrict(SHARED_BY_ALIAS, NO_PAGE),
  },
  {
    files: ['tests/**/*.ts', 'scripts/**/*.ts', '*.config.{ts,js}'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['tests/**/*.ts', 'scripts/**/*.ts'],
    rules: restrict(SHARED_BY_ALIAS),
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
);
