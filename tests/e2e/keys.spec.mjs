// Both browsers (see driver.mjs): keys and signatures through the demo pages and the real PIN
// window, against a virtual token (FKN mode): enroll (generateKeyPair -> createCsr -> demo
// TEST CA -> importCertificate), sign + verify, log in (authenticate + the demo server's
// verify-auth), cancel, wrong PIN, and a streamed signature of a large file.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from './fixtures.mjs';
import { answerConsent, answerPin, attrOf, auditWindow, callApi, countOf, deviceIdOf, selectOption, textOf, textsOf } from './driver.mjs';
import { REPO, vtokens } from './env.mjs';

const PIN = '12345678'; // the vtoken factory user PIN
const STREAM_BYTES = Number(process.env.TOKENBRIDGE_E2E_STREAM_MB ?? 200) * 1024 * 1024;

// Screenshots for the README go to docs/screenshots only when asked (scripts/screenshots.sh),
// so that an ordinary run leaves the tree alone. Chromium's keep their old names, Firefox's
// are firefox-<name>.
function screenshotPath(name) {
  if (test.info().project.name !== 'chromium') name = `${test.info().project.name}-${name}`;
  if (process.env.TOKENBRIDGE_SCREENSHOTS_DIR) return path.join(process.env.TOKENBRIDGE_SCREENSHOTS_DIR, name);
  if (process.env.TOKENBRIDGE_SCREENSHOTS === '1') return path.join(REPO, 'docs/screenshots', name);
  return test.info().outputPath(name);
}

test.describe.configure({ mode: 'serial' }); // the later tests use the key the first one enrolls

test.beforeAll(() => {
  if (vtokens.length === 0) throw new Error('run under scripts/with-virtual-tokens.sh (scripts/e2e.sh does)');
});

async function openAllowed(session, url, consentOptions) {
  const page = await session.newPage();
  const consent = answerConsent(session, 'allow', consentOptions);
  await page.goto(url);
  await consent;
  await expect.poll(() => attrOf(page, '#status', 'class')).toBe('ok');
  return page;
}

// The demo pages fill their selects asynchronously: wait for the option, then choose it.
async function choose(page, selector, value) {
  await expect.poll(() => countOf(page, `${selector} option[value="${value}"]`)).toBe(1);
  await selectOption(page, selector, value);
}

async function enrolledKey(page, deviceId) {
  const { result, error } = await callApi(page, 'listCertificates', { deviceId });
  if (error) throw new Error(`listCertificates: ${error.code}`);
  expect(result.certificates.length).toBeGreaterThan(0);
  return result.certificates[0];
}

// On the demo enroll page (open in `page`): a key and its TEST CA certificate with this common
// name, through three PIN windows; returns what the first one showed and the new key. The token
// keeps the keys of earlier tests (the other browser's too), each certified by another test's
// throwaway TEST CA: a test uses the key it enrolled.
async function enrollOnDemoPage(session, page, deviceId, commonName) {
  const certificates = async () => (await callApi(page, 'listCertificates', { deviceId })).result.certificates;
  const before = new Set((await certificates()).map((k) => k.keyId));
  await choose(page, '#device', deviceId);
  await page.type('#cn', commonName);
  await page.click('#enroll');
  const generate = await answerPin(session, { pin: PIN });
  await answerPin(session, { pin: PIN }); // createCsr
  await answerPin(session, { pin: PIN }); // importCertificate
  await expect.poll(() => textOf(page, '#enrolled')).toContain(commonName);
  // The first vtoken (Rutoken ECP 3.0 3220) has FKN: the demo's `mode: 'auto'` takes it.
  await expect.poll(() => textOf(page, '#steps')).toContain('mode fkn');
  const added = (await certificates()).filter((k) => !before.has(k.keyId));
  expect(added).toHaveLength(1);
  return { generate, key: added[0] };
}

