import { defineConfig } from '@playwright/test';

// Every spec is written against driver.mjs and runs in both browsers.

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.mjs/,
  workers: 1, // one browser at a time on a 2-core machine; tests share the virtual tokens
  timeout: 60_000,
  // scripts/test.sh (CI: 2 cores, every suite in one run) allows one retry: a test that fails and
  // then passes is reported as flaky (test.sh names them) instead of failing the run; a test that
  // fails twice fails it. A run of scripts/e2e.sh alone retries nothing.
  retries: Number(process.env.TOKENBRIDGE_E2E_RETRIES ?? 0),
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: process.env.TOKENBRIDGE_E2E_OUT ?? '/tmp/tokenbridge-e2e-results',
  projects: [
    { name: 'chromium', use: { tbBrowser: 'chromium' } },
    { name: 'firefox', use: { tbBrowser: 'firefox' } },
  ],
});
