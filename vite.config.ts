import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

/**
 * The built app's Content-Security-Policy (docs/decisions.md "Content-Security-Policy"): scripts and
 * workers only from the app's own origin, no inline script, no plugins (`object-src 'none'`), no
 * framing. `connect-src` stays open to any http(s)/ws(s) origin, because the model and reward
 * servers are whatever a person types into Backends; `style-src` allows inline styles, which
 * KaTeX's markup and React's style props need. A meta tag, so it holds on any static host; the
 * dev server (inline HMR preamble) goes without.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' http: https: ws: wss:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

const contentSecurityPolicy = (): Plugin => ({
  name: 'frontier-csp',
  apply: 'build',
  transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
});

export default defineConfig({
  // Relative asset paths so the built app works from any static host or a local folder.
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'bench/**/*.test.ts'],
    environment: 'node',
    reporters: process.env.CI_JSON ? ['default', ['json', { outputFile: '.ci/out/vitest.json' }]] : ['default'],
  },
});
