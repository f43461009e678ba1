// The demo preselects the strongest key of a token (FKN > active > passive) and says why.
import test from 'node:test';
import assert from 'node:assert/strict';
import { strongestFirst, whyPreselected } from '../../../demo/strength.js';

const key = (keyId, mode) => ({ keyId, mode });

test('FKN before active before passive; equal keys keep the token\'s order', () => {
  const ranked = strongestFirst([key('p1', 'passive'), key('a', 'active-pkcs11'), key('f', 'fkn'), key('p2', 'passive')]);
  assert.deepEqual(ranked.map((k) => k.keyId), ['f', 'a', 'p1', 'p2']);
  assert.match(whyPreselected(ranked), /FKN key never leaves the token/);
  assert.deepEqual(strongestFirst([key('p', 'passive'), key('a', 'active-pkcs11')]).map((k) => k.keyId), ['a', 'p']);
});

test('no reason is given when there is nothing to choose between', () => {
  assert.equal(whyPreselected(strongestFirst([key('p1', 'passive'), key('p2', 'passive')])), null);
  assert.equal(whyPreselected([]), null);
});
