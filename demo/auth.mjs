// Web login of the demo portal, the server's half (docs/authentication.md): single-use login
// nonces, and the check of an authentication token by `tokenbridge-host verify-auth` against the
// demo TEST CA. Server-side only: server.mjs routes to it, nothing here is served to a browser.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const NONCE_TTL_MS = 5 * 60 * 1000;
const NONCE_BYTES = 32; // the host takes 32 or more random bytes, base64, 128 characters at most
// Issued nonces kept at once: a page asking for nonces in a loop cannot grow the server's memory.
const MAX_OUTSTANDING = 10_000;
const VERIFY_TIMEOUT_MS = 30_000;

// Why a nonce is refused, by state.
const NONCE_REFUSALS = {
  unknown: 'nonce refused: this server never issued it (or it expired long ago)',
  expired: 'nonce refused: it expired (a nonce is good for 5 minutes)',
  used: 'nonce refused: it was used already (a replayed token)',
};

// nonce -> expiry. A used nonce stays until its expiry as `used`, so a replay is named as one.
export function createNonceStore({ ttlMs = NONCE_TTL_MS, now = Date.now } = {}) {
  const nonces = new Map(); // nonce -> { expires, used }
  const prune = () => {
    const t = now();
    for (const [nonce, entry] of nonces) if (entry.expires <= t) nonces.delete(nonce);
  };
  return {
    issue() {
      prune();
      if (nonces.size >= MAX_OUTSTANDING) throw new RangeError('too many outstanding login nonces; try again later');
      const nonce = crypto.randomBytes(NONCE_BYTES).toString('base64');
      const expires = now() + ttlMs;
      nonces.set(nonce, { expires, used: false });
      return { nonce, expiresAt: new Date(expires).toISOString() };
    },
    // Marks the nonce used; returns null if it was good, else the reason it is refused.
    take(nonce) {
      const entry = typeof nonce === 'string' ? nonces.get(nonce) : undefined;
      const state = !entry ? 'unknown' : entry.used ? 'used' : entry.expires <= now() ? 'expired' : null;
      if (entry) entry.used = true;
      return state && NONCE_REFUSALS[state];
    },
  };
}

// The host binary: TOKENBRIDGE_HOST_BIN, else the build tree (BUILD_DIR, else build/ of this
// checkout, as scripts/demo.sh and the e2e tests use), else `tokenbridge-host` on the PATH.
export function findHostBinary(env = process.env) {
  const candidates = [
    env.TOKENBRIDGE_HOST_BIN,
    env.BUILD_DIR && path.join(env.BUILD_DIR, 'host/tokenbridge-host'),
    path.join(REPO, 'build/host/tokenbridge-host'),
  ].filter(Boolean);
  return candidates.find((p) => fs.existsSync(p)) ?? 'tokenbridge-host';
}

// `tokenbridge-host verify-auth`: the token on stdin, one JSON line out; exit 0 valid, 1 invalid,
// 2 bad arguments. Resolves with the JSON line's fields.
export function verifyAuth({ hostBin, origin, nonce, authToken, trustedRootPath }) {
  const args = ['verify-auth', '--origin', origin, '--nonce', nonce, '--token', '-', '--trusted-root', trustedRootPath];
  return new Promise((resolve, reject) => {
    const child = spawn(hostBin, args, { stdio: ['pipe', 'pipe', 'pipe'], timeout: VERIFY_TIMEOUT_MS });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (e) => reject(new Error(`verify-auth: cannot run ${hostBin}: ${e.message}`)));
    child.on('close', (code) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      let result = null;
      try {
        result = JSON.parse(line);
      } catch {
        // below
      }
      if ((code === 0 || code === 1) && result && typeof result.valid === 'boolean' && result.valid === (code === 0)) {
        resolve(result);
      } else {
        reject(new Error(`verify-auth: exit ${code}: ${(result?.reason ?? stderr.trim()) || line || 'no output'}`));
      }
    });
    child.stdin.on('error', () => {}); // an early exit (bad arguments) is reported by 'close'
    child.stdin.end(JSON.stringify({ authToken }));
  });
}

// SIMULATION, for the demo's "token for another origin" button only. A token names the origin
// its page had; a phishing site that relays a token it obtained is refused because the real
// server checks the token against its own origin. To show that refusal without running a
// second site, the server checks this request's token as if it were the phishing site's back end
// at PHISHING_ORIGIN. Such a check never logs anyone in (`loggedIn: false`, whatever the verdict):
// the expected origin of a real login is the server's own, from its configuration, never the
// request's.
export const PHISHING_ORIGIN = 'https://evil.example';
