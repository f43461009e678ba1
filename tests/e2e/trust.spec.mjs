// Both browsers (see driver.mjs): what a page can and cannot make the extension believe or do
// (its origin, a PIN, plain http), and the trusted windows themselves: clean loads, keyboard
// alone, screen-reader names, the Russian UI.
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures.mjs';
import { answerConsent, attrOf, auditWindow, callApi, deviceIdOf, focusedId, launchBrowser, textOf } from './driver.mjs';
import { CHROMIUM_BIN, EXTENSION_DIR, EXTENSION_ID, FIREFOX_BIN, vtokens } from './env.mjs';

const readers = (list) => list.devices.map((d) => d.reader);
// A page call left pending while the test works in a window: if an assertion fails meanwhile,
// the session closes under it, and that rejection must not hide the assertion's message.
const pending = (call) => {
  call.catch(() => {});
  return call;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test.beforeAll(() => {
  if (vtokens.length === 0) throw new Error('run under scripts/with-virtual-tokens.sh (scripts/e2e.sh does)');
});

const messages = (lang) => JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR, `_locales/${lang}/messages.json`), 'utf8'));

// Every English text of the extension that its Russian catalogue words differently, cut at the
// placeholders: none of them may show in a Russian window.
function englishTexts() {
  const [en, ru] = [messages('en'), messages('ru')];
  const pieces = Object.keys(en).filter((k) => en[k].message !== ru[k]?.message)
    .flatMap((k) => en[k].message.split(/\$[A-Z_]+\$/)).map((s) => s.trim().replace(/[.:]$/, ''));
  return [...new Set(pieces.filter((s) => /[A-Za-z]{3}/.test(s)))];
}

// The browser's Russian UI: Debian's chromium-l10n, firefox-esr-l10n-ru (scripts/deps.sh).
const RUSSIAN = {
  chromium: () => fs.existsSync(path.join(path.dirname(CHROMIUM_BIN), 'locales/ru.pak')),
  firefox: () => fs.existsSync(path.join(path.dirname(fs.realpathSync(FIREFOX_BIN)), 'browser/extensions/langpack-ru@firefox-esr.mozilla.org.xpi')),
};

test('a page cannot choose its origin or pass a PIN', async ({ session, demo }) => {
  const page = await session.newPage(`${demo.url}enroll.html`);
  const consent = answerConsent(session, 'allow', { audit: true });
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
  expect(await session.windowCount('/ui/pin.html')).toBe(0);
});

test('a plain-http site that is not localhost never reaches the extension or the host', async ({ tbBrowser, demo }) => {
  // The same demo server, reached as http://portal.test: an ordinary http origin.
  const session = await launchBrowser(tbBrowser, { hostAlias: 'portal.test' });
  try {
    const url = new URL(demo.url);
    url.hostname = 'portal.test';
    const page = await session.newPage(url.href);
    await expect.poll(() => attrOf(page, '#status', 'data-reason')).toBe('EXTENSION_NOT_FOUND');
    expect(session.hostPids()).toEqual([]);
  } finally {
    await session.close();
  }
});

test('the windows speak Russian and work with the keyboard alone', async ({ tbBrowser, demo }) => {
  test.skip(!RUSSIAN[tbBrowser](), `the browser's Russian language pack is not installed (scripts/deps.sh)`);
  const forbidden = englishTexts();
  const session = await launchBrowser(tbBrowser, { lang: 'ru-RU' });
  const expectClean = async (win, options) => expect(await auditWindow(win, { forbidden, ...options })).toEqual([]);
  try {
    const page = await session.newPage(`${demo.url}sign.html`);
    const listed = pending(callApi(page, 'listDevices'));
    // Consent: focus starts on Deny (Enter alone never allows); Shift+Tab reaches the
    // "see all certificates" box, Space ticks it, Tab Tab reaches Allow, Enter allows.
    const consent = await session.waitForWindow('/ui/consent.html');
    await expect.poll(() => textOf(consent, '#allow')).toBe('Разрешить');
    expect(await textOf(consent, '#question')).toContain(`Разрешить сайту ${new URL(demo.url).origin}`);
    await expect.poll(() => consent.evaluate(() => !document.querySelector('#allow').disabled)).toBe(true);
    await sleep(100); // the window puts the focus back on Deny once more as the buttons arm
    expect(await focusedId(consent)).toBe('deny');
    await expectClean(consent);
    await consent.screenshot(test.info().outputPath('consent-ru.png'));
    for (const [key, focused] of [['Shift+Tab', 'enumerate'], ['Space', 'enumerate'], ['Tab', 'deny'], ['Tab', 'allow']]) {
      await consent.press(key);
      expect(await focusedId(consent), key).toBe(focused);
    }
    expect(await consent.evaluate(() => document.querySelector('#enumerate').checked)).toBe(true);
    await consent.press('Enter'); // the window closes on the answer
    expect(readers((await listed).result)).toEqual(expect.arrayContaining(vtokens.map((t) => t.reader)));
    expect((await callApi(page, 'listCertificates')).error).toBeUndefined(); // the ticked box counted

    // The chooser: focus on the first certificate (or Cancel when none); Escape cancels.
    const chosen = pending(callApi(page, 'selectCertificate', { minimum: 'passive' }));
    const chooser = await session.waitForWindow('/ui/select.html');
    await expect.poll(() => textOf(chooser, '#origin')).toBe(new URL(demo.url).origin);
    await expect.poll(() => focusedId(chooser)).toMatch(/^(choice|cancel)$/); // a certificate, or Cancel
    await expectClean(chooser);
    await chooser.press('Escape');
    expect((await chosen).error.code).toBe('USER_CANCELLED');

    // The PIN window: focus in the PIN field; Escape cancels.
    const deviceId = await deviceIdOf(page, vtokens[0].reader);
    const generated = pending(callApi(page, 'generateKeyPair', { deviceId }));
    const pin = await session.waitForWindow('/ui/pin.html');
    await expect.poll(() => textOf(pin, '#origin')).toBe(new URL(demo.url).origin);
    await expect.poll(() => focusedId(pin)).toBe('pin');
    await expectClean(pin);
    await pin.press('Escape');
    expect((await generated).error.code).toBe('USER_CANCELLED');

    // The options page (a tab, so no window size to fit).
    const options = await session.newPage(session.extensionUrl('ui/options.html'));
    await expect.poll(() => textOf(options, '#allowed')).toContain(new URL(demo.url).origin);
    await expectClean(options, { fits: false });
  } finally {
    await session.close();
  }
});

test('trusted windows load cleanly and refuse a prompt they do not know', async ({ session }) => {
  // Chromium: the manifest's key fixes the id the host manifest allows (Firefox: the gecko id,
  // checked at install).
  if (session.name === 'chromium') expect(session.extensionUrl('')).toBe(`chrome-extension://${EXTENSION_ID}/`);
  for (const name of ['consent', 'pin', 'select']) {
    const page = await session.newPage(session.extensionUrl(`ui/${name}.html?prompt=0123456789abcdef`));
    await expect.poll(() => textOf(page, 'body')).toBe('This request is no longer active. You can close this window.');
    const errors = await page.errors(); // null: Firefox does not tell; the text shows the script ran to its end
    if (errors !== null) expect(errors).toEqual([]);
  }
});
