// A hostile page against the extension's windows and messaging, in a real browser (the rules
// themselves are unit-tested against a fake `chrome`: tests/unit/extension/abuse.test.mjs).
// Browser-specific steps live in the small helpers below, so the file can run on more browsers.
import { test, expect, answerConsent, callApi, deviceIdOf, waitForExtensionPage } from './fixtures.mjs';
import { vtokens } from './env.mjs';

test.beforeAll(() => {
  if (vtokens.length === 0) throw new Error('run under scripts/with-virtual-tokens.sh (scripts/e2e.sh does)');
});

// The extension's open PIN windows.
const pinWindows = (context) => context.pages().filter((p) => p.url().includes('/ui/pin.html'));

async function allowedPage(context, demo) {
  const page = await context.newPage();
  await page.goto(`${demo.url}sign.html`);
  const consent = answerConsent(context, 'allow');
  const deviceId = await deviceIdOf(page, vtokens[0].reader);
  await consent;
  return { page, deviceId };
}

test('a site allowed without "see all certificates" cannot list them; it gets the chooser, which it cannot answer itself', async ({ context, demo }) => {
  const page = await context.newPage();
  await page.goto(`${demo.url}sign.html`);
  const consent = answerConsent(context, 'allow', { enumerate: false });
  const listed = callApi(page, 'listCertificates');
  await consent;
  expect((await listed).error.code).toBe('ORIGIN_NOT_ALLOWED');
  expect((await callApi(page, 'listKeys', { deviceId: 'x' })).error.code).toBe('ORIGIN_NOT_ALLOWED');
  const chosen = callApi(page, 'selectCertificate', { minimum: 'passive' });
  const chooser = await waitForExtensionPage(context, '/ui/select.html', 15_000);
  await expect(chooser.locator('#origin')).toHaveText(new URL(demo.url).origin);
  // Keyboard alone; the window closes itself on the answer, maybe before press() returns.
  await chooser.keyboard.press('Escape').catch((e) => { if (!chooser.isClosed()) throw e; });
  expect((await chosen).error.code).toBe('USER_CANCELLED');
});

test('a reply forged on the page\'s window is not taken for the extension\'s', async ({ context, demo }) => {
  const page = await context.newPage();
  await page.goto(`${demo.url}sign.html`);
  const outcome = await page.evaluate(async () => {
    // Another script of the page answers every request it sees on the window, and guesses ids.
    const seen = [];
    window.addEventListener('message', (ev) => {
      if (!ev.data?.__tokenbridge || ev.data.dir === 'reply') return;
      seen.push(ev.data.dir);
      if (ev.data.dir === 'request') {
        window.postMessage({ __tokenbridge: 1, dir: 'reply', id: ev.data.id, result: { protocolVersion: 666 } }, location.origin);
      }
    });
    const tb = await import('/tokenbridge.js');
    const pending = tb.version();
    for (let i = 0; i < 50; i++) {
      window.postMessage({ __tokenbridge: 1, dir: 'reply', id: `tb-x-${i}`, result: { protocolVersion: 666 } }, location.origin);
    }
    const answer = await pending;
    return { protocolVersion: answer.protocolVersion, seen };
  });
  expect(outcome.protocolVersion).toBe(1);
  expect(outcome.seen).not.toContain('request'); // requests never travel over the window
});

test('30 PIN operations at once open one window, the rest are BUSY; the window closes with its tab', async ({ context, demo }) => {
  const { page, deviceId } = await allowedPage(context, demo);
  const codes = page.evaluate(async (id) => {
    const tb = await import('/tokenbridge.js');
    const calls = Array.from({ length: 30 }, () => tb.generateKeyPair({ deviceId: id }).then(() => 'ok', (e) => e.code));
    window.__tbCalls = calls; // the first stays pending while its window is open
    return Promise.all(calls.slice(1));
  }, deviceId);
  expect(await codes).toEqual(Array(29).fill('BUSY'));
  await waitForExtensionPage(context, '/ui/pin.html', 15_000);
  await page.waitForTimeout(300); // a second window would have opened by now
  expect(pinWindows(context)).toHaveLength(1);
  const [win] = pinWindows(context);
  const gone = win.waitForEvent('close', { timeout: 10_000 });
  await page.close(); // the tab that asked goes away: nobody is left to see the window
  await gone;
  expect(pinWindows(context)).toHaveLength(0);
});

test('after 3 dismissed PIN windows the site gets PROMPTS_BLOCKED without a window', async ({ context, demo }) => {
  const { page, deviceId } = await allowedPage(context, demo);
  for (let i = 0; i < 3; i++) {
    const call = callApi(page, 'generateKeyPair', { deviceId });
    const win = await waitForExtensionPage(context, '/ui/pin.html', 15_000);
    await win.close();
    expect((await call).error.code).toBe('USER_CANCELLED');
  }
  const blocked = await callApi(page, 'generateKeyPair', { deviceId });
  expect(blocked.error.code).toBe('PROMPTS_BLOCKED');
  expect(pinWindows(context)).toHaveLength(0);
});
