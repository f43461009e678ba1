import { defineConfig } from '@playwright/test';

// The specs written against driver.mjs run in both browsers; chromium.spec.mjs needs
// Playwright's own Chromium API (CDP-only details, launch flags) and runs there only.
const BOTH = /(consent|keys|faults|windows|objects)\.spec\.mjs/;

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
    { name: 'firefox', use: { tbBrowser: 'firefox' }, testMatch: BOTH },
  ],
});
