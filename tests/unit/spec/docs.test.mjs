// The documentation says what spec/protocol.json says: docs/protocol.md's version, command table
// and Error codes table (class and from included), a section for every command in
// docs/protocol*.md, and the lists in js-api/README.md and extension/README.md.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO, loadSpec, pageCommands, PIN_WINDOW_RULES } from '../../../scripts/gen-protocol.mjs';

const spec = loadSpec();
const read = (file) => readFileSync(path.join(REPO, file), 'utf8');
const protocolMd = read('docs/protocol.md');
const protocolDocs = readdirSync(path.join(REPO, 'docs'))
  .filter((name) => /^protocol(-[\w-]+)?\.md$/.test(name))
  .sort()
  .map((name) => ({ file: `docs/${name}`, text: read(`docs/${name}`) }));
const byName = new Map(spec.commands.map((c) => [c.name, c]));

// The text of the `## title` section of a Markdown document (up to the next `## `).
function section(text, title, file) {
  const start = text.indexOf(`\n## ${title}\n`);
  assert.ok(start >= 0, `${file} has no "## ${title}" section`);
  const end = text.indexOf('\n## ', start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

// Rows of the Markdown tables in `text` whose first cell matches `first`, as arrays of cells.
function rows(text, first) {
  return text
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) => line.slice(1, line.endsWith('|') ? -1 : undefined).split(' | ').map((cell) => cell.trim()))
    .filter((cells) => first.test(cells[0]));
}

test('docs/protocol.md states the protocol version of the spec', () => {
  const match = /Protocol version: \*\*(\d+)\*\*/.exec(protocolMd);
  assert.ok(match, 'docs/protocol.md: no "Protocol version: **N**"');
  assert.equal(Number(match[1]), spec.protocolVersion);
});

test('every error code documented, in the order of the spec, with its class and producers', () => {
  const table = rows(section(protocolMd, 'Error codes', 'docs/protocol.md'), /^`[A-Z_]+`$/);
  assert.deepEqual(table.map(([code]) => code.slice(1, -1)), spec.errorCodes.map((c) => c.name),
    'docs/protocol.md "Error codes" lists other codes than spec/protocol.json (or in another order)');
  for (const [code, cls, from] of table) {
    const entry = spec.errorCodes.find((c) => `\`${c.name}\`` === code);
    assert.equal(cls, entry.class, `docs/protocol.md: class of ${code}`);
    assert.equal(from, entry.producedBy.join(', '), `docs/protocol.md: "from" of ${code}`);
  }
});

test('the command table of docs/protocol.md has every command with its rules', () => {
  const table = rows(section(protocolMd, 'Commands', 'docs/protocol.md'), /^\[`\w+`\]/);
  const names = table.map(([cell]) => /^\[`(\w+)`\]/.exec(cell)[1]);
  assert.deepEqual([...names].sort(), spec.commands.map((c) => c.name).sort(),
    'docs/protocol.md command table lists other commands than spec/protocol.json');
  for (const [cell, origin, pin, consent, what] of table) {
    const name = /^\[`(\w+)`\]/.exec(cell)[1];
    const command = byName.get(name);
    assert.equal(origin, command.origin, `${name}: origin`);
    assert.equal(pin, command.pin, `${name}: PIN`);
    assert.equal(consent, command.consent ? 'yes' : 'no', `${name}: consent`);
    assert.equal(/command line only/.test(what), command.cliOnly, `${name}: "command line only" iff cliOnly`);
  }
});

test('every command has its section, and every section heading is a command of the spec', () => {
  const sections = new Map(); // name -> { file, heading, body }
  for (const { file, text } of protocolDocs) {
    const parts = text.split(/^(?=### )/m);
    for (const part of parts) {
      const match = /^### `(\w+)`(.*)\n/.exec(part);
      if (!match) continue;
      assert.ok(!sections.has(match[1]), `${match[1]} has two sections`);
      sections.set(match[1], { file, heading: match[2], body: part.split(/^## /m)[0] });
    }
  }
  assert.deepEqual([...sections.keys()].sort(), spec.commands.map((c) => c.name).sort(),
    'the "### `name`" sections of docs/protocol*.md name other commands than spec/protocol.json');
  for (const [name, { file, heading, body }] of sections) {
    const command = byName.get(name);
    const where = `${file} ### ${name}`;
    assert.equal(/\(PIN/.test(heading), PIN_WINDOW_RULES.includes(command.pin), `${where}: "(PIN" iff pin always/unless-stream`);
    assert.equal(/except `stream/.test(heading), command.pin === 'unless-stream', `${where}: "except stream" iff unless-stream`);
    assert.equal(/command line only/.test(heading), command.cliOnly, `${where}: "command line only" iff cliOnly`);
    const origin = /Origin: (required|optional|everywhere)[.:]/.exec(body);
    if (origin) assert.equal(origin[1], command.origin, `${where}: origin`);
  }
});

test('js-api/README.md says who produces each code it lists', () => {
  const table = rows(section(read('js-api/README.md'), 'Errors', 'js-api/README.md'), /^`[A-Z_]+`$/);
  assert.ok(table.length > 0, 'js-api/README.md: no error table under "## Errors"');
  for (const [code, from] of table) {
    const entry = spec.errorCodes.find((c) => `\`${c.name}\`` === code);
    assert.ok(entry, `js-api/README.md: ${code} is not a code of spec/protocol.json`);
    assert.deepEqual(from.split(' / ').sort(), [...entry.producedBy].sort(), `js-api/README.md: "from" of ${code}`);
  }
});

test('extension/README.md lists the commands a page may send, * for those behind the PIN window', () => {
  const text = section(read('extension/README.md'), 'Commands a page may send', 'extension/README.md');
  const list = text.slice(0, text.indexOf('(* = PIN window'));
  const listed = [...list.matchAll(/`(\w+)`(\*?)/g)].map((m) => `${m[1]}${m[2]}`);
  const expected = pageCommands(spec).map((c) => `${c.name}${c.pinWindow ? '*' : ''}`);
  assert.deepEqual(listed.sort(), expected.sort());
  for (const command of spec.commands.filter((c) => c.cliOnly)) {
    assert.match(text, new RegExp(`\`${command.name}\` is command-line only`));
  }
});
