// Chromium only: page -> js-api -> content script -> background -> tokenbridge-host -> pcscd/vtoken.
// What runs in both browsers is in consent.spec.mjs, keys.spec.mjs and faults.spec.mjs.
import { test, expect, answerConsent, callApi, launchChromium, waitForExtensionPage } from './fixtures.mjs';
import fs from 'node:fs';
import path from 'node:path';
import { CHROMIUM_BIN, EXTENSION_DIR, EXTENSION_ID, vtokens } from './env.mjs';

const readers = (list) => list.devices.map((d) => d.reader);

test.beforeAll(() => {
  if (vtokens.length === 0) throw new Error('run under scripts/with-virtual-tokens.sh (scripts/e2e.sh does)');
});

test('a page cannot choose its origin or pass a PIN', async ({ context, demo }) => {
  const page = await context.newPage();
  await page.goto(`${demo.url}enroll.html`);
  const consent = answerConsent(context, 'allow');
  // A script of the page asks the content script for a channel of its own and writes an origin
  // into its request.
  const forged = page.evaluate(() => new Promise((resolve) => {
    window.addEventListener('message', function onPong(ev) {
      if (!ev.data?.__tokenbridge || ev.data.dir !== 'pong' || !ev.ports[0]) return;
      window.removeEventListener('message', onPong);
      const port = ev.ports[0];
      port.onmessage = (reply) => {
        if (reply.data.dir === 'reply' && reply.data.id === 'forged-1') resolve(reply.data);
      };
      port.postMessage({
        dir: 'request', op: 'request', id: 'forged-1', command: 'listDevices',
        origin: 'https://bank.example', sender: { origin: 'https://bank.example' },
      });
    });
    window.postMessage({ __tokenbridge: 1, dir: 'ping' }, location.origin);
  }));
  // The consent window names the page's real origin, not the forged one.
  expect(await consent).toBe(new URL(demo.url).origin);
  const reply = await forged;
  expect(reply.error).toBeUndefined();
  expect(readers(reply.result)).toEqual(expect.arrayContaining(vtokens.map((t) => t.reader)));
  const pin = await page.evaluate(() => import('/tokenbridge.js').then((tb) =>
    tb.getKeyInfo({ deviceId: 'x', keyId: 'y', pin: '12345678' }).catch((e) => ({ code: e.code, param: e.details.param }))));
  expect(pin).toEqual({ code: 'INVALID_PARAMS', param: 'pin' });
  // The content script refuses oversized requests before they reach the extension messaging
  // (Chrome would kill the renderer at 64 MiB).
  const big = await page.evaluate(() => import('/tokenbridge.js').then((tb) =>
    tb.verify({ signature: 'x', data: 'y'.repeat(9 * 1024 * 1024) }).catch((e) => ({ code: e.code, limit: e.details.limit }))));
  expect(big).toEqual({ code: 'MESSAGE_TOO_LARGE', limit: 8 * 1024 * 1024 });
  // A PIN command goes to the host for its confirmation details first; the host's error (no
  // such token) reaches the page unchanged and no PIN window opens.
  const signed = await callApi(page, 'sign', { deviceId: 'x', keyId: 'y', hash: 'AAAA' });
  expect(signed.error.code).toBe('DEVICE_NOT_FOUND');
  expect(context.pages().some((p) => p.url().includes('/ui/pin.html'))).toBe(false);
});

test('a plain-http site that is not localhost never reaches the extension or the host', async ({ demo }) => {
  // The same demo server, reached as http://portal.test: an ordinary http origin.
  const session = await launchChromium({ extraArgs: ['--host-resolver-rules=MAP portal.test 127.0.0.1'] });
  try {
    const page = await session.context.newPage();
    const url = new URL(demo.url);
    url.hostname = 'portal.test';
    await page.goto(url.href);
    await expect(page.locator('#status')).toHaveAttribute('data-reason', 'EXTENSION_NOT_FOUND');
    expect(session.hostPids()).toEqual([]);
  } finally {
    await session.close();
  }
});

test('the consent window speaks Russian and works with the keyboard alone', async ({ demo }) => {
  // Debian's chromium has only en-US; the Russian UI needs the chromium-l10n package (scripts/deps.sh).
  test.skip(!fs.existsSync(path.join(path.dirname(CHROMIUM_BIN), 'locales/ru.pak')), 'chromium-l10n is not installed');
  const session = await launchChromium({ lang: 'ru-RU' });
  try {
    const page = await session.context.newPage();
    await page.goto(`${demo.url}sign.html`);
    const pending = callApi(page, 'listDevices').catch((e) => ({ error: { message: e.message } }));
    const popup = await waitForExtensionPage(session.context, '/ui/consent.html', 15_000);
    await expect(popup.locator('#allow')).toHaveText('Разрешить');
    await expect(popup.locator('#question')).toContainText(`Разрешить сайту ${new URL(demo.url).origin}`);
    await expect(popup.locator('#allow')).toBeEnabled();
    await expect(popup.locator('#deny')).toBeFocused(); // Enter alone never allows
    await popup.screenshot({ path: test.info().outputPath('consent-ru.png') });
    await popup.keyboard.press('Tab');
    await expect(popup.locator('#allow')).toBeFocused();
    await popup.keyboard.press('Enter').catch(() => {}); // the window closes on the answer
    expect(readers((await pending).result)).toEqual(expect.arrayContaining(vtokens.map((t) => t.reader)));
  } finally {
    await session.close();
  }
});

test('trusted windows load cleanly and refuse a prompt they do not know', async ({ context, extensionId }) => {
  expect(extensionId).toBe(EXTENSION_ID); // the manifest's key fixes the id the host manifest allows
  for (const name of ['consent', 'pin', 'select']) {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`chrome-extension://${extensionId}/ui/${name}.html?prompt=0123456789abcdef`);
    await expect(page.locator('body')).toHaveText('This request is no longer active. You can close this window.');
    expect(errors).toEqual([]);
  }
});

test('every message exists in English and Russian', async () => {
  const load = (lang) => JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR, `_locales/${lang}/messages.json`), 'utf8'));
  const [en, ru] = [load('en'), load('ru')];
  expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
  for (const [key, { placeholders }] of Object.entries(en)) {
    expect(Object.keys(ru[key].placeholders ?? {}), key).toEqual(Object.keys(placeholders ?? {}));
  }
});
