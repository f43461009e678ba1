// selectCertificate and the enumeration permission (chooser.js, main.js, permissions.js), the
// whole background against a fake `chrome` (fake-chrome.mjs) and a scripted host.
import test from 'node:test';
import assert from 'node:assert/strict';
import { installFakeChrome } from './fake-chrome.mjs';

const fake = installFakeChrome();
await import('../../../extension/background/main.js');
const { parseFilter, matches } = await import('../../../extension/background/chooser.js');

const cert = (cn, issuer, { notBefore = '2026-01-01T00:00:00Z', notAfter = '2099-01-01T00:00:00Z', keyUsage = ['digitalSignature'], policies = [] } = {}) =>
  ({ subjectDn: `CN=${cn}`, issuerDn: `CN=${issuer}`, notBefore, notAfter, keyUsage, extendedKeyUsage: ['clientAuth'], policies });
const KEYS = [
  { deviceId: 'd1', keyId: 'passive1', mode: 'passive', certificate: cert('Passive', 'TEST CA') },
  { deviceId: 'd1', keyId: 'fkn1', mode: 'fkn', certificate: cert('Fkn', 'TEST CA', { policies: ['1.2.643.100.113.1', '1.2.643.100.113.2'] }) },
  { deviceId: 'd2', keyId: 'other', mode: 'active-pkcs11', certificate: cert('Other', 'Other CA', { keyUsage: ['keyEncipherment'], policies: ['1.3.6.1.4.1.99999.7'] }) },
  { deviceId: 'd2', keyId: 'expired', mode: 'fkn', certificate: cert('Expired', 'TEST CA', { notAfter: '2020-01-01T00:00:00Z', notBefore: '2019-01-01T00:00:00Z' }) },
];
fake.hostAnswer = (frame) => ({
  version: { result: { protocolVersion: 1 } },
  listCertificates: { result: { certificates: KEYS, errors: [] } },
  listKeys: { result: { keys: KEYS } },
  listDevices: { result: { devices: [] } },
})[frame.command] ?? { error: { code: 'UNKNOWN_COMMAND', message: frame.command } };

const selectWindows = () => fake.openWindows('select');
async function windowData(win) {
  return (await new Promise((resolve) => chrome.runtime.onMessage.fire({ type: 'prompt:get', prompt: win.prompt },
    { id: chrome.runtime.id, url: win.url }, resolve))).data;
}
let seq = 0;
async function site({ enumerate }) {
  const origin = `https://chooser${++seq}.example`;
  await chrome.storage.local.set({ sites: { ...(await chrome.storage.local.get('sites')).sites,
    [origin]: { state: 'allowed', since: new Date(0).toISOString(), enumerate } } });
  return fake.connectPage(origin, 100 + seq);
}
const select = (page, params) => page.post({ op: 'selectCertificate', params });

test('filters: issuer, key usage, policies, minimum mode, valid now', () => {
  const pass = (filter) => KEYS.filter((k) => matches(k, parseFilter(filter))).map((k) => k.keyId);
  assert.deepEqual(pass({}), ['passive1', 'fkn1', 'other']);
  assert.deepEqual(pass({ issuer: 'TEST CA' }), ['passive1', 'fkn1']);
  assert.deepEqual(pass({ keyUsage: ['digitalSignature'] }), ['passive1', 'fkn1']);
  assert.deepEqual(pass({ minimum: 'active' }), ['fkn1', 'other']);
  assert.deepEqual(pass({ minimum: 'fkn', validNow: false }), ['fkn1', 'expired']);
  // Policies: any of the OIDs the site accepts; a certificate without the extension has none.
  assert.deepEqual(pass({ policies: ['1.2.643.100.113.2'] }), ['fkn1']);
  assert.deepEqual(pass({ policies: ['1.3.6.1.4.1.99999.7', '1.2.643.100.113.1'] }), ['fkn1', 'other']);
  assert.deepEqual(pass({ policies: ['1.2.643.100.113'] }), []); // an OID, not a prefix
  assert.deepEqual(pass({ policies: [] }), ['passive1', 'fkn1', 'other']);
  assert.throws(() => parseFilter({ policies: '1.2.643.100.113.1' }), (e) => e.code === 'INVALID_PARAMS' && e.details.param === 'policies');
  assert.throws(() => parseFilter({ policy: ['1.2'] }), (e) => e.code === 'INVALID_PARAMS' && e.details.param === 'policy');
  assert.throws(() => parseFilter({ minimum: 'toString' }), (e) => e.code === 'INVALID_PARAMS');
});

