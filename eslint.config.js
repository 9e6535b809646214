// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** Folders each src/ folder must not import (design.md §1: ui → state → workers → search/sim/trace). */
const forbidden = {
  search: ['sim', 'trace', 'backends', 'workers', 'viz', 'state', 'ui', 'cli'],
  sim: ['trace', 'backends', 'workers', 'viz', 'state', 'ui', 'cli'],
  trace: ['backends', 'workers', 'viz', 'state', 'ui', 'cli'],
  backends: ['workers', 'viz', 'state', 'ui', 'cli'],
  workers: ['viz', 'state', 'ui', 'cli'],
  viz: ['backends', 'workers', 'state', 'ui', 'cli'],
  state: ['ui', 'cli'],
  ui: ['cli'],
  cli: ['workers', 'viz', 'state', 'ui'],
};
const pure = ['search', 'sim', 'trace'];
/** Not pure (they do I/O) but run in browser workers and Node alike, and draw only seeded random numbers. */
const portable = ['backends'];

const importRules = Object.entries(forbidden).map(([folder, banned]) => ({
  files: [`src/${folder}/**/*.{ts,tsx}`],
  ignores: ['src/**/*.test.{ts,tsx}'],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [
        { group: banned.flatMap((b) => [`../${b}`, `../${b}/*`, `../../${b}/*`]), message: `src/${folder} must not import ${banned.join(', ')} (design.md §1).` },
        ...(pure.includes(folder)
          ? [{ group: ['react', 'react-dom', 'comlink', 'd3-selection', 'd3-zoom', 'd3', 'zustand', '@tanstack/*', 'node:*'], message: 'Pure code: no DOM, React, comlink or Node modules.' }]
          : []),
        ...(portable.includes(folder)
          ? [{ group: ['node:*', 'react', 'react-dom'], message: 'src/backends runs in browser workers and Node: no Node modules, no React.' }]
          : []),
      ],
    }],
    ...([...pure, ...portable].includes(folder)
      ? { 'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Use the seeded rng (src/search/rng.ts).' }] }
      : {}),
  },
}));

export default tseslint.config(
  { ignores: ['dist', 'dist-*', 'node_modules', '.ci/out', 'test-results', 'playwright-report', 'fixtures', '*.tmp.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node }, ecmaVersion: 2023 },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/**/*.tsx', 'src/ui/**/*.ts', 'src/state/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  ...importRules,
);
