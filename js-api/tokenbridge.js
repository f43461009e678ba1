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
  CONTAINER_CORRUPTED: 'CONTAINER_CORRUPTED', // host
  CONTAINER_PASSWORD_INCORRECT: 'CONTAINER_PASSWORD_INCORRECT', // host
  NOT_EXPORTABLE: 'NOT_EXPORTABLE', // host
  KEY_USAGE_NOT_ALLOWED: 'KEY_USAGE_NOT_ALLOWED', // host
  SIGNATURE_INVALID: 'SIGNATURE_INVALID', // host
  USER_CANCELLED: 'USER_CANCELLED', // host, extension
  RATE_LIMITED: 'RATE_LIMITED', // host
  BUSY: 'BUSY', // host, extension
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

async function send(op, command, params, { timeoutMs = DEFAULT_TIMEOUT_MS, display } = {}) {
  if (!window.isSecureContext) {
    throw new TokenBridgeError(ErrorCode.INSECURE_CONTEXT, 'tokenbridge works on https pages (and http://localhost) only');
  }
  await detectExtension();
  const id = `tb-${instance}-${++seq}`;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting.delete(id);
      reject(new TokenBridgeError(ErrorCode.TIMEOUT, `no answer to ${command ?? op} within ${timeoutMs} ms`));
    }, timeoutMs);
    waiting.set(id, { resolve, reject, timer });
    try {
      channel.postMessage({ dir: 'request', op, id, command, params, display });
    } catch (e) {
      // Not cloneable (a function in params): the browser's DataCloneError, as before.
      waiting.delete(id);
      clearTimeout(timer);
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
// minimum, validNow}); the page gets only the one the user picks (USER_CANCELLED if none).
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
  return { ready, get size() { return bytes.length; }, chunk: async (a, b) => bytes.subarray(a, b) };
}

// sign({deviceId, keyId, data | hash, ...}) -> {cms} (base64 DER CAdES-BES). A Blob/File, or
// data over 1 MiB, is streamed: sign {stream: "start"}, then signAppend chunks (each after the
// previous one's reply, `onProgress({sent, total})` after each), then signFinish; it is always
// detached. Smaller data goes in one sign {data} request; a precomputed hash (Streebog of the
// key's size) in one sign {hash}. The extension shows the certificate and the document and asks
// for the PIN before the step that signs.
export async function sign({ data, hash, fileName, onProgress, chunkSize = CHUNK_BYTES, ...params }, options = {}) {
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
  const { detached, cms, ...streamParams } = params; // a stream is always detached, never co-signed
  if (detached === false || cms !== undefined) {
    throw new TypeError('attached signatures and co-signing take data of 1 MiB at most');
  }
  const { streamId } = await request('sign', { ...streamParams, stream: 'start' }, options);
  for (let offset = 0; offset < total; offset += chunkSize) {
    const end = Math.min(offset + chunkSize, total);
    await request('signAppend', { streamId, offset, data: base64(await source.chunk(offset, end)) }, options);
    onProgress?.({ sent: end, total });
  }
  if (total === 0) onProgress?.({ sent: 0, total });
  // An unfinished stream is dropped by the host after 5 minutes of silence.
  return request('signFinish', { streamId }, interactive);
}
