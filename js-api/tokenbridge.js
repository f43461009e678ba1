// tokenbridge page library: talks to the tokenbridge extension's content script over a private
// MessageChannel the content script hands over when pinged with window.postMessage (no
// dependencies, ES module). See README.md and tokenbridge.d.ts.

const TAG = '__tokenbridge';
const DETECT_TIMEOUT_MS = 1000; // the content script runs at document_start: it answers at once
const DEFAULT_TIMEOUT_MS = 120_000; // includes the time a user may need for the consent window
const INTERACTIVE_TIMEOUT_MS = 600_000; // PIN / signature confirmation
const CHUNK_BYTES = 1024 * 1024; // sign() stream chunk: the host's recommended size (1.4 MB of base64)
const ONE_SHOT_BYTES = 1024 * 1024; // larger data (and every Blob) is streamed

// BEGIN GENERATED from spec/protocol.json by scripts/gen-protocol.mjs: do not edit
// Every code a call can reject with; who produces it: the host, the extension, this library.
export const ErrorCode = Object.freeze({
  BAD_REQUEST: 'BAD_REQUEST', // host, extension
  MESSAGE_TOO_LARGE: 'MESSAGE_TOO_LARGE', // host, extension
  UNKNOWN_COMMAND: 'UNKNOWN_COMMAND', // host, extension
  INVALID_PARAMS: 'INVALID_PARAMS', // host, extension
  ORIGIN_NOT_ALLOWED: 'ORIGIN_NOT_ALLOWED', // host, extension
  PCSC_UNAVAILABLE: 'PCSC_UNAVAILABLE', // host
  DEVICE_NOT_FOUND: 'DEVICE_NOT_FOUND', // host
  TOKEN_REMOVED: 'TOKEN_REMOVED', // host
  CARD_ERROR: 'CARD_ERROR', // host
  MODE_NOT_SUPPORTED: 'MODE_NOT_SUPPORTED', // host
  PIN_REQUIRED: 'PIN_REQUIRED', // host
  PIN_INCORRECT: 'PIN_INCORRECT', // host
  PIN_BLOCKED: 'PIN_BLOCKED', // host
  PIN_INVALID: 'PIN_INVALID', // host
  KEY_NOT_FOUND: 'KEY_NOT_FOUND', // host
  CERTIFICATE_NOT_FOUND: 'CERTIFICATE_NOT_FOUND', // host, extension
  DATA_NOT_FOUND: 'DATA_NOT_FOUND', // host
  CONTAINER_CORRUPTED: 'CONTAINER_CORRUPTED', // host
  CONTAINER_PASSWORD_INCORRECT: 'CONTAINER_PASSWORD_INCORRECT', // host
  NOT_EXPORTABLE: 'NOT_EXPORTABLE', // host
  KEY_USAGE_NOT_ALLOWED: 'KEY_USAGE_NOT_ALLOWED', // host
  SIGNATURE_INVALID: 'SIGNATURE_INVALID', // host
  NOT_A_RECIPIENT: 'NOT_A_RECIPIENT', // host
  DECRYPTION_FAILED: 'DECRYPTION_FAILED', // host
  USER_CANCELLED: 'USER_CANCELLED', // host, extension
  RATE_LIMITED: 'RATE_LIMITED', // host
  BUSY: 'BUSY', // host, extension
  TSA_UNAVAILABLE: 'TSA_UNAVAILABLE', // host
  TSA_ERROR: 'TSA_ERROR', // host
  OCSP_UNAVAILABLE: 'OCSP_UNAVAILABLE', // host
  OCSP_ERROR: 'OCSP_ERROR', // host
  CERTIFICATE_REVOKED: 'CERTIFICATE_REVOKED', // host
  INTERNAL_ERROR: 'INTERNAL_ERROR', // host, extension, library
  HOST_NOT_FOUND: 'HOST_NOT_FOUND', // extension
  HOST_DISCONNECTED: 'HOST_DISCONNECTED', // extension
  PROMPTS_BLOCKED: 'PROMPTS_BLOCKED', // extension
  EXTENSION_NOT_FOUND: 'EXTENSION_NOT_FOUND', // library
  TIMEOUT: 'TIMEOUT', // library
  INSECURE_CONTEXT: 'INSECURE_CONTEXT', // library
});
// END GENERATED

export class TokenBridgeError extends Error {
  constructor(code, message, details = {}) {
    super(message || code);
    this.name = 'TokenBridgeError';
    this.code = code;
    this.details = details;
  }
}

