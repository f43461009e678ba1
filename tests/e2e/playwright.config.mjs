import { defineConfig } from '@playwright/test';

// Every spec is written against driver.mjs and runs in both browsers.

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.mjs/,
  workers: 1, // one browser at a time on a 2-core machine; tests share the virtual tokens
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: process.env.TOKENBRIDGE_E2E_OUT ?? '/tmp/tokenbridge-e2e-results',
  projects: [
    { name: 'chromium', use: { tbBrowser: 'chromium' } },
    { name: 'firefox', use: { tbBrowser: 'firefox' } },
  ],
});
