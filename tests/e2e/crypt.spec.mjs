// Both browsers (see driver.mjs): encrypt and decrypt on the demo crypt page against a virtual
// token: a key enrolled on the demo enroll page (FKN on the first token), encrypt() to its
// certificate (no PIN window), decrypt() through the real PIN window, whose title names the
// origin; the plaintext comes back; a changed message is refused with DECRYPTION_FAILED.
import { test, expect } from './fixtures.mjs';
import { answerConsent, answerPin, attrOf, countOf, deviceIdOf, selectOption, textOf, callApi } from './driver.mjs';
import { vtokens } from './env.mjs';

const PIN = '12345678'; // the vtoken factory user PIN

async function choose(page, selector, value) {
  await expect.poll(() => countOf(page, `${selector} option[value="${value}"]`)).toBe(1);
  await selectOption(page, selector, value);
}

test('encrypt to a token certificate, decrypt with the token through the PIN window', async ({ session, demo }) => {
  test.setTimeout(60_000);
  if (vtokens.length === 0) throw new Error('run under scripts/with-virtual-tokens.sh (scripts/e2e.sh does)');
  const origin = new URL(demo.url).origin;
  const page = await session.newPage();
  const consent = answerConsent(session, 'allow');
  await page.goto(`${demo.url}enroll.html`);
  await consent;
  await expect.poll(() => attrOf(page, '#status', 'class')).toBe('ok');
  const deviceId = await deviceIdOf(page, vtokens[0].reader);
  const listed = async () => (await callApi(page, 'listCertificates', { deviceId })).result.certificates;
  const before = new Set((await listed()).map((k) => k.keyId));
  await choose(page, '#device', deviceId);
  await page.type('#cn', 'Шифров Шамиль (e2e)');
  await page.click('#enroll');
  for (let i = 0; i < 3; i++) await answerPin(session, { pin: PIN }); // key, CSR, certificate
  await expect.poll(() => textOf(page, '#enrolled')).toContain('Шифров Шамиль (e2e)');
  const key = (await listed()).find((k) => !before.has(k.keyId));
  expect(key.mode).toBe('fkn');

  await page.goto(`${demo.url}crypt.html`);
  await expect.poll(() => attrOf(page, '#status', 'class')).toBe('ok');
  await choose(page, '#device', deviceId);
  await choose(page, '#certificate', key.keyId);
  await page.click('#encrypt'); // no PIN window: only the certificate is used
  await expect.poll(() => attrOf(page, '#result div', 'data-encrypted')).toBe('true');
  expect(await session.windowCount('/ui/pin.html')).toBe(0);

  await page.click('#decrypt');
  const shown = await answerPin(session, { pin: PIN });
  expect(shown.title).toBe(`Decrypt a message for ${origin}`);
  expect(shown.confirm).toBe('Decrypt');
  expect(shown.owner).toContain('Шифров Шамиль (e2e)');
  await expect.poll(() => attrOf(page, '#result div', 'data-decrypted')).toBe('true');
  expect(await textOf(page, '#result .plaintext')).toBe('A secret for the token\'s owner.');

  // A changed byte of the EnvelopedData: the PIN window again, then DECRYPTION_FAILED.
  const cms = await page.evaluate(() => document.querySelector('#cms').value);
  const bytes = Uint8Array.from(Buffer.from(cms, 'base64'));
  bytes[bytes.length - 40] ^= 1; // inside the encrypted content, before the MAC attribute
  const decrypting = callApi(page, 'decrypt', { deviceId, keyId: key.keyId, cms: Buffer.from(bytes).toString('base64') });
  await answerPin(session, { pin: PIN });
  expect((await decrypting).error?.code).toBe('DECRYPTION_FAILED');
});
