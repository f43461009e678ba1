// The extension's behaviour stays in JS, keyed by the names spec/protocol.json gives: every PIN
// rule, `describe` and `track` of the spec has its function, and every function is named by the
// spec (a name typo on either side fails here, not in a browser).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO, loadSpec, pageCommands, PIN_RULES, PIN_WINDOW_RULES } from '../../../scripts/gen-protocol.mjs';

// The background modules register browser listeners when loaded: stand-ins for the ones they touch.
globalThis.chrome = { windows: { onRemoved: { addListener() {} } }, runtime: { onConnect: { addListener() {} } } };
const { COMMANDS, PIN_WINDOW_WHEN } = await import('../../../extension/background/commands.js');
const { DESCRIBERS } = await import('../../../extension/background/pin-flow.js');
const { TRACKERS } = await import('../../../extension/background/streams.js');

const spec = loadSpec();
const routed = pageCommands(spec);
const sorted = (values) => [...new Set(values)].sort();

test('the extension routes exactly the commands a page may send', () => {
  assert.deepEqual(sorted(Object.keys(COMMANDS)), sorted(routed.map((c) => c.name)));
  for (const command of spec.commands.filter((c) => c.cliOnly)) {
    assert.equal(COMMANDS[command.name], undefined, `${command.name} is command-line only`);
  }
});

test('every PIN rule has its function, and it opens the window when the spec says so', () => {
  assert.deepEqual(sorted(Object.keys(PIN_WINDOW_WHEN)), sorted(PIN_RULES));
  // A window rule opens it for some request (`if-private`: only for one that sets private).
  for (const rule of PIN_RULES) {
    assert.equal(PIN_WINDOW_WHEN[rule]({ private: true }), PIN_WINDOW_RULES.includes(rule), rule);
  }
  assert.equal(PIN_WINDOW_WHEN['if-private']({}), false);
  assert.equal(PIN_WINDOW_WHEN['if-private']({ private: false }), false);
  assert.equal(PIN_WINDOW_WHEN['unless-stream']({ stream: 'start' }), false);
  assert.equal(PIN_WINDOW_WHEN['unless-stream']({ data: 'AA==' }), true);
});

test('consent and the PIN window of every command are the spec\'s', () => {
  for (const command of routed) {
    const spec = COMMANDS[command.name];
    assert.equal(spec.consent, command.consent, command.name);
    if (!command.pinWindow) {
      assert.equal(spec.pin, undefined, command.name);
      continue;
    }
    assert.equal(spec.pin.title, command.pinWindow.title, command.name);
    assert.equal(spec.pin.describe, command.pinWindow.describe, command.name);
    assert.equal(spec.pin.when, PIN_WINDOW_WHEN[command.pin], command.name);
  }
});

test('every describe and track name has its function, and every function is used', () => {
  const describes = routed.filter((c) => c.pinWindow).map((c) => c.pinWindow.describe);
  const tracks = routed.filter((c) => c.track).map((c) => c.track);
  assert.deepEqual(sorted(Object.keys(DESCRIBERS)), sorted(describes), 'pin-flow.js DESCRIBERS');
  assert.deepEqual(sorted(Object.keys(TRACKERS)), sorted(tracks), 'streams.js TRACKERS');
  for (const name of describes) assert.equal(typeof DESCRIBERS[name], 'function', name);
  for (const name of tracks) assert.equal(typeof TRACKERS[name], 'function', name);
});

// The commands with `newPin` open the change-PIN window (ui/change-pin.js), the others the PIN window.
test('every PIN window title has its text in its window (sign is the default title)', () => {
  const titlesOf = (file) => {
    const block = /const TITLES = \{([^}]*)\}/.exec(readFileSync(path.join(REPO, file), 'utf8'));
    assert.ok(block, `${file} has no TITLES table`);
    return [...block[1].matchAll(/^\s*(\w+):/gm)].map((m) => m[1]);
  };
  const windowed = routed.filter((c) => c.pinWindow && c.pinWindow.title !== 'sign');
  assert.deepEqual(sorted(titlesOf('extension/ui/pin.js')), sorted(windowed.filter((c) => !c.newPin).map((c) => c.pinWindow.title)));
  assert.deepEqual(sorted(titlesOf('extension/ui/change-pin.js')), sorted(windowed.filter((c) => c.newPin).map((c) => c.pinWindow.title)));
  for (const command of windowed) assert.equal(COMMANDS[command.name].pin.newPin, command.newPin === true, command.name);
});
