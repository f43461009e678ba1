// Chromium: keys and signatures through the demo pages and the real PIN window, against a
// virtual token (passive mode): enroll (generateKeyPair -> createCsr -> demo TEST CA ->
// importCertificate), sign + verify, log in (authenticate + the demo server's verify-auth),
// cancel, wrong PIN, and a streamed signature of a large file.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, answerConsent, answerPin, callApi, deviceIdOf, waitForExtensionPage } from './fixtures.mjs';
import { REPO, vtokens } from './env.mjs';

const PIN = '12345678'; // the vtoken factory user PIN
const STREAM_BYTES = Number(process.env.TOKENBRIDGE_E2E_STREAM_MB ?? 200) * 1024 * 1024;

// Screenshots for the README go to docs/screenshots only when asked (scripts/screenshots.sh),
// so that an ordinary run leaves the tree alone.
function screenshotPath(name) {
  if (process.env.TOKENBRIDGE_SCREENSHOTS_DIR) return path.join(process.env.TOKENBRIDGE_SCREENSHOTS_DIR, name);
  if (process.env.TOKENBRIDGE_SCREENSHOTS === '1') return path.join(REPO, 'docs/screenshots', name);
  return test.info().outputPath(name);
}

test.describe.configure({ mode: 'serial' }); // the later tests use the key the first one enrolls

test.beforeAll(() => {
  if (vtokens.length === 0) throw new Error('run under scripts/with-virtual-tokens.sh (scripts/e2e.sh does)');
});

async function openAllowed(context, url) {
  const page = await context.newPage();
  const consent = answerConsent(context, 'allow');
  await page.goto(url);
  await consent;
  await expect(page.locator('#status')).toHaveClass('ok');
  return page;
}

async function enrolledKey(page, deviceId) {
  const { result, error } = await callApi(page, 'listCertificates', { deviceId });
  if (error) throw new Error(`listCertificates: ${error.code}`);
  expect(result.certificates.length).toBeGreaterThan(0);
  return result.certificates[0];
}

// On the demo enroll page (open in `page`): a key and its TEST CA certificate with this common
// name, through three PIN windows; returns what the first one showed.
async function enrollOnDemoPage(context, page, deviceId, commonName) {
  await page.locator('#device').selectOption(deviceId);
  await page.locator('#cn').fill(commonName);
  await page.locator('#enroll').click();
  const generate = await answerPin(context, { pin: PIN });
  await answerPin(context, { pin: PIN }); // createCsr
  await answerPin(context, { pin: PIN }); // importCertificate
  await expect(page.locator('#enrolled')).toContainText(commonName);
  return generate;
}

test('enroll on the demo page, then sign and verify on the sign page', async ({ context, demo }) => {
  test.setTimeout(90_000);
  const token = vtokens[0];
  const page = await openAllowed(context, `${demo.url}enroll.html`);
  const deviceId = await deviceIdOf(page, token.reader);
  const generate = await enrollOnDemoPage(context, page, deviceId, 'Петров Пётр (e2e)');
  expect(generate.origin).toBe(new URL(demo.url).origin);
  expect(generate.title).toBe('Confirm: create a key pair on the token'); // not "the signature"
  expect(generate.confirm).toBe('Confirm');
  expect(generate.token).toBeTruthy();
  expect(generate.retries).toMatch(/\d/);
  await expect(page.locator('#enrolled')).toContainText('TEST CA');
  await page.screenshot({ path: screenshotPath('enroll.png'), fullPage: true });

  await page.goto(`${demo.url}sign.html`);
  await expect(page.locator('#status')).toHaveClass('ok');
  await page.locator('#device').selectOption(deviceId);
  await expect(page.locator('#certificate option')).toHaveCount(1);
  await expect(page.locator('#certError')).toBeEmpty();
  await page.locator('#sign').click();
  const shown = await answerPin(context, { pin: PIN, screenshot: screenshotPath('pin.png') });
  expect(shown.title).toBe('Confirm the signature');
  expect(shown.owner).toContain('Петров Пётр (e2e)');
  expect(shown.issuer).toContain('TEST CA');
  expect(shown.fileName).toBe('text.txt');
  expect(shown.size).toContain('19'); // "Hello, tokenbridge!"
  await expect(page.locator('#verified')).toHaveAttribute('data-valid', 'true');
  await expect(page.locator('#verified')).toContainText('chain to the demo TEST CA yes');
  await page.screenshot({ path: screenshotPath('sign.png'), fullPage: true });

  await page.goto(demo.url);
  const card = page.locator(`#devices article[data-reader="${token.reader}"]`);
  await expect(card.locator('.certificate')).toContainText('Петров Пётр (e2e)');
  await page.screenshot({ path: screenshotPath('devices.png'), fullPage: true });
});

