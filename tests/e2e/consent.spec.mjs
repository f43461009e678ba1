// Both browsers (Playwright projects chromium / firefox, see driver.mjs): the round trip page ->
// extension -> host, and the user's consent for an origin in the extension's trusted window.
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures.mjs';
import { answerConsent, attrOf, auditWindow, callApi, countOf, launchBrowser, textOf } from './driver.mjs';
import { EXTENSION_DIR, vtokens } from './env.mjs';

const readers = (list) => list.devices.map((d) => d.reader);

test.beforeAll(() => {
  if (vtokens.length === 0) throw new Error('run under scripts/with-virtual-tokens.sh (scripts/e2e.sh does)');
});

test('the page reaches the host through the extension (no consent needed)', async ({ session, demo }) => {
  const page = await session.newPage(`${demo.url}sign.html`);
  const status = await page.evaluate(() => import('/tokenbridge.js').then((tb) => tb.isAvailable()));
  expect(status).toMatchObject({ available: true, extension: true, reason: null });
  expect(status.host.commands).toContain('listDevices');
  const version = (await callApi(page, 'version')).result;
  expect(version.protocolVersion).toBe(status.host.protocolVersion);
  expect(version.extensionVersion).toBe(JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR, 'manifest.json'))).version);
});

test('isAvailable tells a missing extension from a missing host', async ({ tbBrowser, demo }) => {
  // Each browser words a missing host its own way; the extension maps both to HOST_NOT_FOUND.
  for (const [options, reason] of [
    [{ withExtension: false }, 'EXTENSION_NOT_FOUND'],
    [{ withHost: false }, 'HOST_NOT_FOUND'],
  ]) {
    const session = await launchBrowser(tbBrowser, options);
    try {
      const page = await session.newPage(demo.url);
      await expect.poll(() => attrOf(page, '#status', 'data-reason')).toBe(reason);
    } finally {
      await session.close();
    }
  }
});

test('the demo lists the tokens after the user allows the origin', async ({ session, demo }) => {
  const page = await session.newPage();
  const consent = answerConsent(session, 'allow');
  const loaded = page.goto(demo.url);
  expect(await consent).toBe(new URL(demo.url).origin);
  await loaded;
  await expect.poll(() => attrOf(page, '#status', 'class')).toBe('ok');
  for (const token of vtokens) {
    const card = `#devices article[data-reader="${token.reader}"]`;
    await expect.poll(() => countOf(page, card)).toBe(1);
    expect(await attrOf(page, card, 'data-model')).toBe(token.model);
    await expect.poll(() => textOf(page, `${card} .badge`)).toBeTruthy();
  }
  // Each card asked the host for its certificates (none on the third token: keys.spec.mjs
  // enrolls on the first, and the Chromium project's keys tests run before Firefox's consent).
  await expect.poll(() => textOf(page, `#devices article[data-reader="${vtokens[2].reader}"] .certificates`))
    .toContain('No certificates.');
  await page.screenshot(test.info().outputPath('devices.png'));

  // The options page lists the allowed site and can revoke it.
  const origin = new URL(demo.url).origin;
  const options = await session.newPage(session.extensionUrl('ui/options.html'));
  const row = `#allowed tr[data-origin="${origin}"]`;
  const box = `${row} input.enumerate`;
  await expect.poll(() => countOf(options, row)).toBe(1);
  expect(await auditWindow(options, { fits: false })).toEqual([]); // a tab: no window size to fit
  const ticked = () => options.evaluate((sel) => document.querySelector(sel)?.checked ?? null, box);
  expect(await ticked()).toBe(true); // the consent window's box was ticked
  // "Sees all certificates" taken back and granted again there: the site is not asked again.
  const listing = async () => (await callApi(page, 'listCertificates')).error?.code ?? 'ok';
  await options.click(box);
  await expect.poll(ticked).toBe(false);
  expect(await listing()).toBe('ORIGIN_NOT_ALLOWED');
  await options.click(box);
  await expect.poll(ticked).toBe(true);
  expect(await listing()).toBe('ok');
  await options.click(`${row} button.forget`);
  await expect.poll(() => textOf(options, '#allowed')).not.toContain(origin);
});

test('denying the origin rejects, and the decision is remembered', async ({ session, demo }) => {
  const page = await session.newPage(`${demo.url}sign.html`);
  const consent = answerConsent(session, 'deny');
  const first = callApi(page, 'listDevices');
  await consent;
  expect((await first).error.code).toBe('ORIGIN_NOT_ALLOWED');
  expect((await callApi(page, 'listDevices')).error.code).toBe('ORIGIN_NOT_ALLOWED');

  // Closing the window is a cancel, not a decision (another origin: localhost).
  const other = await session.newPage(demo.url.replace('127.0.0.1', 'localhost') + 'sign.html');
  const closed = answerConsent(session, 'close');
  const cancelled = callApi(other, 'getDeviceInfo', 'no-such-device');
  expect(await closed).toMatch(/^http:\/\/localhost:/);
  expect((await cancelled).error.code).toBe('USER_CANCELLED');

  // A consent window closes with the tab that asked (no other tab of the site waits for it).
  const leaving = await session.newPage(demo.url.replace('127.0.0.1', 'localhost') + 'sign.html');
  callApi(leaving, 'listDevices').catch(() => {}); // its tab goes before any answer
  const orphan = await session.waitForWindow('/ui/consent.html');
  await leaving.close();
  await expect.poll(() => orphan.isClosed()).toBe(true);
});

// Firefox stops an idle event page after 30 s (extensions.background.idle.timeout, left at its
// default here) unless a native port is open; the extension starts the host before it asks. The
// page is the library's own source: a document of the demo's origin that runs no script, so
// nothing (like the demo pages' isAvailable()) has started the host before the consent request.
const BARE_PAGE = 'tokenbridge.js';

test('the consent window still works when the user answers after 40 s', async ({ session, demo }) => {
  test.setTimeout(120_000);
  const page = await session.newPage(demo.url + BARE_PAGE);
  const pending = callApi(page, 'listDevices');
  const started = Date.now();
  const origin = await answerConsent(session, 'allow', { wait: 40_000 });
  expect(origin).toBe(new URL(demo.url).origin);
  const { result, error } = await pending;
  expect(error).toBeUndefined();
  expect(Date.now() - started).toBeGreaterThan(40_000);
  expect(readers(result)).toEqual(expect.arrayContaining(vtokens.map((t) => t.reader)));
});

// If the background stops anyway (here: no host to keep it alive, and a 3 s idle timeout), the
// page learns it, and the window says so and closes itself instead of offering dead buttons.
// Firefox only: Chromium has no idle timeout a test can shorten.
test('a consent window whose request died says so and closes itself', async ({ tbBrowser, demo }) => {
  test.skip(tbBrowser !== 'firefox', 'Firefox-only idle timeout');
  const session = await launchBrowser(tbBrowser, { withHost: false, prefs: { 'extensions.background.idle.timeout': 3000 } });
  try {
    const page = await session.newPage(demo.url + BARE_PAGE);
    const pending = callApi(page, 'listDevices');
    const popup = await session.waitForWindow('/ui/consent.html');
    expect((await pending).error.code).toBe('HOST_DISCONNECTED');
    await expect.poll(() => textOf(popup, '#gone'), { timeout: 5_000 })
      .toBe("The page's request ended before your answer (the extension was stopped). This window closes itself.");
    await expect.poll(() => popup.isClosed(), { timeout: 5_000 }).toBe(true);
  } finally {
    await session.close();
  }
});
