// Paths and ids the end-to-end tests need, resolved once.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const EXTENSION_DIR = path.join(REPO, 'extension');
export const HOST_NAME = 'ru.tokenbridge.host';
export const GECKO_ID = 'tokenbridge@tokenbridge.example';
export const CHROMIUM_BIN = process.env.CHROMIUM_BIN ?? '/usr/lib/chromium/chromium';
export const FIREFOX_BIN = process.env.FIREFOX_BIN ?? '/usr/bin/firefox-esr';

function findHost() {
  const candidates = [
    process.env.TOKENBRIDGE_HOST_BIN,
    process.env.BUILD_DIR && path.join(process.env.BUILD_DIR, 'host/tokenbridge-host'),
    path.join(REPO, 'build/host/tokenbridge-host'),
  ].filter(Boolean);
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`tokenbridge-host not found (tried ${candidates.join(', ')}); build it or set TOKENBRIDGE_HOST_BIN`);
  return path.resolve(found);
}
export const HOST_BIN = findHost();

// Chromium's id of an unpacked extension with a "key": sha256 of the public key, a-p encoded.
export function extensionIdFromKey() {
  const manifest = JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR, 'manifest.json'), 'utf8'));
  const digest = crypto.createHash('sha256').update(Buffer.from(manifest.key, 'base64')).digest('hex');
  return [...digest.slice(0, 32)].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}
export const EXTENSION_ID = extensionIdFromKey();

// The virtual tokens of scripts/with-virtual-tokens.sh.
export const vtokens = Array.from({ length: Number(process.env.VTOKEN_COUNT ?? 0) }, (_, i) => ({
  model: process.env[`VTOKEN_${i}_MODEL`],
  pid: Number(process.env[`VTOKEN_${i}_PID`]),
  reader: process.env[`VTOKEN_${i}_READER`],
}));

// A wrapper the host manifest points at: records each host process id (exec keeps the pid),
// so a test can stop or kill exactly the host its browser started.
export function writeHostWrapper(dir) {
  const wrapper = path.join(dir, 'tokenbridge-host-wrapper.sh');
  const pids = path.join(dir, 'host-pids');
  fs.writeFileSync(wrapper, `#!/bin/sh\necho $$ >> '${pids}'\nexec '${HOST_BIN}' "$@"\n`, { mode: 0o755 });
  return { wrapper, pids };
}

export function hostPids(pidsFile) {
  if (!fs.existsSync(pidsFile)) return [];
  return fs.readFileSync(pidsFile, 'utf8').split('\n').filter(Boolean).map(Number);
}