test('log in on the demo page; a replayed token and a token for another origin are refused', async ({ context, demo }) => {
  test.setTimeout(90_000);
  const origin = new URL(demo.url).origin;
  // Each test's demo server has its own throwaway TEST CA: a certificate of an earlier test's
  // would be (rightly) untrusted here, so this test enrolls its own.
  const page = await openAllowed(context, `${demo.url}enroll.html`);
  const deviceId = await deviceIdOf(page, vtokens[0].reader);
  const certificates = async () => (await callApi(page, 'listCertificates', { deviceId })).result.certificates;
  const before = new Set((await certificates()).map((k) => k.keyId));
  await enrollOnDemoPage(context, page, deviceId, 'Логинов Лев (e2e)');
  const { keyId, certificate } = (await certificates()).find((k) => !before.has(k.keyId));
  const commonName = certificate.subject.find((a) => a.oid === '2.5.4.3').value;
  expect(commonName).toBe('Логинов Лев (e2e)');
  await page.goto(`${demo.url}login.html`);
  await expect(page.locator('#status')).toHaveClass('ok');
  await page.locator('#device').selectOption(deviceId);
  await page.locator('#certificate').selectOption(keyId);

  await page.locator('#login').click();
  const shown = await answerPin(context, { pin: PIN, screenshot: test.info().outputPath('pin-login.png') });
  expect(shown.title).toBe(`Log in to ${origin} as ${commonName}`);
  expect(shown.origin).toBe(origin);
  expect(shown.confirm).toBe('Log in');
  expect(shown.owner).toContain(commonName);
  expect(shown.issuer).toContain('TEST CA');
  expect(shown.fileName).toBeNull(); // no document section
  const login = page.locator('#attempts [data-kind="login"]');
  await expect(login).toHaveAttribute('data-logged-in', 'true');
  await expect(login.locator('.verdict')).toContainText(`Logged in as ${certificate.subjectDn}`);
  await expect(login.locator('.verdict')).toContainText('TEST CA');
  await page.screenshot({ path: test.info().outputPath('login.png'), fullPage: true });

  // The same token and nonce again: the server spent the nonce (no PIN window: nothing is signed).
  await page.locator('#replay').click();
  const replay = page.locator('#attempts [data-kind="replay"]');
  await expect(replay).toHaveAttribute('data-logged-in', 'false');
  await expect(replay.locator('.verdict')).toContainText('used already');

  // A fresh token for this origin, checked as a server at another origin would: verify-auth's own
  // refusal (the nonce was fresh, so the origin is why).
  await page.locator('#relay').click();
  await answerPin(context, { pin: PIN });
  const relayed = page.locator('#attempts [data-kind="phishing-relay"]');
  await expect(relayed).toHaveAttribute('data-logged-in', 'false');
  await expect(relayed).toHaveAttribute('data-valid', 'false');
  await expect(relayed.locator('.verdict')).toContainText('Refused (expected origin https://evil.example): signature');
});

