// A hostile page against the whole background (main.js with a fake `chrome`, fake-chrome.mjs):
// every refusal of docs/security.md "Windows a page cannot abuse" and "Every request gets an
// answer", and that nothing but the routed commands reaches the host.
import test from 'node:test';
import assert from 'node:assert/strict';
import { installFakeChrome } from './fake-chrome.mjs';

const fake = installFakeChrome();
await import('../../../extension/background/main.js');
const { DISMISSALS_BEFORE_BLOCK } = await import('../../../extension/background/guard.js');
const { MAX_REQUEST_BYTES } = await import('../../../extension/background/native.js');

const KEY = { keyId: 'k', certificate: { subjectDn: 'CN=A', subject: [], issuerDn: 'CN=CA', notBefore: '2026-01-01T00:00:00Z', notAfter: '2036-01-01T00:00:00Z' } };
fake.hostAnswer = (frame) => ({
  version: { result: { protocolVersion: 1 } },
  getKeyInfo: { result: { key: KEY } },
  getDeviceInfo: { result: { device: { id: 'd', model: 'm', serial: '1', pins: { user: { retriesLeft: 10 } } } } },
  sign: frame.params?.stream ? { result: { streamId: `s-${frame.id}` } } : { result: { cms: 'MA==' } },
  signAppend: { result: { received: 3 } },
  signFinish: { result: { cms: 'MA==', size: 3 } },
  digest: { result: { hash: 'qrvM3Q==', hashAlgorithm: 'streebog256', size: 3 } },
  listDevices: { result: { devices: [] } },
})[frame.command] ?? { error: { code: 'UNKNOWN_COMMAND', message: 'unknown' } };

const SIGN = { command: 'sign', params: { deviceId: 'd', keyId: 'k', data: 'AAAA' } };
const hostCommands = () => fake.hostFrames.map((f) => f.command);
let originSeq = 0;
async function allowedSite() {
  const origin = `https://site${++originSeq}.example`;
  await fake.allow(origin);
  return origin;
}
const pinWindows = () => fake.openWindows('pin');

test('prototype names are no commands: nothing reaches the host, not even from a site never allowed', async () => {
  const page = fake.connectPage('https://never-allowed.example', 900);
  const before = fake.hostFrames.length;
  for (const command of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'exportKey']) {
    const reply = await page.send({ command });
    assert.equal(reply.error?.code, 'UNKNOWN_COMMAND', command);
  }
  assert.equal(fake.hostFrames.length, before, 'no frame reached the host');
  assert.equal(fake.openWindows('consent').length, 0, 'no consent window either');
});

test('prototype names are no operations', async () => {
  const page = fake.connectPage('https://never-allowed2.example', 901);
  const before = fake.hostFrames.length;
  for (const op of ['constructor', '__proto__', 'toString', 'valueOf']) {
    const reply = await page.send({ op });
    assert.equal(reply.error?.code, 'UNKNOWN_COMMAND', op);
  }
  assert.equal(fake.hostFrames.length, before);
});

test('one PIN window per origin: 30 signs at once open one window, the others are BUSY at once', async () => {
  const origin = await allowedSite();
  const page = fake.connectPage(origin, 1);
  const ids = Array.from({ length: 30 }, () => page.post(SIGN));
  await fake.until(() => pinWindows().length === 1 && ids.slice(1).every((id) => page.replyTo(id)), 'one window, 29 replies');
  for (const id of ids.slice(1)) assert.equal(page.replyTo(id).error.code, 'BUSY');
  assert.equal(page.replyTo(ids[0]), undefined, 'the first waits for the user');
  // Another tab of the same site is refused too; another site is not.
  const sameSite = fake.connectPage(origin, 2);
  assert.equal((await sameSite.send(SIGN)).error.code, 'BUSY');
  const [win] = pinWindows();
  await fake.answerPrompt('pin', win.prompt, { action: 'confirm', pin: '12345678' });
  await fake.until(() => page.replyTo(ids[0]), 'the first sign\'s reply');
  assert.equal(page.replyTo(ids[0]).result.cms, 'MA==');
  assert.equal(fake.hostFrames.filter((f) => f.command === 'sign').length, 1, 'one signature reached the host');
  // Done: the next one may open its window.
  const next = page.post(SIGN);
  await fake.until(() => pinWindows().length === 1, 'the next window');
  await fake.closeWindow(pinWindows()[0].id);
  await fake.until(() => page.replyTo(next));
  assert.equal(page.replyTo(next).error.code, 'USER_CANCELLED');
});

