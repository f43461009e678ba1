// The demo's login back end: a nonce is good once and for 5 minutes; the server checks a token
// against its own configured origin (never the request's), spends the nonce before checking, and
// a simulated phishing relay never logs in. verify-auth is a stand-in script here that answers
// what it is told and echoes the arguments it got.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createNonceStore, NONCE_TTL_MS, PHISHING_ORIGIN } from '../../../demo/auth.mjs';
import { startDemoServer } from '../../../demo/server.mjs';

test('a nonce is 32 random bytes in base64, good once, for 5 minutes', () => {
  let now = 1_000_000;
  const store = createNonceStore({ now: () => now });
  const { nonce, expiresAt } = store.issue();
  assert.equal(Buffer.from(nonce, 'base64').length, 32);
  assert.equal(Date.parse(expiresAt), now + NONCE_TTL_MS);
  assert.notEqual(store.issue().nonce, nonce);
  assert.equal(store.take(nonce), null);
  assert.match(store.take(nonce), /used already/);
  assert.match(store.take('bm90IGlzc3VlZA=='), /never issued/);
  assert.match(store.take(undefined), /never issued/);

  const late = store.issue().nonce;
  now += NONCE_TTL_MS;
  assert.match(store.take(late), /expired/);
});

// A stand-in for tokenbridge-host: prints {valid, subject, args} and exits 0 (valid) or 1.
function fakeHost(dir, valid) {
  const file = path.join(dir, `fake-host-${valid}.sh`);
  fs.writeFileSync(file, `#!/bin/sh
cat > /dev/null
printf '{"valid":${valid},"subject":"CN=Test","reason":"fake","args":"%s"}\\n' "$*"
exit ${valid ? 0 : 1}
`, { mode: 0o755 });
  return file;
}

// POST with Host: evil.example (fetch would not send another Host than the URL's).
function post(url, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', host: 'evil.example' } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode, ...JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

test('the login route: own origin, the nonce spent once, the simulation never logs in', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-demo-auth-'));
  const server = await startDemoServer({ port: 0, hostBin: fakeHost(dir, true) });
  try {
    const authToken = { format: 'tokenbridge-auth:1' };
    const { nonce } = await post(`${server.url}auth/nonce`, {});
    const ok = await post(`${server.url}auth/login`, { authToken, nonce });
    assert.equal(ok.status, 200);
    assert.equal(ok.loggedIn, true);
    assert.equal(ok.subject, 'CN=Test');
    // The configured origin, although the request said Host: evil.example.
    assert.equal(server.origin, new URL(server.url).origin);
    assert.match(ok.args, new RegExp(`^verify-auth --origin ${server.origin} --nonce ${nonce.replace(/[+/]/g, '\\$&')} --token - --trusted-root /`));

    const replay = await post(`${server.url}auth/login`, { authToken, nonce });
    assert.deepEqual([replay.status, replay.loggedIn, replay.args], [401, false, undefined]);
    assert.match(replay.reason, /used already/);

    const relayed = await post(`${server.url}auth/login`, { authToken, nonce: (await post(`${server.url}auth/nonce`, {})).nonce, simulate: 'phishing-relay' });
    assert.equal(relayed.valid, true); // the stand-in says valid: the simulation still refuses
    assert.deepEqual([relayed.status, relayed.loggedIn, relayed.expectedOrigin], [401, false, PHISHING_ORIGIN]);
    assert.match(relayed.args, new RegExp(`--origin ${PHISHING_ORIGIN} `));

    assert.equal((await post(`${server.url}auth/login`, { nonce })).status, 400);
    assert.equal((await post(`${server.url}auth/login`, { authToken, nonce, simulate: 'other' })).status, 400);
  } finally {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an invalid token is refused with the checker\'s reason', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-demo-auth-'));
  const server = await startDemoServer({ port: 0, hostBin: fakeHost(dir, false) });
  try {
    const { nonce } = await post(`${server.url}auth/nonce`, {});
    const refused = await post(`${server.url}auth/login`, { authToken: {}, nonce });
    assert.deepEqual([refused.status, refused.loggedIn, refused.reason], [401, false, 'fake']);
  } finally {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