const waiting = new Map(); // request id -> { resolve, reject, timer }
const deviceListeners = new Set();
let extension = null; // { version } once the content script answered
let channel = null; // the private MessagePort to the content script (the first one handed over)
const extensionWaiters = new Set();
let seq = 0;
const instance = Math.random().toString(36).slice(2, 10);

function post(msg) {
  window.postMessage({ [TAG]: 1, ...msg }, window.location.origin);
}

// Only the handshake travels over the window; replies and events come over the private channel,
// where no other script of the page can post (a forged window message is ignored).
function onWindowMessage(ev) {
  if (ev.source !== window || ev.origin !== window.location.origin) return;
  const data = ev.data;
  if (!data || typeof data !== 'object' || data[TAG] !== 1) return;
  if (data.dir === 'ready' && !channel) {
    post({ dir: 'ping' }); // the content script came after us: ask for the channel now
  } else if (data.dir === 'pong' && !channel && ev.ports?.[0]) {
    channel = ev.ports[0];
    channel.onmessage = onChannelMessage;
    extension = { version: data.extensionVersion };
    for (const resolve of extensionWaiters) resolve();
    extensionWaiters.clear();
  }
}

function onChannelMessage(ev) {
  const data = ev.data;
  if (!data || typeof data !== 'object') return;
  if (data.dir === 'reply') {
    const w = waiting.get(data.id);
    if (!w) return;
    waiting.delete(data.id);
    clearTimeout(w.timer);
    if (data.error) {
      const { code, message, ...details } = data.error;
      w.reject(new TokenBridgeError(code ?? ErrorCode.INTERNAL_ERROR, message, details));
    } else {
      w.resolve(data.result);
    }
  } else if (data.dir === 'progress') {
    waiting.get(data.id)?.progress(data);
  } else if (data.dir === 'event') {
    const change = { type: data.event, device: data.device ?? null };
    for (const cb of deviceListeners) {
      try {
        cb(change);
      } catch (e) {
        console.error('tokenbridge: onDeviceChange callback failed', e);
      }
    }
  }
}

if (typeof window !== 'undefined') window.addEventListener('message', onWindowMessage);

async function detectExtension(timeoutMs = DETECT_TIMEOUT_MS) {
  if (extension) return extension;
  await new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      clearInterval(ping);
      resolve();
    };
    const timer = setTimeout(() => {
      extensionWaiters.delete(done);
      clearInterval(ping);
      reject(new TokenBridgeError(ErrorCode.EXTENSION_NOT_FOUND, 'the tokenbridge extension is not installed or not enabled for this site'));
    }, timeoutMs);
    const ping = setInterval(() => post({ dir: 'ping' }), 100);
    extensionWaiters.add(done);
    post({ dir: 'ping' });
  });
  return extension;
}

// `onProgress` takes the progress events of an operation that sends them (op `hash`); each one
// restarts the timeout, which then bounds the silence, not the whole operation.
async function send(op, command, params, { timeoutMs = DEFAULT_TIMEOUT_MS, display, onProgress } = {}) {
  if (!window.isSecureContext) {
    throw new TokenBridgeError(ErrorCode.INSECURE_CONTEXT, 'tokenbridge works on https pages (and http://localhost) only');
  }
  await detectExtension();
  const id = `tb-${instance}-${++seq}`;
  return new Promise((resolve, reject) => {
    const expire = () => {
      waiting.delete(id);
      reject(new TokenBridgeError(ErrorCode.TIMEOUT, `no answer to ${command ?? op} within ${timeoutMs} ms`));
    };
    const entry = { resolve, reject, timer: setTimeout(expire, timeoutMs) };
    entry.progress = (event) => {
      clearTimeout(entry.timer);
      entry.timer = setTimeout(expire, timeoutMs);
      onProgress?.(event);
    };
    waiting.set(id, entry);
    try {
      channel.postMessage({ dir: 'request', op, id, command, params, display });
    } catch (e) {
      // Not cloneable (a function in params): the browser's DataCloneError, as before.
      waiting.delete(id);
      clearTimeout(entry.timer);
      reject(e);
    }
  });
}

const request = (command, params, options) => send('request', command, params, options);

// ---- availability and devices ---------------------------------------------------------------

export async function isAvailable({ timeoutMs = DETECT_TIMEOUT_MS } = {}) {
  try {
    await detectExtension(timeoutMs);
  } catch (e) {
    return { available: false, extension: false, reason: e.code, message: e.message, extensionVersion: null, host: null };
  }
  try {
    const status = await send('status', undefined, undefined, { timeoutMs: 10_000 });
    return { available: true, extension: true, reason: null, extensionVersion: status.extensionVersion, host: status.host };
  } catch (e) {
    return { available: false, extension: true, reason: e.code, message: e.message, extensionVersion: extension.version, host: null };
  }
}