test('enroll on the demo page, then sign and verify on the sign page', async ({ session, demo }) => {
  test.setTimeout(90_000);
  const token = vtokens[0];
  const page = await openAllowed(session, `${demo.url}enroll.html`, { screenshot: screenshotPath('consent.png') });
  const deviceId = await deviceIdOf(page, token.reader);
  const { generate, key } = await enrollOnDemoPage(session, page, deviceId, 'Петров Пётр (e2e)');
  expect(generate.origin).toBe(new URL(demo.url).origin);
  expect(generate.title).toBe('Confirm: create a key pair on the token'); // not "the signature"
  expect(generate.confirm).toBe('Confirm');
  expect(generate.token).toBeTruthy();
  expect(generate.retries).toMatch(/\d/);
  await expect.poll(() => textOf(page, '#enrolled')).toContain('TEST CA');
  expect(key.mode).toBe('fkn');
  expect(key.extractable).toBe(false); // an FKN key never leaves the token
  expect(key.certificate.subjectDn).toContain('Петров Пётр (e2e)');
  await page.screenshot(screenshotPath('enroll.png'), { fullPage: true });

  await page.goto(`${demo.url}sign.html`);
  await expect.poll(() => attrOf(page, '#status', 'class')).toBe('ok');
  await choose(page, '#device', deviceId);
  await choose(page, '#certificate', key.keyId);
  expect(await textOf(page, '#certError') ?? '').toBe('');
  await page.click('#sign');
  const shown = await answerPin(session, { pin: PIN, screenshot: screenshotPath('pin.png') });
  expect(shown.title).toBe('Confirm the signature');
  expect(shown.owner).toContain('Петров Пётр (e2e)');
  expect(shown.issuer).toContain('TEST CA');
  expect(shown.fileName).toBe('text.txt');
  expect(shown.size).toContain('19'); // "Hello, tokenbridge!"
  await expect.poll(() => attrOf(page, '#verified', 'data-valid')).toBe('true');
  expect(await textOf(page, '#verified')).toContain('chain to the demo TEST CA yes');
  await page.screenshot(screenshotPath('sign.png'), { fullPage: true });

  await page.goto(demo.url);
  // Among the token's certificates (other specs, e.g. crypt.spec, enroll keys on it too).
  await expect.poll(() => textsOf(page, `#devices article[data-reader="${token.reader}"] .certificate`))
    .toContain('Петров Пётр (e2e)');
  await page.screenshot(screenshotPath('devices.png'), { fullPage: true });
});

test('log in on the demo page; a replayed token and a token for another origin are refused', async ({ session, demo }) => {
  test.setTimeout(90_000);
  const origin = new URL(demo.url).origin;
  // Each test's demo server has its own throwaway TEST CA: a certificate of an earlier test's
  // would be (rightly) untrusted here, so this test enrolls its own.
  const page = await openAllowed(session, `${demo.url}enroll.html`);
  const deviceId = await deviceIdOf(page, vtokens[0].reader);
  const { key: { keyId, certificate } } = await enrollOnDemoPage(session, page, deviceId, 'Логинов Лев (e2e)');
  const commonName = certificate.subject.find((a) => a.oid === '2.5.4.3').value;
  expect(commonName).toBe('Логинов Лев (e2e)');
  await page.goto(`${demo.url}login.html`);
  await expect.poll(() => attrOf(page, '#status', 'class')).toBe('ok');
  await choose(page, '#device', deviceId);
  await choose(page, '#certificate', keyId);

  await page.click('#login');
  const shown = await answerPin(session, { pin: PIN, screenshot: test.info().outputPath('pin-login.png') });
  expect(shown.title).toBe(`Log in to ${origin} as ${commonName}`);
  expect(shown.origin).toBe(origin);
  expect(shown.confirm).toBe('Log in');
  expect(shown.owner).toContain(commonName);
  expect(shown.issuer).toContain('TEST CA');
  expect(shown.fileName).toBeNull(); // no document section
  const login = '#attempts [data-kind="login"]';
  await expect.poll(() => attrOf(page, login, 'data-logged-in')).toBe('true');
  expect(await textOf(page, `${login} .verdict`)).toContain(`Logged in as ${certificate.subjectDn}`);
  expect(await textOf(page, `${login} .verdict`)).toContain('TEST CA');
  await page.screenshot(test.info().outputPath('login.png'), { fullPage: true });

  // The same token and nonce again: the server spent the nonce (no PIN window: nothing is signed).
  await page.click('#replay');
  const replay = '#attempts [data-kind="replay"]';
  await expect.poll(() => attrOf(page, replay, 'data-logged-in')).toBe('false');
  await expect.poll(() => textOf(page, `${replay} .verdict`)).toContain('used already');

  // A fresh token for this origin, checked as a server at another origin would: verify-auth's own
  // refusal (the nonce was fresh, so the origin is why).
  await page.click('#relay');
  await answerPin(session, { pin: PIN });
  const relayed = '#attempts [data-kind="phishing-relay"]';
  await expect.poll(() => attrOf(page, relayed, 'data-logged-in')).toBe('false');
  expect(await attrOf(page, relayed, 'data-valid')).toBe('false');
  await expect.poll(() => textOf(page, `${relayed} .verdict`))
    .toContain('Refused (expected origin https://evil.example): signature');
});

