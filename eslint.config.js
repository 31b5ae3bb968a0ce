// Lint with the layering rules: shared/ is pure, renderer/ is browser-only, only main/ touches node and electron.
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'net',
  'tls',
  'crypto',
  'child_process',
  'http',
  'https',
  'stream',
  'events',
  'url',
  'util',
  'buffer',
  'zlib',
  'worker_threads',
];

const noImports = (patterns, why) => ({
  'no-restricted-imports': [
    'error',
    { patterns: patterns.map((group) => ({ group: [group], message: why })) },
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
        [
          ...nodeBuiltins,
          'electron',
          'electron/*',
          'react',
          'react-dom',
          'react/*',
          'react-dom/*',
          'better-sqlite3',
        ],
        'shared/ is the contract: no electron, node or react.',
      ),
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: noImports(
      [...nodeBuiltins, 'electron', 'electron/*', 'better-sqlite3'],
      'renderer/ is browser-only: talk to main through the shared contract.',
    ),
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**', 'main/preload/**'],
    rules: noImports(
      ['electron', 'electron/*', 'react', 'react-dom'],
      'only main/electron/ and main/preload/ may import electron; the rest of main/ runs under plain Node.',
    ),
  },
);
