// Playwright fixtures. `session`: the browser of the Playwright project (chromium / firefox)
// behind the driver of driver.mjs (every spec runs in both). answerConsent and
// waitForExtensionPage below take a Playwright Chromium context (bench/browser).
import { test as base } from '@playwright/test';
import { startDemoServer } from '../../demo/server.mjs';
import { launchBrowser, launchChromium, callApi, deviceIdOf } from './driver.mjs';

// callApi and deviceIdOf need only page.evaluate: Playwright pages and driver pages alike.
export { launchChromium, callApi, deviceIdOf };

export const test = base.extend({
  demo: async ({}, use) => {
    const server = await startDemoServer({ port: 0 });
    await use(server);
    await server.close();
  },
  tbBrowser: ['chromium', { option: true }],
  session: async ({ tbBrowser }, use) => {
    const session = await launchBrowser(tbBrowser);
    await use(session);
    await session.close();
  },
});
export const expect = test.expect;

// The extension's trusted consent window: waits for it (it is a separate popup window, an
// extension page), reads the origin it shows and clicks a button like a user would.
// `enumerate`: tick "also let it see all your certificates" before allowing (the demo lists them).
export async function answerConsent(context, button, { timeout = 15_000, enumerate = true } = {}) {
  const popup = await waitForExtensionPage(context, '/ui/consent.html', timeout);
  // The element is in the HTML; its text comes from the window's script a moment later.
  await popup.waitForFunction(() => document.querySelector('#origin')?.textContent.trim(), null, {
    timeout,
  });
  const origin = await popup.locator('#origin').textContent();
  if (button === 'close') {
    await popup.close();
  } else {
    if (button === 'allow') await popup.locator('#enumerate').setChecked(enumerate);
    // Waits until the delayed buttons are enabled; the window closes itself on the answer,
    // which may happen before Playwright's click returns.
    await popup.locator(`#${button}`).click().catch((e) => {
      if (!popup.isClosed()) throw e;
    });
  }
  return origin;
}

export async function waitForExtensionPage(context, pathPart, timeout) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const page = context.pages().find((p) => p.url().startsWith('chrome-extension://') && p.url().includes(pathPart));
    if (page) return page;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no extension window ${pathPart} within ${timeout} ms`);
}
