// What the login PIN window is given (pin-flow.js DESCRIBERS.login), against a stand-in host:
// the certificate's owner (its CN for the title), no document, and no window at all for a key
// without a certificate.
import test from 'node:test';
import assert from 'node:assert/strict';

// The background modules register browser listeners when loaded: a stand-in for the one they touch.
globalThis.chrome = { windows: { onRemoved: { addListener() {} } }, runtime: { onConnect: { addListener() {} } } };
const { DESCRIBERS } = await import('../../../extension/background/pin-flow.js');

const ORIGIN = 'https://portal.example';
const CERTIFICATE = {
  subject: [{ oid: '1.2.840.113549.1.9.1', type: 'emailAddress', value: 'a@b.c' }, { oid: '2.5.4.3', type: 'CN', value: 'Иванов Иван' }],
  subjectDn: 'emailAddress=a@b.c,CN=Иванов Иван',
  issuerDn: 'CN=CA',
  notBefore: '2026-01-01T00:00:00Z',
  notAfter: '2027-01-01T00:00:00Z',
};

// A host that answers getKeyInfo with `key` and records what it was asked.
function hostWith(key) {
  const asked = [];
  return {
    asked,
    request: async (msg) => {
      asked.push(msg);
      return { result: { key } };
    },
  };
}

test('login: the certificate with its common name, no document, asked with the browser\'s origin', async () => {
  const host = hostWith({ keyId: 'k', certificate: CERTIFICATE });
  const shown = await DESCRIBERS.login(host, ORIGIN, { deviceId: 'd', keyId: 'k', challengeNonce: 'x'.repeat(44) });
  assert.deepEqual(shown, {
    certificate: { subject: CERTIFICATE.subjectDn, commonName: 'Иванов Иван', issuer: 'CN=CA', notBefore: CERTIFICATE.notBefore, notAfter: CERTIFICATE.notAfter },
    document: null,
  });
  assert.deepEqual(host.asked, [{ command: 'getKeyInfo', origin: ORIGIN, params: { deviceId: 'd', keyId: 'k' } }]);
});

test('login: a key without a certificate is refused before any window', async () => {
  await assert.rejects(DESCRIBERS.login(hostWith({ keyId: 'k', hasCertificate: false }), ORIGIN, { deviceId: 'd', keyId: 'k' }),
    (e) => e.code === 'INVALID_PARAMS' && e.details.param === 'keyId');
  await assert.rejects(DESCRIBERS.login(hostWith({}), ORIGIN, { deviceId: 'd' }),
    (e) => e.code === 'INVALID_PARAMS' && e.details.param === 'keyId');
});