test('one PIN window per tab: a tab cannot run two sites\' windows at once', async () => {
  const a = fake.connectPage(await allowedSite(), 50);
  const b = fake.connectPage(await allowedSite(), 50); // the same tab, navigated (another port)
  const first = a.post(SIGN);
  await fake.until(() => pinWindows().length === 1);
  assert.equal((await b.send(SIGN)).error.code, 'BUSY');
  await fake.closeWindow(pinWindows()[0].id);
  await fake.until(() => a.replyTo(first));
});

test(`back-off: after ${DISMISSALS_BEFORE_BLOCK} dismissed PIN windows the site gets PROMPTS_BLOCKED at once`, async () => {
  const origin = await allowedSite();
  const page = fake.connectPage(origin, 3);
  for (let i = 0; i < DISMISSALS_BEFORE_BLOCK; i++) {
    const id = page.post(SIGN);
    await fake.until(() => pinWindows().length === 1, `window ${i + 1}`);
    await fake.closeWindow(pinWindows()[0].id);
    await fake.until(() => page.replyTo(id));
    assert.equal(page.replyTo(id).error.code, 'USER_CANCELLED');
  }
  const blocked = await page.send(SIGN);
  assert.equal(blocked.error.code, 'PROMPTS_BLOCKED');
  assert.ok(blocked.error.retryAfterMs > 60_000, 'blocked for minutes');
  assert.equal(pinWindows().length, 0, 'no window opened');
  // Another site is not affected.
  const other = fake.connectPage(await allowedSite(), 4);
  const id = other.post(SIGN);
  await fake.until(() => pinWindows().length === 1);
  await fake.closeWindow(pinWindows()[0].id);
  await fake.until(() => other.replyTo(id));
});

test('back-off: closed consent windows count too', async () => {
  const page = fake.connectPage('https://consent-closer.example', 5);
  for (let i = 0; i < DISMISSALS_BEFORE_BLOCK; i++) {
    const id = page.post({ command: 'listDevices' });
    await fake.until(() => fake.openWindows('consent').length === 1, `consent ${i + 1}`);
    await fake.closeWindow(fake.openWindows('consent')[0].id);
    await fake.until(() => page.replyTo(id));
    assert.equal(page.replyTo(id).error.code, 'USER_CANCELLED');
  }
  assert.equal((await page.send({ command: 'listDevices' })).error.code, 'PROMPTS_BLOCKED');
  assert.equal(fake.openWindows('consent').length, 0);
});

test('a PIN window closes with its tab, and that does not count as a dismissal', async () => {
  const origin = await allowedSite();
  for (let i = 0; i < DISMISSALS_BEFORE_BLOCK + 1; i++) {
    const page = fake.connectPage(origin, 6);
    page.post(SIGN);
    await fake.until(() => pinWindows().length === 1);
    page.disconnect();
    await fake.until(() => pinWindows().length === 0, 'the window closed with the tab');
  }
  assert.ok(!fake.hostFrames.some((f) => f.command === 'sign' && f.origin === origin), 'nothing signed');
  const page = fake.connectPage(origin, 7);
  const id = page.post(SIGN);
  await fake.until(() => pinWindows().length === 1, 'not blocked: the user dismissed nothing');
  await fake.closeWindow(pinWindows()[0].id);
  await fake.until(() => page.replyTo(id));
});

test('a consent window closes with the last tab waiting for it, and that does not count as a dismissal', async () => {
  const origin = 'https://consent-tabs.example';
  const consents = () => fake.openWindows('consent');
  for (let i = 0; i < DISMISSALS_BEFORE_BLOCK + 1; i++) {
    const [a, b] = [fake.connectPage(origin, 20 + 2 * i), fake.connectPage(origin, 21 + 2 * i)];
    const ids = [a.post({ command: 'listDevices' }), b.post({ command: 'listDevices' })];
    await fake.until(() => consents().length === 1, 'one consent window for both tabs');
    a.disconnect();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(consents().length, 1, 'another tab of the site still waits for it');
    b.disconnect();
    await fake.until(() => consents().length === 0, 'the window closed with the last tab');
    await fake.until(() => a.replyTo(ids[0]) && b.replyTo(ids[1]));
    assert.equal(b.replyTo(ids[1]).error.code, 'USER_CANCELLED');
  }
  assert.ok(!fake.hostFrames.some((f) => f.origin === origin), 'nothing reached the host for the site');
  const page = fake.connectPage(origin, 40);
  const id = page.post({ command: 'listDevices' });
  await fake.until(() => consents().length === 1, 'not blocked: the user dismissed nothing');
  await fake.closeWindow(consents()[0].id);
  await fake.until(() => page.replyTo(id));
});