test('cancelling the PIN window rejects with USER_CANCELLED; a wrong PIN shows the tries left', async ({ context, demo }) => {
  const page = await openAllowed(context, `${demo.url}sign.html`);
  const deviceId = await deviceIdOf(page, vtokens[0].reader);
  const { keyId } = await enrolledKey(page, deviceId);

  const cancelled = callApi(page, 'sign', { deviceId, keyId, data: 'cancel me' });
  await answerPin(context, { cancel: true });
  expect((await cancelled).error.code).toBe('USER_CANCELLED');

  const signed = callApi(page, 'sign', { deviceId, keyId, data: 'wrong PIN first' });
  const first = await answerPin(context, { pin: '00000000' });
  const before = Number(first.retries.match(/\d+/)[0]);
  const second = await answerPin(context, { pin: PIN });
  expect(second.error).toBe('Wrong PIN.');
  expect(second.retries).toContain(String(before - 1));
  const { result, error } = await signed;
  expect(error).toBeUndefined();
  expect(result.cms.length).toBeGreaterThan(100);
  // The right PIN restored the tries.
  const info = await callApi(page, 'getDeviceInfo', deviceId);
  expect(info.result.pins.user.retriesLeft).toBe(before);
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

test('the certificate chooser gives the page exactly the certificate the user picks', async ({ context, demo }) => {
  const page = await openAllowed(context, `${demo.url}sign.html`);
  const deviceId = await deviceIdOf(page, vtokens[0].reader);
  await enrolledKey(page, deviceId);
  const chosen = callApi(page, 'selectCertificate', { issuer: 'TEST CA' });
  const chooser = await waitForExtensionPage(context, '/ui/select.html', 15_000);
  const rows = chooser.locator('#choices label');
  await expect(rows.last()).toBeVisible();
  const shownSubject = await rows.last().locator('strong').textContent();
  await rows.last().locator('input').check();
  await expect(chooser.locator('#choose')).toBeEnabled();
  await chooser.locator('#choose').click().catch((e) => { if (!chooser.isClosed()) throw e; });
  const { result, error } = await chosen;
  expect(error).toBeUndefined();
  expect(Object.keys(result).sort()).toEqual(['certificate', 'deviceId', 'keyId']);
  expect(result.certificate.subjectDn).toBe(shownSubject);
  const { result: all } = await callApi(page, 'listCertificates', { deviceId: result.deviceId });
  expect(all.certificates.find((k) => k.keyId === result.keyId).certificate).toEqual(result.certificate);
});

test('the signature window shows the digest the CMS carries, for data, a hash and a stream', async ({ context, demo }) => {
  const page = await openAllowed(context, `${demo.url}sign.html`);
  const deviceId = await deviceIdOf(page, vtokens[0].reader);
  const { keyId } = await enrolledKey(page, deviceId);
  const signWith = async (params) => {
    const signing = callApi(page, 'sign', { deviceId, keyId, ...params });
    const shown = await answerPin(context, { pin: PIN });
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
  const shown = await answerPin(context, { pin: PIN });
  const cms = await streamed;
  expect(shown.hash.replace(/\s/g, '')).toBe(messageDigestHex(cms));
});

test('a large file is streamed in chunks with progress, and the signature verifies', async ({ context, demo }) => {
  test.setTimeout(120_000);
  const page = await openAllowed(context, `${demo.url}sign.html`);
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
  const shown = await answerPin(context, { pin: PIN, timeout: 90_000 });
  const { result, error, progress } = await signing;
  const seconds = (Date.now() - started) / 1000;
  console.log(`streamed sign of ${STREAM_BYTES} bytes: ${seconds.toFixed(1)} s (PIN window included)`);
  expect(error).toBeUndefined();
  expect(shown.fileName).toBe('big.bin');
  expect(shown.size).toContain(String(STREAM_BYTES)); // the bytes the host confirmed receiving
  expect(result.size).toBe(STREAM_BYTES);
  expect(progress.length).toBe(Math.ceil(STREAM_BYTES / (1024 * 1024)));
  expect(progress.at(-1)).toEqual({ sent: STREAM_BYTES, total: STREAM_BYTES });
  expect(progress.every((p, i) => i === 0 || p.sent > progress[i - 1].sent)).toBe(true);
  expect(opensslVerifies(result.cms, pattern(STREAM_BYTES))).toBe(true);
});