export async function version(options) {
  const host = await request('version', undefined, options);
  return { ...host, extensionVersion: extension?.version ?? null };
}

export const listDevices = ({ minimum, ...options } = {}) =>
  request('listDevices', minimum === undefined ? undefined : { minimum }, options);

export async function getDeviceInfo(deviceId, options) {
  return (await request('getDeviceInfo', { deviceId }, options)).device;
}

export async function onDeviceChange(callback, options) {
  if (typeof callback !== 'function') throw new TypeError('onDeviceChange needs a callback');
  await send('subscribe', undefined, undefined, options);
  deviceListeners.add(callback);
  return () => deviceListeners.delete(callback);
}

// ---- certificates, keys, signatures (docs/protocol-keys.md) ---------------------------------

// selectCertificate(filter) -> {deviceId, keyId, certificate}: the extension's chooser lists the
// certificates on every token that pass the filter ({issuer, keyUsage, extendedKeyUsage,
// policies, minimum, validNow}); the page gets only the one the user picks (USER_CANCELLED if none).
// listCertificates and listKeys need the site's permission to see all certificates.
export const selectCertificate = (filter, options) =>
  send('selectCertificate', undefined, filter, { timeoutMs: INTERACTIVE_TIMEOUT_MS, ...options });
export const listCertificates = (params, options) => request('listCertificates', params, options);
export const listKeys = (params, options) => request('listKeys', params, options);
export const getKeyInfo = (params, options) => request('getKeyInfo', params, options);
export const deleteKey = (params, options) =>
  request('deleteKey', params, { timeoutMs: INTERACTIVE_TIMEOUT_MS, ...options });
export const deleteCertificate = (params, options) =>
  request('deleteCertificate', params, { timeoutMs: INTERACTIVE_TIMEOUT_MS, ...options });
export const generateKeyPair = (params, options) =>
  request('generateKeyPair', params, { timeoutMs: INTERACTIVE_TIMEOUT_MS, ...options });
export const createCsr = (params, options) =>
  request('createCsr', params, { timeoutMs: INTERACTIVE_TIMEOUT_MS, ...options });
export const importCertificate = (params, options) =>
  request('importCertificate', params, { timeoutMs: INTERACTIVE_TIMEOUT_MS, ...options });

// authenticate(challengeNonce, {deviceId, keyId}) -> {authToken} (docs/authentication.md): the
// key signs H(H(origin) || H(challengeNonce)), the origin being the one the browser reports for
// this page (the extension takes it from the browser, never from the page), so a token made here
// is refused by a server that expects another origin. The nonce comes from the page's server
// (base64 of 32+ random bytes); the server checks the token (`tokenbridge-host verify-auth`).
// The extension's PIN window says "Log in to <origin> as <subject>".
export const authenticate = (challengeNonce, { deviceId, keyId } = {}, options) =>
  request('authenticate', { deviceId, keyId, challengeNonce }, { timeoutMs: INTERACTIVE_TIMEOUT_MS, ...options });

// encrypt({data, recipients, cipher}) -> {cms, cipher}: CMS EnvelopedData (base64 DER) of `data`
// (bytes, a string, a Blob; at most 512 KiB) for the certificates in `recipients` (PEM or base64
// DER); `cipher` 'kuznyechik' (default) or 'magma'. No token, no PIN (docs/protocol-keys.md).
export async function encrypt({ data, ...params }, options) {
  return request('encrypt', { ...params, data: base64(await toBytes(data)) }, options);
}
// decrypt({deviceId, keyId, cms}) -> {data} (base64): the content of an EnvelopedData for the
// key's certificate; the key agreement runs in the token. PIN window "Decrypt a message for
// <origin>". NOT_A_RECIPIENT, DECRYPTION_FAILED (changed message), INVALID_PARAMS (broken one).
export const decrypt = (params, options) =>
  request('decrypt', params, { timeoutMs: INTERACTIVE_TIMEOUT_MS, ...options });
