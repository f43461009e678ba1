// The extension's WebAssembly Streebog (extension/hasher/streebog.js over the committed
// streebog-wasm.js): the standard's example messages M1 and M2 (GOST R 34.11-2012 / RFC 6986,
// section 10) in both sizes, and random documents against `openssl dgst` of the gost engine,
// cut at and around the 64-byte block and the 1 MiB buffer, as bytes and as Blobs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';

const content = new URL('../../../extension/hasher/', import.meta.url);
const context = vm.createContext({ atob, Blob, WebAssembly, Uint8Array, ArrayBuffer, Promise, TypeError, Error, Object, String });
for (const file of ['streebog-wasm.js', 'streebog.js']) vm.runInContext(readFileSync(new URL(file, content), 'utf8'), context);
const hashDocument = context.tokenbridgeHashDocument;
const hex = (bytes) => Buffer.from(bytes).toString('hex');

// The standard writes its numbers most significant byte first; the byte strings below are the
// messages as hashed (ASCII digits for M1; M2 is bytes of a Russian text in cp1251) and the
// digests in openssl's order, which is the standard's printed order.
const M1 = Buffer.from('012345678901234567890123456789012345678901234567890123456789012');
const M2 = Buffer.from(
  'd1e520e2e5f2f0e82c20d1f2f0e8e1eee6e820e2edf3f6e82c20e2e5fef2fa20f120eceef0ff20f1f2f0e5ebe0ece820ede020f5f0e0e1f0fbff20efebfaeafb20c8e3eef0e5e2fb',
  'hex');
const VECTORS = [
  ['M1', M1, 'streebog512', '1b54d01a4af5b9d5cc3d86d68d285462b19abc2475222f35c085122be4ba1ffa00ad30f8767b3a82384c6574f024c311e2a481332b08ef7f41797891c1646f48'],
  ['M1', M1, 'streebog256', '9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500'],
  ['M2', M2, 'streebog512', '1e88e62226bfca6f9994f1f2d51569e0daf8475a3b0fe61a5300eee46d961376035fe83549ada2b8620fcd7c496ce5b33f0cb9dddc2b6460143b03dabac9fb28'],
  ['M2', M2, 'streebog256', '9dd2fe4e90409e5da87f53976d7405b0c0cac628fc669a741d50063c557e8f50'],
];

for (const [name, message, algorithm, expected] of VECTORS) {
  test(`${name} ${algorithm}: the standard's example`, async () => {
    const { hash, size } = await hashDocument(new Uint8Array(message), algorithm);
    assert.equal(hex(hash), expected);
    assert.equal(size, message.length);
  });
}

// openssl of the gost engine: a digest nobody here wrote.
function openssl(bytes, algorithm) {
  const dir = mkdtempSync(join(tmpdir(), 'tb-streebog-'));
  try {
    writeFileSync(join(dir, 'doc'), bytes);
    const md = algorithm === 'streebog256' ? '-md_gost12_256' : '-md_gost12_512';
    const out = execFileSync('openssl', ['dgst', '-engine', 'gost', md, '-r', join(dir, 'doc')], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
    return out.split(' ')[0].trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const MIB = 1024 * 1024;
const SIZES = [0, 1, 63, 64, 65, 127, 128, 4095, MIB - 1, MIB, MIB + 1, 2 * MIB + 65];
for (const algorithm of ['streebog256', 'streebog512']) {
  test(`${algorithm}: random documents equal openssl, whatever the cuts`, async () => {
    for (const size of SIZES) {
      const bytes = new Uint8Array(randomBytes(size));
      const expected = openssl(bytes, algorithm);
      const whole = await hashDocument(bytes, algorithm);
      assert.equal(hex(whole.hash), expected, `${size} bytes in one piece`);
      assert.equal(whole.size, size);
      // A Blob read in odd steps: the pieces never line up with the 64-byte blocks.
      const progress = [];
      const blob = await hashDocument(new Blob([bytes]), algorithm, { step: 1000 + (size % 7), onProgress: (done, total) => progress.push([done, total]) });
      assert.equal(hex(blob.hash), expected, `${size} bytes as a Blob`);
      assert.equal(progress.length, Math.ceil(size / (1000 + (size % 7))));
      if (size > 0) assert.deepEqual(progress.at(-1), [size, size]);
    }
  });
}

test('one changed byte changes the digest (the test can fail)', async () => {
  const bytes = new Uint8Array(randomBytes(MIB + 3));
  const before = hex((await hashDocument(bytes, 'streebog256')).hash);
  bytes[MIB + 1] ^= 1;
  assert.notEqual(hex((await hashDocument(bytes, 'streebog256')).hash), before);
  assert.equal(hex((await hashDocument(bytes, 'streebog256')).hash), openssl(bytes, 'streebog256'));
});

test('refuses what it cannot hash', async () => {
  await assert.rejects(hashDocument(new Uint8Array(1), 'sha256'), TypeError);
  await assert.rejects(hashDocument('text', 'streebog256'), TypeError);
});