test('cancelling the PIN window rejects with USER_CANCELLED; a wrong PIN shows the tries left', async ({ session, demo }) => {
  const page = await openAllowed(session, `${demo.url}sign.html`);
  const deviceId = await deviceIdOf(page, vtokens[0].reader);
  const { keyId, mode } = await enrolledKey(page, deviceId);

  const cancelled = callApi(page, 'sign', { deviceId, keyId, data: 'cancel me' });
  await answerPin(session, { cancel: true });
  expect((await cancelled).error.code).toBe('USER_CANCELLED');

  const signed = callApi(page, 'sign', { deviceId, keyId, data: 'wrong PIN first' });
  const first = await answerPin(session, { pin: '00000000', keyboard: true }); // typed, then Enter
  const before = Number(first.retries.match(/\d+/)[0]);
  const second = await answerPin(session, { pin: PIN, keyboard: true });
  expect(second.error).toBe('Wrong PIN.');
  expect(second.retries).toContain(String(before - 1));
  const { result, error } = await signed;
  expect(error).toBeUndefined();
  expect(result.cms.length).toBeGreaterThan(100);
  // The right PIN restored the tries: an FKN key's are SESPAKE's (C_1, docs/fkn.md), which the
  // PIN window showed from the start.
  const info = await callApi(page, 'getDeviceInfo', deviceId);
  const user = info.result.pins.user;
  expect(mode === 'fkn' ? user.sespakeRetriesLeft : user.retriesLeft).toBe(before);
});

// The same bytes in the page and here: byte i is (i * 7 + (i >> 12)) & 0xff.
function pattern(size) {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 7 + (i >> 12)) & 0xff;
  return bytes;
}

