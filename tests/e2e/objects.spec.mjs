// Both browsers (see driver.mjs): the demo objects page against the first virtual token (FKN
// mode): a data object written through the page (PIN window), read back and listed without a
// PIN; then a raw signature (rawSign) whose PIN window shows exactly the digest the token signs,
// checked by `openssl pkeyutl -verify` with the key's public key from getPublicKey.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from './fixtures.mjs';
import { answerConsent, answerPin, attrOf, callApi, countOf, deviceIdOf, selectOption, textOf } from './driver.mjs';
import { vtokens } from './env.mjs';

const PIN = '12345678'; // the vtoken factory user PIN

test.beforeAll(() => {
  if (vtokens.length === 0) throw new Error('run under scripts/with-virtual-tokens.sh (scripts/e2e.sh does)');
});

// openssl (with the tests' one gost engine configuration) checks a raw GOST signature of a digest.
function pkeyutlVerifies(spkiBase64, digestHex, signatureBase64) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-e2e-raw-'));
  try {
    fs.writeFileSync(path.join(dir, 'openssl.cnf'),
      execFileSync('python3', [new URL('../../scripts/gost_openssl_conf.py', import.meta.url).pathname]));
    fs.writeFileSync(path.join(dir, 'pub.der'), Buffer.from(spkiBase64, 'base64'));
    fs.writeFileSync(path.join(dir, 'digest'), Buffer.from(digestHex, 'hex'));
    fs.writeFileSync(path.join(dir, 'sig'), Buffer.from(signatureBase64, 'base64'));
    execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-keyform', 'DER', '-inkey', 'pub.der',
      '-in', 'digest', '-sigfile', 'sig'], { cwd: dir, env: { ...process.env, OPENSSL_CONF: path.join(dir, 'openssl.cnf') }, stdio: 'pipe' });
    return true;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const setValue = (page, selector, value) => page.evaluate(([sel, v]) => {
  document.querySelector(sel).value = v;
}, [selector, value]);

test('objects page: a data object written, read and listed; a raw signature of the digest the PIN window shows', async ({ session, demo }) => {
  test.setTimeout(60_000);
  const page = await session.newPage();
  const consent = answerConsent(session, 'allow');
  await page.goto(`${demo.url}objects.html`);
  await consent;
  await expect.poll(() => attrOf(page, '#status', 'class')).toBe('ok');
  const deviceId = await deviceIdOf(page, vtokens[0].reader);
  await expect.poll(() => countOf(page, `#device option[value="${deviceId}"]`)).toBe(1);
  await selectOption(page, '#device', deviceId);

  // A data object: written through the PIN window, then read and listed without one.
  const name = `e2e-${test.info().project.name}-${Date.now()}`;
  const value = `Заметка ${name}`;
  await setValue(page, '#dataName', name);
  await setValue(page, '#dataValue', value);
  await page.click('#writeData');
  const written = await answerPin(session, { pin: PIN });
  expect(written.title).toContain('Write a data object');
  await expect.poll(() => textOf(page, '#written')).toContain(`Written: ${name}`);
  await page.click('#readData');
  await expect.poll(() => textOf(page, '#read')).toBe(value);
  await page.click('#listData');
  await expect.poll(() => textOf(page, '#dataList')).toContain(name);

  // A raw signature: the window shows the digest, grouped by 4 hex digits; openssl checks it.
  const generating = callApi(page, 'generateKeyPair', { deviceId, mode: 'fkn' });
  await answerPin(session, { pin: PIN });
  const { result: generated, error: generateError } = await generating;
  expect(generateError).toBeUndefined();
  const keyId = generated.key.keyId;
  const digest = [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, '0')).join('');
  const signing = callApi(page, 'rawSign', { deviceId, keyId, digest });
  const shown = await answerPin(session, { pin: PIN });
  expect(shown.title).toContain('raw signature');
  expect(shown.hash).toBe(digest.match(/.{4}/g).join(' '));
  const { result: signed, error: signError } = await signing;
  expect(signError).toBeUndefined();
  expect(Buffer.from(signed.signature, 'base64')).toHaveLength(64);
  const { result: publicKey } = await callApi(page, 'getPublicKey', { deviceId, keyId });
  expect(pkeyutlVerifies(publicKey.publicKey, digest, signed.signature)).toBe(true);
});
