// Lint with the layering rules: shared/ is pure, renderer/ is browser-only, only main/ touches node and electron.
import tseslint from 'typescript-eslint';
import popline from './scripts/lint-layer-imports.js';

import { builtinModules } from 'node:module';

// Bare builtin names go in `paths` (exact match) so a relative './events' is not mistaken for one.
const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_'));

const noImports = (names, patterns, why) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: names.map((name) => ({ name, message: why })),
      patterns: patterns.map((group) => ({ group: [group], message: why })),
    },
  ],
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'app/dist/**',
      'test-results/**',
      'playwright-report/**',
      '.tmp/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    plugins: { popline },
    rules: {
      'popline/layer-imports': [
        'error',
        {
          forbid: [
            {
              from: ['shared'],
              to: ['main', 'renderer'],
              message: 'shared/ is the contract both sides import; it imports neither.',
            },
            {
              from: ['renderer'],
              to: ['main'],
              message: 'renderer/ reaches main only through the shared contract.',
            },
            {
              from: ['main/pop3'],
              to: ['main/store', 'main/sync'],
              message: 'main/pop3 speaks POP3 only: it knows nothing of the store or the sync.',
            },
            {
              from: ['main/services'],
              to: ['main/ipc'],
              message: 'main/services is below main/ipc: the handlers call services, never back.',
            },
            {
              from: ['main/electron'],
              to: ['main/bridge'],
              message:
                'the app does not stand on its development bridge; share code from a module both use.',
            },
          ],
          // Each main/<module> (and renderer/api) is entered through its index.ts.
          doors: ['main/*', 'renderer/api'],
          // Tests, test support, the test servers and the tools may reach inner files.
          exempt: [
            '\\.test\\.tsx?$',
            '-test-support\\.ts$',
            '^main/testing/',
            '^(e2e|bench|scripts)/',
            '^[^/]+$',
          ],
        },
      ],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['shared/**/*.{ts,tsx}'],
    rules: {
      ...noImports(
        [...nodeBuiltins, 'electron', 'react', 'react-dom', 'better-sqlite3'],
        ['node:*', 'electron/*', 'react/*', 'react-dom/*'],
        'shared/ is the contract: no electron, node or react.',
      ),
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: noImports(
      [...nodeBuiltins, 'electron', 'better-sqlite3'],
      ['node:*', 'electron/*'],
      'renderer/ is browser-only: talk to main through the shared contract.',
    ),
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**', 'main/preload/**'],
    rules: noImports(
      ['electron', 'react', 'react-dom'],
      ['electron/*', 'react/*', 'react-dom/*'],
      'only main/electron/ and main/preload/ may import electron; the rest of main/ runs under plain Node.',
    ),
  },
);
