// The extension's message catalogues: every message in English and Russian with the same
// placeholders, and every key the windows use exists (a missing one would show its bare key).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const EXTENSION = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../extension');
const load = (lang) => JSON.parse(fs.readFileSync(path.join(EXTENSION, `_locales/${lang}/messages.json`), 'utf8'));
const [en, ru] = [load('en'), load('ru')];

test('every message exists in English and Russian, with the same placeholders', () => {
  assert.deepEqual(Object.keys(ru).sort(), Object.keys(en).sort());
  for (const [key, { message, placeholders }] of Object.entries(en)) {
    assert.deepEqual(Object.keys(ru[key].placeholders ?? {}), Object.keys(placeholders ?? {}), key);
    assert.ok(message.trim() && ru[key].message.trim(), `${key} is empty`);
  }
});

test('every message key the windows and the manifest use exists', () => {
  const used = new Set();
  const ui = path.join(EXTENSION, 'ui');
  for (const file of fs.readdirSync(ui)) {
    const text = fs.readFileSync(path.join(ui, file), 'utf8');
    for (const [, key] of text.matchAll(/data-i18n="([^"]+)"/g)) used.add(key);
    for (const [, key] of text.matchAll(/\bt\('([A-Za-z]+)'/g)) used.add(key);
  }
  const manifest = fs.readFileSync(path.join(EXTENSION, 'manifest.json'), 'utf8');
  for (const [, key] of manifest.matchAll(/__MSG_([A-Za-z]+)__/g)) used.add(key);
  assert.ok(used.size > 20, `only ${used.size} keys found: the scan is broken`);
  assert.deepEqual([...used].filter((k) => !Object.hasOwn(en, k)), []);
});
