// Chromium: page -> js-api -> content script -> background -> tokenbridge-host -> pcscd/vtoken.
import { test, expect, answerConsent, callApi, launchChromium, waitForExtensionPage } from './fixtures.mjs';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM_BIN, EXTENSION_DIR, EXTENSION_ID, vtokens } from './env.mjs';

const readers = (list) => list.devices.map((d) => d.reader);

test.beforeAll(() => {
  if (vtokens.length === 0) throw new Error('run under scripts/with-virtual-tokens.sh (scripts/e2e.sh does)');
});

test('the demo lists the tokens after the user allows the origin', async ({ context, extensionId, demo }) => {
  expect(extensionId).toBe(EXTENSION_ID);
  const page = await context.newPage();
  const consent = answerConsent(context, 'allow');
  await page.goto(demo.url);
  expect(await consent).toBe(new URL(demo.url).origin);
  await expect(page.locator('#status')).toHaveClass('ok');
  for (const token of vtokens) {
    const card = page.locator(`#devices article[data-reader="${token.reader}"]`);
    await expect(card).toHaveCount(1);
    await expect(card).toHaveAttribute('data-model', token.model);
    await expect(card.locator('.badge').first()).toBeVisible();
  }
  // Each card asked the host for its certificates (none yet: keys.spec.mjs enrolls later).
  await expect(page.locator(`#devices article[data-reader="${vtokens[0].reader}"] .certificates`)).toContainText('No certificates.');

  // The options page lists the allowed site and can revoke it.
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/ui/options.html`);
  await expect(options.locator('#allowed')).toContainText(new URL(demo.url).origin);
  await expect(options.locator('#allowed')).toContainText('sees all certificates'); // the consent box was ticked
  await options.locator('#allowed button').click();
  await expect(options.locator('#allowed')).not.toContainText(new URL(demo.url).origin);
  await page.screenshot({ path: test.info().outputPath('devices.png') });
});

test('denying the origin rejects, and the decision is remembered', async ({ context, demo }) => {
  const page = await context.newPage();
  await page.goto(`${demo.url}sign.html`);
  const consent = answerConsent(context, 'deny');
  const first = callApi(page, 'listDevices');
  await consent;
  expect((await first).error.code).toBe('ORIGIN_NOT_ALLOWED');
  expect((await callApi(page, 'listDevices')).error.code).toBe('ORIGIN_NOT_ALLOWED');

  // Closing the window is a cancel, not a decision (another origin: localhost).
  const other = await context.newPage();
  await other.goto(demo.url.replace('127.0.0.1', 'localhost') + 'sign.html');
  const closed = answerConsent(context, 'close');
  const cancelled = callApi(other, 'getDeviceInfo', 'no-such-device');
  expect(await closed).toMatch(/^http:\/\/localhost:/);
  expect((await cancelled).error.code).toBe('USER_CANCELLED');
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

test('the host killed during a request gives HOST_DISCONNECTED; the next request works', async ({ context, browserSession, demo }) => {
  const page = await context.newPage();
  await page.goto(`${demo.url}sign.html`);
  const consent = answerConsent(context, 'allow');
  const first = await callApi(page, 'listDevices');
  await consent;
  expect(readers(first.result)).toEqual(expect.arrayContaining(vtokens.map((t) => t.reader)));
  const [hostPid] = browserSession.hostPids();
  expect(hostPid).toBeGreaterThan(0);

  process.kill(hostPid, 'SIGSTOP'); // the request below is surely pending when the host dies
  const pending = callApi(page, 'listDevices');
  const timedOut = await callApi(page, 'listDevices', { timeoutMs: 300 });
  expect(timedOut.error.code).toBe('TIMEOUT');
  process.kill(hostPid, 'SIGKILL');
  expect((await pending).error.code).toBe('HOST_DISCONNECTED');

  const again = await callApi(page, 'listDevices');
  expect(readers(again.result)).toEqual(expect.arrayContaining(vtokens.map((t) => t.reader)));
  const pids = browserSession.hostPids();
  expect(pids).toHaveLength(2);
  expect(pids[1]).not.toBe(hostPid);
});

test('a token pulled during a request gives TOKEN_REMOVED; the next request works', async ({ context, demo }) => {
  // A slow token (300 ms per APDU) in a spare reader, so the pull surely lands mid-request.
  const port = process.env.VTOKEN_SPARE_0_PORT;
  const reader = process.env.VTOKEN_SPARE_0_READER;
  expect(port, 'scripts/with-virtual-tokens.sh leaves a spare reader').toBeTruthy();
  const state = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-e2e-slow-'));
  const slow = spawn(process.env.VTOKEN_BIN, ['--model', 'rutoken-ecp-3.0-3220', '--state', state,
    '--port', port, '--apdu-delay-ms', '300'], { stdio: 'ignore' });
  try {
    const page = await context.newPage();
    await page.goto(`${demo.url}sign.html`);
    const consent = answerConsent(context, 'allow');
    let device;
    await expect.poll(async () => {
      const listed = await callApi(page, 'listDevices');
      device = listed.result?.devices.find((d) => d.reader === reader && d.model !== 'unknown');
      return Boolean(device);
    }, { timeout: 30_000 }).toBe(true);
    await consent;
    const pending = callApi(page, 'getDeviceInfo', device.id);
    await page.waitForTimeout(150);
    slow.kill('SIGUSR1');
    expect((await pending).error?.code).toBe('TOKEN_REMOVED');
    const again = await callApi(page, 'listDevices');
    expect(readers(again.result)).toEqual(expect.arrayContaining(vtokens.map((t) => t.reader)));
  } finally {
    slow.kill('SIGTERM');
    fs.rmSync(state, { recursive: true, force: true });
  }
});

test('token removal and insertion reach the page as events, also after a host restart', async ({ context, browserSession, demo }) => {
  const page = await context.newPage();
  const consent = answerConsent(context, 'allow');
  await page.goto(demo.url);
  await consent;
  await expect(page.locator('#log')).toContainText('watching for token changes');
  const token = vtokens[0];
  const card = page.locator(`#devices article[data-reader="${token.reader}"]`);
  await expect(card).toHaveCount(1);
  await page.waitForTimeout(500); // let the host's monitor take its first snapshot
  process.kill(token.pid, 'SIGUSR1');
  await expect(page.locator('#log')).toContainText('token removed');
  await expect(card).toHaveCount(0);
  process.kill(token.pid, 'SIGUSR2');
  await expect(page.locator('#log')).toContainText('token inserted');
  await expect(card).toHaveCount(1);

  // The host dies: a subscribed page is told, the extension starts the host again by itself,
  // and events flow again without the page doing anything.
  const [firstHost] = browserSession.hostPids();
  process.kill(firstHost, 'SIGKILL');
  await expect(page.locator('#log')).toContainText('host application stopped');
  await expect(page.locator('#log')).toContainText('host application running again');
  expect(browserSession.hostPids()).toHaveLength(2);
  await page.waitForTimeout(500);
  process.kill(token.pid, 'SIGUSR1');
  await expect(card).toHaveCount(0);
  await expect(page.locator('#log div').filter({ hasText: 'token removed' })).toHaveCount(2);
  process.kill(token.pid, 'SIGUSR2');
  await expect(card).toHaveCount(1);
});

test('isAvailable tells a missing extension from a missing host', async ({ demo }) => {
  for (const [options, reason] of [
    [{ withExtension: false }, 'EXTENSION_NOT_FOUND'],
    [{ withHost: false }, 'HOST_NOT_FOUND'],
  ]) {
    const session = await launchChromium(options);
    try {
      const page = await session.context.newPage();
      await page.goto(demo.url);
      await expect(page.locator('#status')).toHaveAttribute('data-reason', reason);
    } finally {
      await session.close();
    }
  }
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
  for (const name of ['consent', 'pin']) {
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