// rawSign({deviceId, keyId, digest}) -> {signature, algorithm, hashAlgorithm}: the key signs the
// given digest as it is (its size: the key's hash) and the raw signature comes back, base64 in the
// X.509 encoding (GOST s || r, what `openssl pkeyutl -verify` takes), for a page that builds its
// own CMS or XML signature. The extension's PIN window shows the digest.
export async function rawSign({ digest, ...params }, options) {
  const d = typeof digest === 'string' ? digest : base64(await toBytes(digest));
  return request('rawSign', { ...params, digest: d }, { timeoutMs: INTERACTIVE_TIMEOUT_MS, ...options });
}
// getPublicKey({deviceId, keyId}) -> {keyId, algorithm, paramSet, publicKey (SPKI base64), pem}
export const getPublicKey = (params, options) => request('getPublicKey', params, options);
// getKeyByCertificate({certificate, deviceId?}) -> {deviceId, keyId, key}: the key whose public
// key the certificate (PEM or base64 DER) carries; every token when deviceId is left out.
export const getKeyByCertificate = (params, options) => request('getKeyByCertificate', params, options);
// setKeyLabel / setCertificateLabel({deviceId, keyId, label}) -> {key}: renames the key, or its
// certificate, on the token (PIN window).
export const setKeyLabel = (params, options) =>
  request('setKeyLabel', params, { timeoutMs: INTERACTIVE_TIMEOUT_MS, ...options });
export const setCertificateLabel = (params, options) =>
  request('setCertificateLabel', params, { timeoutMs: INTERACTIVE_TIMEOUT_MS, ...options });

// Data objects (docs/protocol-objects.md): named values of at most 32 KiB on the token, public or
// private. listData needs the site's permission to see everything on the token; `private: true`
// in listData / readData opens the PIN window so private objects are seen too.
export const listData = (params, options) =>
  request('listData', params, params?.private ? { timeoutMs: INTERACTIVE_TIMEOUT_MS, ...options } : options);
export const readData = (params, options) =>
  request('readData', params, params?.private ? { timeoutMs: INTERACTIVE_TIMEOUT_MS, ...options } : options);
export async function writeData({ data, ...params }, options) {
  return request('writeData', { ...params, data: base64(await toBytes(data)) }, { timeoutMs: INTERACTIVE_TIMEOUT_MS, ...options });
}
export const deleteData = (params, options) =>
  request('deleteData', params, { timeoutMs: INTERACTIVE_TIMEOUT_MS, ...options });
// changePin({deviceId, pinType}) -> {pinType}; unblockUserPin({deviceId}) -> {newPin}
// (docs/protocol-pins.md). The page never gives or sees a PIN: the extension's change-PIN window
// asks for the current PIN (the admin PIN for pinType "admin" and for unblocking) and the new
// one, typed twice.
export const changePin = ({ deviceId, pinType } = {}, options) =>
  request('changePin', pinType === undefined ? { deviceId } : { deviceId, pinType },
    { timeoutMs: INTERACTIVE_TIMEOUT_MS, ...options });
export const unblockUserPin = ({ deviceId } = {}, options) =>
  request('unblockUserPin', { deviceId }, { timeoutMs: INTERACTIVE_TIMEOUT_MS, ...options });

export async function verify({ data, ...params }, options) {
  const body = data === undefined ? params : { ...params, data: base64(await toBytes(data)) };
  return request('verify', body, options);
}

// digest({data, hashAlgorithm} | {streamId}) -> {hash, hashAlgorithm, size}: the Streebog digest
// the host computes (no token, no PIN), e.g. for sign({hash}); the extension shows the same digest
// in its signature window.
export async function digest({ data, ...params }, options) {
  const body = data === undefined ? params : { ...params, data: base64(await toBytes(data)) };
  return request('digest', body, options);
}

// enhance({cms, signatureType, tsaUrl, tsaPolicy?, ocspUrl?, certificates?}) -> {cms}: raises an
// existing CAdES-BES or -T to CAdES-T or CAdES-X Long Type 1 (no token, no PIN).
export const enhance = (params, options) =>
  request('enhance', params, { timeoutMs: INTERACTIVE_TIMEOUT_MS, ...options });

export function base64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

async function toBytes(data) {
  if (typeof data === 'string') return new TextEncoder().encode(data);
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (typeof Blob !== 'undefined' && data instanceof Blob) return new Uint8Array(await data.arrayBuffer());
  throw new TypeError('data must be a string, Uint8Array, ArrayBuffer or Blob');
}

function dataSource(data) {
  if (typeof Blob !== 'undefined' && data instanceof Blob) {
    return { size: data.size, chunk: async (a, b) => new Uint8Array(await data.slice(a, b).arrayBuffer()) };
  }
  let bytes;
  const ready = toBytes(data).then((b) => (bytes = b));
  return { ready, get size() { return bytes.length; }, get bytes() { return bytes; }, chunk: async (a, b) => bytes.subarray(a, b) };
}

// Answers of the extension's op `hash` after which the host's streaming is used instead: an older
// extension without it, or no hasher frame (it did not load).
const HASH_FALLBACK = new Set(['UNKNOWN_COMMAND', 'INTERNAL_ERROR']);

