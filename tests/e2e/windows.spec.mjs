// Both browsers (see driver.mjs): a hostile page against the extension's windows and messaging
// (the rules themselves are unit-tested against a fake `chrome`: tests/unit/extension/abuse.test.mjs).
import { test, expect } from './fixtures.mjs';
import { answerConsent, auditWindow, callApi, deviceIdOf, focusedId, textOf } from './driver.mjs';
import { vtokens } from './env.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test.beforeAll(() => {
  if (vtokens.length === 0) throw new Error('run under scripts/with-virtual-tokens.sh (scripts/e2e.sh does)');
});

// An allowed demo page in a tab of its own. Another tab stays open: in Firefox, closing a
// browser window's last tab closes the window (and the browser with it once the prompt is gone).
async function allowedPage(session, demo) {
  await session.newPage();
  const page = await session.newPage(`${demo.url}sign.html`);
  const consent = answerConsent(session, 'allow');
  const deviceId = await deviceIdOf(page, vtokens[0].reader);
  await consent;
  return { page, deviceId };
}

async function waitClosed(win, what) {
  for (const deadline = Date.now() + 10_000; !(await win.isClosed());) {
    if (Date.now() > deadline) throw new Error(`${what} stayed open`);
    await sleep(100);
  }
}

test('a site allowed without "see all certificates" cannot list them; it gets the chooser, which it cannot answer itself', async ({ session, demo }) => {
  const page = await session.newPage(`${demo.url}sign.html`);
  const consent = answerConsent(session, 'allow', { enumerate: false });
  const listed = callApi(page, 'listCertificates');
  await consent;
  expect((await listed).error.code).toBe('ORIGIN_NOT_ALLOWED');
  expect((await callApi(page, 'listKeys', { deviceId: 'x' })).error.code).toBe('ORIGIN_NOT_ALLOWED');
  const chosen = callApi(page, 'selectCertificate', { minimum: 'passive' });
  const chooser = await session.waitForWindow('/ui/select.html');
  // The origin is filled in the same task that installs the key handler.
  await expect.poll(() => textOf(chooser, '#origin')).toBe(new URL(demo.url).origin);
  await expect.poll(() => focusedId(chooser)).toMatch(/^(choice|cancel)$/); // a certificate, or Cancel
  expect(await auditWindow(chooser)).toEqual([]); // labelled, in the Tab order, fits its content
  // Keyboard alone; the window closes itself on the answer.
  await chooser.press('Escape');
  expect((await chosen).error.code).toBe('USER_CANCELLED');
  await waitClosed(chooser, 'the chooser');
});

test('a reply forged on the page\'s window is not taken for the extension\'s', async ({ session, demo }) => {
  const page = await session.newPage(`${demo.url}sign.html`);
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

test('30 PIN operations at once open one window, the rest are BUSY; the window closes with its tab', async ({ session, demo }) => {
  const { page, deviceId } = await allowedPage(session, demo);
  const codes = page.evaluate(async (id) => {
    const tb = await import('/tokenbridge.js');
    const calls = Array.from({ length: 30 }, () => tb.generateKeyPair({ deviceId: id }).then(() => 'ok', (e) => e.code));
    window.__tbCalls = calls; // the first stays pending while its window is open
    return Promise.all(calls.slice(1));
  }, deviceId);
  expect(await codes).toEqual(Array(29).fill('BUSY'));
  const win = await session.waitForWindow('/ui/pin.html');
  await expect.poll(() => focusedId(win)).toBe('pin');
  expect(await auditWindow(win)).toEqual([]); // labelled, in the Tab order, fits its content
  await sleep(500); // a second window would have opened by now
  expect(await session.windowCount('/ui/pin.html')).toBe(1);
  await page.close(); // the tab that asked goes away: nobody is left to see the window
  await waitClosed(win, 'the PIN window of a closed tab');
  expect(await session.windowCount('/ui/pin.html')).toBe(0);
});

test('after 3 dismissed PIN windows the site gets PROMPTS_BLOCKED without a window', async ({ session, demo }) => {
  const { page, deviceId } = await allowedPage(session, demo);
  for (let i = 0; i < 3; i++) {
    const call = callApi(page, 'generateKeyPair', { deviceId });
    const win = await session.waitForWindow('/ui/pin.html');
    await win.close();
    expect((await call).error.code).toBe('USER_CANCELLED');
  }
  const blocked = await page.evaluate(async (id) => {
    const tb = await import('/tokenbridge.js');
    return tb.generateKeyPair({ deviceId: id }).then(() => ({ code: 'ok' }),
      (e) => ({ code: e.code, retryAfterMs: e.details?.retryAfterMs }));
  }, deviceId);
  expect(blocked.code).toBe('PROMPTS_BLOCKED');
  expect(blocked.retryAfterMs).toBeGreaterThan(9 * 60_000); // blocked for 10 min from the third
  expect(await session.windowCount('/ui/pin.html')).toBe(0);
});
