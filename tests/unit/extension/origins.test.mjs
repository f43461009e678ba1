// Which senders the extension serves: the origin comes from the browser, never from the page.
import test from 'node:test';
import assert from 'node:assert/strict';
import { senderOrigin, isServedOrigin } from '../../../extension/background/origins.js';

test('the browser-given origin wins over the URL', () => {
  assert.equal(
    senderOrigin({ origin: 'https://portal.example', url: 'https://other.example/x' }),
    'https://portal.example'
  );
});

test('an opaque origin (sandboxed frame, data: URL) is not served under its site', () => {
  assert.equal(senderOrigin({ origin: 'null', url: 'https://portal.example/frame.html' }), null);
});

test('without sender.origin (older Firefox) the URL gives the origin', () => {
  assert.equal(senderOrigin({ url: 'https://portal.example/a/b?c' }), 'https://portal.example');
  assert.equal(senderOrigin({ url: 'not a url' }), null);
  assert.equal(senderOrigin({}), null);
});

test('https anywhere, plain http only on loopback', () => {
  assert.ok(isServedOrigin('https://portal.example'));
  assert.ok(isServedOrigin('http://localhost:8080'));
  assert.ok(isServedOrigin('http://127.0.0.1:3000'));
  assert.ok(!isServedOrigin('http://portal.example'));
  assert.ok(!isServedOrigin('null'));
  assert.ok(!isServedOrigin('https://portal.example/path'));
  assert.ok(!isServedOrigin('file:///etc/passwd'));
  assert.ok(!isServedOrigin(null));
});