function opensslVerifies(cmsBase64, content) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-e2e-cms-'));
  try {
    // The one app-local gost engine configuration of the tests (scripts/gost_openssl_conf.py).
    fs.writeFileSync(path.join(dir, 'openssl.cnf'),
      execFileSync('python3', [new URL('../../scripts/gost_openssl_conf.py', import.meta.url).pathname]));
    fs.writeFileSync(path.join(dir, 'sig.der'), Buffer.from(cmsBase64, 'base64'));
    fs.writeFileSync(path.join(dir, 'content'), content);
    // -noverify: the chain is the demo TEST CA's, not checked here; signature + digest are.
    execFileSync('openssl', ['cms', '-verify', '-binary', '-noverify', '-inform', 'DER', '-in', 'sig.der',
      '-content', 'content', '-out', '/dev/null'], { cwd: dir, env: { ...process.env, OPENSSL_CONF: path.join(dir, 'openssl.cnf') }, stdio: 'pipe' });
    return true;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// The messageDigest attribute of a CMS's (first) signer, as hex: the OID 1.2.840.113549.1.9.4,
// then SET { OCTET STRING }.
function messageDigestHex(cmsBase64) {
  const der = Buffer.from(cmsBase64, 'base64');
  const oid = Buffer.from('06092a864886f70d010904', 'hex');
  const at = der.indexOf(oid);
  if (at < 0) throw new Error('no messageDigest in the CMS');
  const octets = at + oid.length + 2; // SET tag and (short) length
  if (der[octets] !== 0x04) throw new Error('messageDigest is not an OCTET STRING');
  return der.subarray(octets + 2, octets + 2 + der[octets + 1]).toString('hex');
}

test('the certificate chooser gives the page exactly the certificate the user picks', async ({ session, demo }) => {
  const page = await openAllowed(session, `${demo.url}sign.html`);
  const deviceId = await deviceIdOf(page, vtokens[0].reader);
  await enrolledKey(page, deviceId);
  const chosen = callApi(page, 'selectCertificate', { issuer: 'TEST CA' });
  const chooser = await session.waitForWindow('/ui/select.html');
  // The last row, not the preselected first one: the page must get the row the user picked.
  const last = '#choices label:last-child';
  await expect.poll(() => textOf(chooser, `${last} strong`)).toBeTruthy();
  const shownSubject = await textOf(chooser, `${last} strong`);
  expect(await auditWindow(chooser)).toEqual([]); // certificates listed: still fits, all named
  await chooser.screenshot(screenshotPath('select.png'));
  // By keyboard: the focus is on the first row; ArrowUp wraps to the last, Enter chooses (once
  // the Choose button is armed: a disabled default button blocks the submission).
  await expect.poll(() => chooser.evaluate(() => !document.querySelector('#choose').disabled)).toBe(true);
  await expect.poll(() => chooser.evaluate(() => document.activeElement?.name)).toBe('choice');
  if (await countOf(chooser, '#choices label') > 1) await chooser.press('ArrowUp');
  await expect.poll(() => chooser.evaluate((sel) => document.querySelector(sel).checked, `${last} input`)).toBe(true);
  await chooser.press('Enter');
  const { result, error } = await chosen;
  expect(error).toBeUndefined();
  expect(Object.keys(result).sort()).toEqual(['certificate', 'deviceId', 'keyId']);
  expect(result.certificate.subjectDn).toBe(shownSubject);
  const { result: all } = await callApi(page, 'listCertificates', { deviceId: result.deviceId });
  expect(all.certificates.find((k) => k.keyId === result.keyId).certificate).toEqual(result.certificate);
});

test('the signature window shows the digest the CMS carries, for data, a hash and a stream', async ({ session, demo }) => {
  const page = await openAllowed(session, `${demo.url}sign.html`);
  const deviceId = await deviceIdOf(page, vtokens[0].reader);
  const { keyId } = await enrolledKey(page, deviceId);
  const signWith = async (params) => {
    const signing = callApi(page, 'sign', { deviceId, keyId, ...params });
    const shown = await answerPin(session, { pin: PIN });
    const { result, error } = await signing;
    expect(error).toBeUndefined();
    return { digest: shown.hash.replace(/\s/g, ''), cms: result.cms };
  };
  const data = await signWith({ data: 'what you see is what you sign' });
  expect(data.digest).toMatch(/^[0-9a-f]{64}$/);
  expect(data.digest).toBe(messageDigestHex(data.cms));
  const hash = 'ab'.repeat(32);
  const signedHash = await signWith({ hash });
  expect(signedHash.digest).toBe(hash);
  expect(messageDigestHex(signedHash.cms)).toBe(hash);
  // A stream (a Blob is always streamed): the digest of the bytes the host received.
  const streamed = page.evaluate(async (params) => {
    const tb = await import('/tokenbridge.js');
    return (await tb.sign({ ...params, data: new Blob(['streamed ', 'document']) })).cms;
  }, { deviceId, keyId });
  const shown = await answerPin(session, { pin: PIN });
  const cms = await streamed;
  expect(shown.hash.replace(/\s/g, '')).toBe(messageDigestHex(cms));
});

test('a large file is streamed in chunks with progress, and the signature verifies', async ({ session, demo }) => {
  test.setTimeout(120_000);
  const page = await openAllowed(session, `${demo.url}sign.html`);
  const deviceId = await deviceIdOf(page, vtokens[0].reader);
  const { keyId } = await enrolledKey(page, deviceId);

  const started = Date.now();
  const signing = page.evaluate(async ([params, size]) => {
    const tb = await import('/tokenbridge.js');
    const bytes = new Uint8Array(size); // pattern() below, repeated: the page's CSP forbids eval
    for (let i = 0; i < size; i++) bytes[i] = (i * 7 + (i >> 12)) & 0xff;
    const file = new File([bytes], 'big.bin');
    const progress = [];
    try {
      const result = await tb.sign({ ...params, data: file, fileName: file.name, onProgress: (p) => progress.push(p) });
      return { result, progress };
    } catch (e) {
      return { error: { code: e.code, message: e.message }, progress };
    }
  }, [{ deviceId, keyId }, STREAM_BYTES]);
  const shown = await answerPin(session, { pin: PIN, timeout: 90_000 });
  const { result, error, progress } = await signing;
  const seconds = (Date.now() - started) / 1000;
  console.log(`${session.name}: streamed sign of ${STREAM_BYTES} bytes: ${seconds.toFixed(1)} s (PIN window included)`);
  expect(error).toBeUndefined();
  expect(shown.fileName).toBe('big.bin');
  expect(shown.size).toContain(String(STREAM_BYTES)); // the bytes the host confirmed receiving
  expect(result.size).toBe(STREAM_BYTES);
  expect(progress.length).toBe(Math.ceil(STREAM_BYTES / (1024 * 1024)));
  expect(progress.at(-1)).toEqual({ sent: STREAM_BYTES, total: STREAM_BYTES });
  expect(progress.every((p, i) => i === 0 || p.sent > progress[i - 1].sent)).toBe(true);
  expect(opensslVerifies(result.cms, pattern(STREAM_BYTES))).toBe(true);
});

// The extension hashes a large document itself (hasher frame) and the page signs the digest;
// the size in the signature window is the one the content script counted for that digest, never
// a size the page claims (docs/security.md). The host's streaming (js-api's road with an
// extension that cannot hash) signs the same digest.
test('the size in the signature window is the one the extension hashed, not a size the page claims; the host stream signs the same digest', async ({ session, demo }) => {
  const page = await openAllowed(session, `${demo.url}sign.html`);
  const deviceId = await deviceIdOf(page, vtokens[0].reader);
  const { keyId } = await enrolledKey(page, deviceId);
  const SIZE = 3 * 1024 * 1024 + 5;
  const signing = page.evaluate(async ([params, size]) => {
    const tb = await import('/tokenbridge.js');
    const blob = new Blob([new Uint8Array(size).fill(7)]);
    return (await tb.sign({ ...params, data: blob })).cms;
  }, [{ deviceId, keyId }, SIZE]);
  const shown = await answerPin(session, { pin: PIN });
  const cms = await signing;
  const digest = messageDigestHex(cms);
  expect(shown.hash.replace(/\s/g, '')).toBe(digest);
  expect(shown.size).toContain(String(SIZE));
  const viaHost = page.evaluate(async ([params, size]) => {
    const tb = await import('/tokenbridge.js');
    const progress = [];
    const blob = new Blob([new Uint8Array(size).fill(7)]);
    const result = await tb.sign({ ...params, data: blob, hashIn: 'host', onProgress: (p) => progress.push(p.sent) });
    return { cms: result.cms, size: result.size, progress };
  }, [{ deviceId, keyId }, SIZE]);
  const hostShown = await answerPin(session, { pin: PIN });
  const streamed = await viaHost;
  expect(hostShown.hash.replace(/\s/g, '')).toBe(digest);
  expect(hostShown.size).toContain(String(SIZE)); // the bytes the host confirmed receiving
  expect(messageDigestHex(streamed.cms)).toBe(digest);
  expect(streamed.progress).toEqual([1048576, 2097152, 3145728, SIZE]);
  // The page's own channel, with a `display` the library never sends: that digest (known to the
  // content script) and a made-up one (not known), each with a size the page claims.
  const raw = (hash) => page.evaluate(([params, hash]) => new Promise((resolve) => {
    window.addEventListener('message', function onPong(ev) {
      if (ev.data?.__tokenbridge !== 1 || ev.data.dir !== 'pong') return;
      window.removeEventListener('message', onPong);
      const port = ev.ports[0];
      port.onmessage = (m) => resolve(m.data.error?.code ?? 'signed');
      port.postMessage({ dir: 'request', op: 'request', id: 1, command: 'sign', params: { ...params, hash }, display: { hashedSize: 12345, size: 12345 } });
    });
    window.postMessage({ __tokenbridge: 1, dir: 'ping' }, window.location.origin);
  }), [{ deviceId, keyId }, hash]);
  const base64 = Buffer.from(digest, 'hex').toString('base64');
  for (const [hash, size] of [[base64, String(SIZE)], ['cd'.repeat(32), null]]) {
    const answer = raw(hash);
    const window = await answerPin(session, { cancel: true });
    expect(await answer).toBe('USER_CANCELLED');
    expect(window.size ?? '').not.toContain('12345');
    if (size) expect(window.size).toContain(size);
  }
});