test('the chooser lists what passes the filter; the page gets exactly the picked certificate', async () => {
  const page = await site({ enumerate: false });
  const id = select(page, { issuer: 'TEST CA' });
  await fake.until(() => selectWindows().length === 1);
  const [win] = selectWindows();
  const data = await windowData(win);
  assert.deepEqual(data.choices.map((c) => [c.subject, c.mode, c.deviceId]), [['CN=Passive', 'passive', 'd1'], ['CN=Fkn', 'fkn', 'd1']]);
  await fake.answerPrompt('select', win.prompt, { action: 'select', index: 1 });
  await fake.until(() => page.replyTo(id));
  assert.deepEqual(page.replyTo(id).result, { deviceId: 'd1', keyId: 'fkn1', certificate: KEYS[1].certificate });
  assert.equal(selectWindows().length, 0);
});

test('closing the chooser (or an index it never offered) is USER_CANCELLED', async () => {
  const page = await site({ enumerate: false });
  const closed = select(page, {});
  await fake.until(() => selectWindows().length === 1);
  await fake.closeWindow(selectWindows()[0].id);
  await fake.until(() => page.replyTo(closed));
  assert.equal(page.replyTo(closed).error.code, 'USER_CANCELLED');
  const forged = select(page, { issuer: 'Other CA' });
  await fake.until(() => selectWindows().length === 1);
  await fake.answerPrompt('select', selectWindows()[0].prompt, { action: 'select', index: 2 }); // only 1 offered
  await fake.until(() => page.replyTo(forged));
  assert.equal(page.replyTo(forged).error.code, 'USER_CANCELLED');
});

test('without the enumeration permission listCertificates and listKeys are refused before the host', async () => {
  const page = await site({ enumerate: false });
  const before = fake.hostFrames.length;
  for (const command of ['listCertificates', 'listKeys']) {
    const reply = await page.send({ command, params: { deviceId: 'd1' } });
    assert.equal(reply.error.code, 'ORIGIN_NOT_ALLOWED', command);
    assert.equal(reply.error.permission, 'enumerate');
  }
  assert.equal(fake.hostFrames.length, before);
  const allowed = await site({ enumerate: true });
  assert.equal((await allowed.send({ command: 'listCertificates' })).result.certificates.length, KEYS.length);
});

test('the consent window grants enumeration only when its box is ticked', async () => {
  for (const enumerate of [false, true]) {
    const page = fake.connectPage(`https://new-site-${enumerate}.example`, 300 + Number(enumerate));
    const id = page.post({ command: 'listCertificates' });
    await fake.until(() => fake.openWindows('consent').length === 1);
    await fake.answerPrompt('consent', fake.openWindows('consent')[0].prompt, { action: 'allow', enumerate });
    await fake.until(() => page.replyTo(id));
    assert.equal(page.replyTo(id).error?.code, enumerate ? undefined : 'ORIGIN_NOT_ALLOWED');
  }
});

test('one chooser per origin: a second one is BUSY', async () => {
  const page = await site({ enumerate: false });
  const first = select(page, {});
  await fake.until(() => selectWindows().length === 1);
  assert.equal((await page.send({ op: 'selectCertificate' })).error.code, 'BUSY');
  await fake.closeWindow(selectWindows()[0].id);
  await fake.until(() => page.replyTo(first));
});