test('revoking the site closes its PIN window: ORIGIN_NOT_ALLOWED', async () => {
  const origin = await allowedSite();
  const page = fake.connectPage(origin, 8);
  const id = page.post(SIGN);
  await fake.until(() => pinWindows().length === 1);
  await fake.revoke(origin);
  await fake.until(() => page.replyTo(id) && pinWindows().length === 0);
  assert.equal(page.replyTo(id).error.code, 'ORIGIN_NOT_ALLOWED');
  assert.ok(!fake.hostFrames.some((f) => f.command === 'sign' && f.origin === origin));
});

test('the origin is checked again after the PIN was typed', async () => {
  const origin = await allowedSite();
  const page = fake.connectPage(origin, 9);
  const id = page.post(SIGN);
  await fake.until(() => pinWindows().length === 1);
  const [win] = pinWindows();
  // Revoked behind the extension's back (no storage event seen yet): the answer still loses.
  const listeners = chrome.storage.onChanged;
  const fire = listeners.fire;
  listeners.fire = () => [];
  await fake.revoke(origin);
  listeners.fire = fire;
  await fake.answerPrompt('pin', win.prompt, { action: 'confirm', pin: '12345678' });
  await fake.until(() => page.replyTo(id));
  assert.equal(page.replyTo(id).error.code, 'ORIGIN_NOT_ALLOWED');
  assert.ok(!fake.hostFrames.some((f) => f.command === 'sign' && f.origin === origin), 'the PIN never reached the host');
});

test('every request gets an answer: too big with the envelope, too deep, refused before the host and before any window', async () => {
  const origin = await allowedSite();
  const page = fake.connectPage(origin, 10);
  const before = fake.hostFrames.length;
  // Data that fits the page's 8 MiB alone but not with the envelope the extension adds.
  const data = 'A'.repeat(MAX_REQUEST_BYTES - 60);
  const big = await page.send({ command: 'sign', params: { deviceId: 'd', keyId: 'k', data } });
  assert.equal(big.error.code, 'MESSAGE_TOO_LARGE');
  assert.ok(big.error.size > MAX_REQUEST_BYTES);
  let deep = {};
  for (let i = 0; i < 31; i++) deep = { x: deep };
  const tooDeep = await page.send({ command: 'verify', params: { cms: 'MA==', deep } });
  assert.equal(tooDeep.error.code, 'BAD_REQUEST');
  // '<' is 6 bytes in Chromium's frame: counted as such.
  const angled = await page.send({ command: 'verify', params: { cms: '<'.repeat(MAX_REQUEST_BYTES / 4) } });
  assert.equal(angled.error.code, 'MESSAGE_TOO_LARGE');
  assert.equal(fake.hostFrames.length, before, 'nothing reached the host');
  assert.equal(pinWindows().length, 0);
  // Just within the limit it goes through (the deepest the host takes: 32 levels).
  let ok = {};
  for (let i = 0; i < 29; i++) ok = { x: ok };
  const fits = await page.send({ command: 'verify', params: { cms: 'MA==', ok } });
  assert.notEqual(fits.error?.code, 'BAD_REQUEST');
  assert.equal(fake.hostFrames.at(-1).command, 'verify');
});

