// Playwright fixtures: a fresh Chromium profile per test with the unpacked extension and a
// per-profile native host manifest pointing (through a pid-recording wrapper) at the real host.
import { test as base, chromium } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDemoServer } from '../../demo/server.mjs';
import { CHROMIUM_BIN, EXTENSION_DIR, EXTENSION_ID, HOST_NAME, writeHostWrapper, hostPids } from './env.mjs';

export async function launchChromium({ withExtension = true, withHost = true, lang = 'en-US', extraArgs = [] } = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-e2e-chromium-'));
  const { wrapper, pids } = writeHostWrapper(profile);
  if (withHost) {
    fs.mkdirSync(path.join(profile, 'NativeMessagingHosts'));
    fs.writeFileSync(path.join(profile, 'NativeMessagingHosts', `${HOST_NAME}.json`), JSON.stringify({
      name: HOST_NAME,
      description: 'tokenbridge host (e2e)',
      path: wrapper,
      type: 'stdio',
      allowed_origins: [`chrome-extension://${EXTENSION_ID}/`],
    }));
  }
  const args = withExtension ? [`--disable-extensions-except=${EXTENSION_DIR}`, `--load-extension=${EXTENSION_DIR}`] : [];
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_BIN,
    headless: true,
    args: [...args, `--lang=${lang}`, ...extraArgs],
    locale: lang,
    // On Linux the UI language (and so the extension's _locales choice) follows LANGUAGE.
    env: { ...process.env, LANGUAGE: lang.replace('-', '_') },
  });
  return {
    context,
    hostPids: () => hostPids(pids),
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

export const test = base.extend({
  demo: async ({}, use) => {
    const server = await startDemoServer({ port: 0 });
    await use(server);
    await server.close();
  },
  browserSession: async ({}, use) => {
    const session = await launchChromium();
    await use(session);
    await session.close();
  },
  context: async ({ browserSession }, use) => use(browserSession.context),
  extensionId: async ({ context }, use) => {
    let [worker] = context.serviceWorkers();
    if (!worker) worker = await context.waitForEvent('serviceworker');
    await use(new URL(worker.url()).host);
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

// Runs a js-api call in the page; resolves with {result} or {error: {code, message, name}}.
export function callApi(page, fn, ...args) {
  return page.evaluate(async ([fnName, fnArgs]) => {
    const tb = await import('/tokenbridge.js');
    try {
      return { result: await tb[fnName](...fnArgs) };
    } catch (e) {
      return { error: { code: e.code, message: e.message, name: e.name } };
    }
  }, [fn, args]);
}

// The extension's trusted PIN window: waits for it, reads what it shows, then types the PIN and
// confirms (or cancels) like a user would, and waits until the window is gone.
export async function answerPin(context, { pin = null, cancel = false, timeout = 30_000, screenshot = null } = {}) {
  const popup = await waitForExtensionPage(context, '/ui/pin.html', timeout);
  await expect(popup.locator('#origin')).not.toBeEmpty();
  const text = async (id) => (await popup.locator(`#${id}`).isVisible() ? popup.locator(`#${id}`).textContent() : null);
  const shown = {
    title: await text('title'),
    confirm: await text('confirm'),
    origin: await text('origin'),
    token: await text('tokenText'),
    owner: await text('certOwner'),
    issuer: await text('certIssuer'),
    fileName: await text('docName'),
    size: await text('docSize'),
    hash: await text('docHash'),
    retries: await text('retries'),
    error: await text('error'),
  };
  if (screenshot) {
    await expect(popup.locator('#confirm')).toBeEnabled();
    await popup.screenshot({ path: screenshot });
  }
  const closed = popup.waitForEvent('close', { timeout: 10_000 });
  if (cancel) {
    await popup.locator('#cancel').click().catch((e) => { if (!popup.isClosed()) throw e; });
  } else {
    await popup.locator('#pin').fill(pin);
    await popup.locator('#confirm').click().catch((e) => { if (!popup.isClosed()) throw e; });
  }
  await closed;
  return shown;
}

// The id of the token in the virtual reader `reader` (listDevices through the page).
export async function deviceIdOf(page, reader) {
  const { result, error } = await callApi(page, 'listDevices');
  if (error) throw new Error(`listDevices: ${error.code} ${error.message}`);
  const device = result.devices.find((d) => d.reader === reader);
  if (!device) throw new Error(`no device in reader ${reader}`);
  return device.id;
}