// The digest a key signs with, by the key's algorithm (the host's getKeyInfo).
const KEY_HASH = Object.freeze({ gost2012_256: 'streebog256', gost2012_512: 'streebog512' });

// The fast road of a large document: the extension's content script hashes the page's bytes
// where they are (WebAssembly Streebog; the Blob or bytes cross the private channel by structured
// clone, no base64) and the host signs that digest (sign {hash}); the signature window shows the
// digest and the size the content script counted. null when the extension cannot (an older one
// without op `hash`, WebAssembly refused): the caller streams to the host instead.
async function signByDigest(data, params, { chunkSize, onProgress }, options, interactive) {
  const { key } = await request('getKeyInfo', { deviceId: params.deviceId, keyId: params.keyId }, options);
  const hashAlgorithm = KEY_HASH[key?.algorithm];
  if (!hashAlgorithm) return null;
  let hashed;
  try {
    hashed = await send('hash', undefined, { data, hashAlgorithm, step: chunkSize }, {
      ...options,
      onProgress: ({ done, total }) => onProgress?.({ sent: done, total }),
    });
  } catch (e) {
    if (HASH_FALLBACK.has(e.code)) return null;
    throw e;
  }
  if (hashed.size === 0) onProgress?.({ sent: 0, total: 0 });
  const result = await request('sign', { ...params, hash: hashed.hash }, interactive);
  return { ...result, size: hashed.size };
}

// sign({deviceId, keyId, data | hash, ...}) -> {cms} (base64 DER CAdES-BES, or -T / -X Long
// Type 1 with signatureType and tsaUrl: docs/protocol-keys.md "Long-term signatures"). A Blob/File, or
// data over 1 MiB, is hashed by the extension and its digest signed (signByDigest; `onProgress
// ({sent, total})` per `chunkSize` bytes hashed); with an extension that cannot, it is streamed:
// sign {stream: "start"}, then signAppend chunks (each after the previous one's reply,
// `onProgress` after each), then signFinish. Both are always detached and give `size`. Smaller
// data goes in one sign {data} request; a precomputed hash (Streebog of the key's size) in one
// sign {hash}. The extension shows the certificate and the document and asks for the PIN before
// the step that signs.
export async function sign({ data, hash, fileName, onProgress, chunkSize = CHUNK_BYTES, hashIn = 'extension', ...params }, options = {}) {
  const interactive = { timeoutMs: INTERACTIVE_TIMEOUT_MS, ...options, display: { fileName } };
  if (hash !== undefined) {
    const h = typeof hash === 'string' ? hash : base64(await toBytes(hash));
    return request('sign', { ...params, hash: h }, interactive);
  }
  if (data === undefined) throw new TypeError('sign needs data or hash');
  const isBlob = typeof Blob !== 'undefined' && data instanceof Blob;
  if (!isBlob) {
    const bytes = await toBytes(data);
    if (bytes.length <= ONE_SHOT_BYTES) {
      const result = await request('sign', { ...params, data: base64(bytes) }, interactive);
      onProgress?.({ sent: bytes.length, total: bytes.length });
      return result;
    }
    data = bytes;
  }
  const source = dataSource(data);
  await source.ready;
  const total = source.size;
  // A stream is always detached, never co-signed; its long-term parameters go to signFinish.
  const { detached, cms, signatureType, tsaUrl, tsaPolicy, ocspUrl, certificates, ...streamParams } = params;
  const longTerm = Object.fromEntries(Object.entries({ signatureType, tsaUrl, tsaPolicy, ocspUrl, certificates })
    .filter(([, value]) => value !== undefined));
  if (detached === false || cms !== undefined) {
    throw new TypeError('attached signatures and co-signing take data of 1 MiB at most');
  }
  if (hashIn === 'extension') {
    // sign {hash} takes the long-term parameters itself.
    const fast = await signByDigest(isBlob ? data : source.bytes, { ...streamParams, ...longTerm }, { chunkSize, onProgress }, options, interactive);
    if (fast) return fast;
  }
  const { streamId } = await request('sign', { ...streamParams, stream: 'start' }, options);
  for (let offset = 0; offset < total; offset += chunkSize) {
    const end = Math.min(offset + chunkSize, total);
    await request('signAppend', { streamId, offset, data: base64(await source.chunk(offset, end)) }, options);
    onProgress?.({ sent: end, total });
  }
  if (total === 0) onProgress?.({ sent: 0, total });
  // An unfinished stream is dropped by the host after 5 minutes of silence.
  return request('signFinish', { streamId, ...longTerm }, interactive);
}