test('every request gets an answer: an id-less host error answers the request it belongs to', async () => {
  const origin = await allowedSite();
  const page = fake.connectPage(origin, 11);
  const answer = fake.hostAnswer;
  fake.hostAnswer = (frame) => (frame.command === 'verify' ? undefined : answer(frame)); // the host stays silent
  const small = page.post({ command: 'verify', params: { cms: 'MA==' } });
  const large = page.post({ command: 'verify', params: { cms: 'MA=='.repeat(1000) } });
  await fake.until(() => fake.hostFrames.filter((f) => f.origin === origin).length === 2);
  const frames = fake.hostFrames.filter((f) => f.origin === origin);
  const largeSize = new TextEncoder().encode(JSON.stringify(frames[1])).length;
  fake.hostSays({ id: null, error: { code: 'MESSAGE_TOO_LARGE', message: 'too large', size: largeSize, limit: 1 } });
  await fake.until(() => page.replyTo(large), 'the large request answered');
  assert.equal(page.replyTo(large).error.code, 'MESSAGE_TOO_LARGE');
  assert.equal(page.replyTo(small), undefined, 'the other one still waits for its own reply');
  fake.hostSays({ id: null, error: { code: 'BAD_REQUEST', message: 'too deep' } });
  await fake.until(() => page.replyTo(small));
  assert.equal(page.replyTo(small).error.code, 'BAD_REQUEST');
  fake.hostAnswer = answer;
});

test('a stream in its signature window is sealed: no chunk joins it between the digest shown and the signature', async () => {
  const origin = await allowedSite();
  const page = fake.connectPage(origin, 12);
  const { result: { streamId } } = await page.send({ command: 'sign', params: { deviceId: 'd', keyId: 'k', stream: 'start' } });
  assert.ok((await page.send({ command: 'signAppend', params: { streamId, offset: 0, data: 'YWJj' } })).result);
  const finish = page.post({ command: 'signFinish', params: { streamId } });
  await fake.until(() => pinWindows().length === 1);
  const [win] = pinWindows();
  // What the window is given: the digest the host computed over the stream so far.
  const shown = await new Promise((resolve) => chrome.runtime.onMessage.fire({ type: 'prompt:get', prompt: win.prompt },
    { id: chrome.runtime.id, url: win.url }, resolve));
  assert.equal(shown.data.document.hash, 'aabbccdd');
  const appended = await page.send({ command: 'signAppend', params: { streamId, offset: 3, data: 'ZGVm' } });
  assert.equal(appended.error.code, 'BUSY');
  assert.equal(fake.hostFrames.filter((f) => f.command === 'signAppend' && f.params.streamId === streamId).length, 1);
  await fake.answerPrompt('pin', win.prompt, { action: 'confirm', pin: '12345678' });
  await fake.until(() => page.replyTo(finish));
  assert.equal(page.replyTo(finish).result.cms, 'MA==');
});

// The two branches' rules together in askConsent: the host starts before the consent window
// waits (its native port keeps Firefox's event page alive), but a site whose windows are blocked
// gets neither a window nor a host started for it.
test('a consent window starts the host first; a blocked site starts no host and gets no window', async () => {
  let started = 0;
  const connectNative = chrome.runtime.connectNative;
  chrome.runtime.connectNative = (...args) => {
    started++;
    return connectNative(...args);
  };
  try {
    const stopHost = async () => {
      fake.nativePort.onDisconnect.fire();
      await new Promise((resolve) => setTimeout(resolve, 0));
    };
    const page = fake.connectPage('https://consent-host.example', 13);
    for (let i = 0; i < DISMISSALS_BEFORE_BLOCK; i++) {
      await stopHost();
      const before = started;
      const id = page.post({ command: 'listDevices' });
      await fake.until(() => fake.openWindows('consent').length === 1, `consent ${i + 1}`);
      assert.equal(started, before + 1, 'the host started while the consent window waits');
      await fake.closeWindow(fake.openWindows('consent')[0].id);
      await fake.until(() => page.replyTo(id));
    }
    await stopHost();
    const before = started;
    assert.equal((await page.send({ command: 'listDevices' })).error.code, 'PROMPTS_BLOCKED');
    assert.equal(started, before, 'no host started for a blocked site');
    assert.equal(fake.openWindows('consent').length, 0);
  } finally {
    chrome.runtime.connectNative = connectNative;
  }
});

test('only the routed commands ever reached the host', () => {
  const routed = new Set(['version', 'getKeyInfo', 'getDeviceInfo', 'sign', 'signAppend', 'signFinish', 'digest', 'listDevices', 'verify']);
  assert.deepEqual(hostCommands().filter((c) => !routed.has(c)), []);
});
