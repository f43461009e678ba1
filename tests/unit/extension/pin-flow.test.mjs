// What the login PIN window is given (pin-flow.js DESCRIBERS.login), against a stand-in host:
// the certificate's owner (its CN for the title), no document, and no window at all for a key
// without a certificate.
import test from 'node:test';
import assert from 'node:assert/strict';

// The background modules register browser listeners when loaded: a stand-in for the one they touch.
globalThis.chrome = { windows: { onRemoved: { addListener() {} } }, runtime: { onConnect: { addListener() {} } } };
const { DESCRIBERS, longTermSummary, triesShown } = await import('../../../extension/background/pin-flow.js');

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
    keyMode: null,
  });
  assert.deepEqual(host.asked, [{ command: 'getKeyInfo', origin: ORIGIN, params: { deviceId: 'd', keyId: 'k' } }]);
});

test('login: a key without a certificate is refused before any window', async () => {
  await assert.rejects(DESCRIBERS.login(hostWith({ keyId: 'k', hasCertificate: false }), ORIGIN, { deviceId: 'd', keyId: 'k' }),
    (e) => e.code === 'CERTIFICATE_NOT_FOUND' && e.details.keyId === 'k');
  await assert.rejects(DESCRIBERS.login(hostWith({}), ORIGIN, { deviceId: 'd' }),
    (e) => e.code === 'INVALID_PARAMS' && e.details.param === 'keyId');
});

// What the signature window shows as the document's digest is what the CMS carries as its
// messageDigest: the host's `digest` of the very data (or stream) signed, or the site's `hash`.
function signingHost(algorithm = 'gost2012_256') {
  const asked = [];
  const DIGEST = Buffer.from('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff', 'hex').toString('base64');
  return {
    asked,
    request: async (msg) => {
      asked.push(msg);
      if (msg.command === 'getKeyInfo') return { result: { key: { keyId: 'k', algorithm, certificate: CERTIFICATE } } };
      if (msg.command === 'digest') return { result: { hash: DIGEST, hashAlgorithm: 'streebog256', size: msg.params.data ? 3 : 42 } };
      return { error: { code: 'UNKNOWN_COMMAND', message: msg.command } };
    },
  };
}
const SHOWN_DIGEST = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

test('sign {data}: the digest is the host\'s digest of exactly that data, with the key\'s hash', async () => {
  const host = signingHost();
  const shown = await DESCRIBERS.key(host, ORIGIN, { deviceId: 'd', keyId: 'k', data: 'YWJj' }, { fileName: 'a.txt' });
  assert.deepEqual(shown.document, { fileName: 'a.txt', size: 3, hash: SHOWN_DIGEST, hashAlgorithm: 'streebog256' });
  assert.deepEqual(host.asked.at(-1), { command: 'digest', origin: ORIGIN, params: { data: 'YWJj', hashAlgorithm: 'streebog256' } });
  const host512 = signingHost('gost2012_512');
  await DESCRIBERS.key(host512, ORIGIN, { deviceId: 'd', keyId: 'k', data: 'YWJj' });
  assert.equal(host512.asked.at(-1).params.hashAlgorithm, 'streebog512');
});

test('sign {hash}: the site\'s hash itself, hex or base64 as the host reads it, and no digest asked', async () => {
  for (const hash of [SHOWN_DIGEST.toUpperCase(), Buffer.from(SHOWN_DIGEST, 'hex').toString('base64')]) {
    const host = signingHost();
    const shown = await DESCRIBERS.key(host, ORIGIN, { deviceId: 'd', keyId: 'k', hash });
    assert.equal(shown.document.hash, SHOWN_DIGEST);
    assert.ok(!host.asked.some((m) => m.command === 'digest'));
  }
});

test('sign {hash} of a digest the content script computed: the size it counted, and only that', async () => {
  const hash = Buffer.from(SHOWN_DIGEST, 'hex').toString('base64');
  const counted = await DESCRIBERS.key(signingHost(), ORIGIN, { deviceId: 'd', keyId: 'k', hash }, { fileName: 'big.bin', hashedSize: 1073741824 });
  assert.deepEqual(counted.document, { fileName: 'big.bin', size: 1073741824, hash: SHOWN_DIGEST, hashAlgorithm: 'streebog256' });
  // No count (a digest the page brought), or something that is not a count: no size at all.
  for (const display of [{ fileName: 'x' }, { hashedSize: '12' }, { hashedSize: 1.5 }, undefined]) {
    const shown = await DESCRIBERS.key(signingHost(), ORIGIN, { deviceId: 'd', keyId: 'k', hash }, display);
    assert.ok(!('size' in shown.document), JSON.stringify(display));
  }
});

test('a long-term signature names its type and the timestamp server\'s host; a BES names none', () => {
  assert.deepEqual(longTermSummary({ signatureType: 'cades-x-long-type-1', tsaUrl: 'https://tsa.example:8443/tsp?x=1' }),
    { type: 'cades-x-long-type-1', tsaHost: 'tsa.example:8443' });
  assert.deepEqual(longTermSummary({ signatureType: 'cades-t', tsaUrl: 'not a url' }), { type: 'cades-t', tsaHost: null });
  assert.equal(longTermSummary({ signatureType: 'cades-bes' }), null);
  assert.equal(longTermSummary({ data: 'x' }), null);
});

test('rawSign: the window shows the digest the site sent (hex or base64), which is what the token signs', async () => {
  for (const digest of [SHOWN_DIGEST.toUpperCase(), Buffer.from(SHOWN_DIGEST, 'hex').toString('base64')]) {
    const host = signingHost('gost2012_512');
    const shown = await DESCRIBERS.digest(host, ORIGIN, { deviceId: 'd', keyId: 'k', digest });
    assert.deepEqual(shown.document, { fileName: null, hash: SHOWN_DIGEST, hashAlgorithm: 'streebog512' });
    assert.equal(shown.certificate.commonName, 'Иванов Иван');
    assert.ok(!host.asked.some((m) => m.command === 'digest'));
  }
  await assert.rejects(DESCRIBERS.digest(signingHost(), ORIGIN, { deviceId: 'd', keyId: 'k' }), { code: 'INVALID_PARAMS' });
});

// The PIN window's tries are those of the road the PIN takes: SESPAKE's (C_1) for an FKN key or a
// device operation on a token with FKN keys, the PIN record's for an active or passive key.
test('the tries shown follow the road the PIN takes', () => {
  const fknToken = { user: { retriesLeft: 10, sespakeRetriesLeft: 5 }, admin: { retriesLeft: 10 } };
  assert.equal(triesShown(fknToken, 'user', 'fkn'), 5);
  assert.equal(triesShown(fknToken, 'user', null), 5);
  assert.equal(triesShown(fknToken, 'user', 'active-pkcs11'), 10);
  assert.equal(triesShown(fknToken, 'user', 'passive'), 10);
  assert.equal(triesShown(fknToken, 'admin', null), 10);
  assert.equal(triesShown({ user: { retriesLeft: 7 } }, 'user', 'fkn'), 7); // no FKN on this token
  assert.equal(triesShown({ user: { retriesLeft: 7, sespakeRetriesLeft: null } }, 'user', null), 7);
  assert.equal(triesShown(null, 'user', null), null);
});
