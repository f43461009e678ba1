// Which of a token's keys the demo preselects: the strongest (no imports: node tests load it).
// How well a mode keeps the key: FKN (inside the token; PIN and commands over an encrypted
// channel) > active (inside the token) > passive (decrypted in the computer's memory to sign).
const MODE_STRENGTH = { fkn: 3, 'active-pkcs11': 2, active: 2, passive: 1 };
const MODE_WHY = {
  fkn: 'an FKN key never leaves the token, and the PIN and the commands travel encrypted',
  'active-pkcs11': 'an active key never leaves the token',
  active: 'an active key never leaves the token',
};
const strength = (key) => MODE_STRENGTH[key.mode] ?? 0;

// The keys, strongest first (stable: equal keys keep the token's order).
export const strongestFirst = (keys) => [...keys].sort((a, b) => strength(b) - strength(a));

// Why the first of `ranked` is preselected, when the token holds keys of different strength.
export function whyPreselected(ranked) {
  if (new Set(ranked.map(strength)).size < 2) return null;
  return `Preselected the strongest key: ${MODE_WHY[ranked[0].mode] ?? ranked[0].mode}.`;
}
