import { defineConfig } from '@playwright/test';

// E2E_PORT / E2E_DIST let a second checkout or engineer run the flows on the same machine without
// sharing the preview server (defaults: 4317, dist/). E2E_SIM_PORT does the same for serve-sim,
// the live backend of e2e/live.spec.ts (default 4318; e2e/fixtures.ts `simUrl` reads it too).
const port = Number(process.env.E2E_PORT ?? 4317);
const dist = process.env.E2E_DIST ?? 'dist';
const simPort = Number(process.env.E2E_SIM_PORT ?? 4318);

export default defineConfig({
  testDir: 'e2e',
  workers: 1,
  retries: 0,
  timeout: 30_000,
  outputDir: process.env.E2E_OUT ?? '.ci/out/test-results',
  reporter: [['list'], ['json', { outputFile: process.env.E2E_JSON ?? '.ci/out/playwright.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
  },
  webServer: [
    {
      command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort --outDir ${dist}`,
      url: `http://127.0.0.1:${port}`,
      reuseExistingServer: !process.env.CI,
      timeout: 30_000,
    },
    {
      // A localhost vLLM-compatible server backed by the sim (docs/serve-sim.md); it sends CORS headers.
      command: `npm run serve-sim -- --port ${simPort} --latency 5`,
      url: `http://127.0.0.1:${simPort}/health`,
      reuseExistingServer: !process.env.CI,
      timeout: 30_000,
    },
  ],
});
