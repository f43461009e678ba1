// spec/protocol.json says which component produces each error code (`producedBy`); the sources
// say the same: the host's C++ names every host code (ErrorCode::X), the extension produces
// exactly its codes (ExtCode.X, and the content script's literals), the page library exactly its
// own (ErrorCode.X outside the generated table). And every error-code-looking literal in the
// browser-side code is a code of the spec.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO, loadSpec } from '../../../scripts/gen-protocol.mjs';

const spec = loadSpec();
const GENERATED = /\/\/ BEGIN GENERATED[^\n]*\n[\s\S]*?\/\/ END GENERATED/g;
const GENERATED_FILES = new Set(['host/core/ErrorCode.hpp', 'host/protocol/CommandRuleTable.hpp']);

function files(dir, pattern) {
  return readdirSync(path.join(REPO, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && pattern.test(e.name))
    .map((e) => path.relative(REPO, path.join(e.parentPath ?? e.path, e.name)))
    .filter((file) => !GENERATED_FILES.has(file))
    .sort();
}

// The text of `file` without its generated region: what its own code does.
const ownText = (file) => readFileSync(path.join(REPO, file), 'utf8').replace(GENERATED, '');
const matches = (text, regex) => [...text.matchAll(regex)].map((m) => m[1]);
const producedBy = (who) => spec.errorCodes.filter((c) => c.producedBy.includes(who)).map((c) => c.name).sort();
const sorted = (values) => [...new Set(values)].sort();

test('the host names every code the spec says it produces', () => {
  const used = new Set(files('host', /\.(cpp|hpp)$/).flatMap((f) => matches(ownText(f), /ErrorCode::([A-Z_]+)/g)));
  for (const code of producedBy('host')) assert.ok(used.has(code), `no ErrorCode::${code} in host/`);
});

test('the extension produces exactly the codes the spec says it does', () => {
  const produced = files('extension', /\.js$/).flatMap((file) => {
    const text = ownText(file);
    return [
      ...matches(text, /ExtCode\.([A-Z_]+)/g),
      // the content script is a classic script (no imports): its replies carry literal codes
      ...matches(text, /fail\(\s*\w+,\s*'([A-Z_]+)'/g),
      ...matches(text, /code:\s*'([A-Z_]+)'/g),
      ...matches(text, /new ExtError\(\s*'([A-Z_]+)'/g),
    ];
  });
  assert.deepEqual(sorted(produced), producedBy('extension'));
});

test('the page library produces exactly the codes the spec says it does', () => {
  const produced = matches(ownText('js-api/tokenbridge.js'), /ErrorCode\.([A-Z_]+)/g);
  assert.deepEqual(sorted(produced), producedBy('library'));
});

test('every error-code literal of the browser-side code is a code of the spec', () => {
  const known = new Set(spec.errorCodes.map((c) => c.name));
  for (const file of [...files('extension', /\.js$/), ...files('js-api', /\.js$/)]) {
    for (const literal of matches(ownText(file), /['"]([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)['"]/g)) {
      assert.ok(known.has(literal), `${file}: '${literal}' is not an error code of spec/protocol.json`);
    }
  }
});
