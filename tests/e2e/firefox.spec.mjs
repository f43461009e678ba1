// Firefox ESR: puppeteer-core over WebDriver BiDi (Playwright's Firefox needs its own build),
// run by the Playwright test runner. One round trip: page -> extension -> host -> page.
import { test, expect } from '@playwright/test';
import puppeteer from 'puppeteer-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDemoServer } from '../../demo/server.mjs';
import { EXTENSION_DIR, FIREFOX_BIN, GECKO_ID, HOST_NAME, writeHostWrapper } from './env.mjs';

test('firefox: the page reaches the host through the extension', async () => {
  // Firefox looks for host manifests under $HOME/.mozilla (not in the profile).
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-e2e-firefox-'));
  const { wrapper } = writeHostWrapper(home);
  const hosts = path.join(home, '.mozilla', 'native-messaging-hosts');
  fs.mkdirSync(hosts, { recursive: true });
  fs.writeFileSync(path.join(hosts, `${HOST_NAME}.json`), JSON.stringify({
    name: HOST_NAME, description: 'tokenbridge host (e2e)', path: wrapper, type: 'stdio', allowed_extensions: [GECKO_ID],
  }));
  const demo = await startDemoServer({ port: 0 });
  const browser = await puppeteer.launch({
    browser: 'firefox', executablePath: FIREFOX_BIN, headless: true, env: { ...process.env, HOME: home },
  });
  try {
    expect(await browser.installExtension(EXTENSION_DIR)).toBe(GECKO_ID);
    const page = await browser.newPage();
    await page.goto(`${demo.url}sign.html`);
    const status = await page.evaluate(() => import('/tokenbridge.js').then((tb) => tb.isAvailable()));
    expect(status).toMatchObject({ available: true, extension: true, reason: null });
    expect(status.host.commands).toContain('listDevices');
    const version = await page.evaluate(() => import('/tokenbridge.js').then((tb) => tb.version()));
    expect(version.protocolVersion).toBe(status.host.protocolVersion);
    expect(version.extensionVersion).toBe(JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR, 'manifest.json'))).version);
  } finally {
    await browser.close();
    await demo.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
});
