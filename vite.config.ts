import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  // Relative asset paths so the built app works from any static host or a local folder.
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'bench/**/*.test.ts'],
    environment: 'node',
    reporters: process.env.CI_JSON ? ['default', ['json', { outputFile: '.ci/out/vitest.json' }]] : ['default'],
  },
});
