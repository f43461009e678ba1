// The PIN + confirmation step of commands flagged `pin` in commands.js: gather what the user
// must see (origin, token, certificate, document) from the host, ask in the trusted window,
// then forward the command with the PIN added. The PIN never goes back to the page.
import { ExtCode, ExtError } from './api.js';
import { openPrompt } from './prompts.js';
import { streamOf } from './streams.js';

const MAX_PROMPTS = 3; // a wrong PIN re-opens the window with the tries left, this many times

function replyError(reply) {
  const { code, message, ...details } = reply.error;
  return new ExtError(code, message, details);
}

async function hostResult(host, origin, command, params) {
  const reply = await host.request({ command, origin, params });
  if (reply.error) throw replyError(reply);
  return reply.result ?? {};
}

const COMMON_NAME_OID = '2.5.4.3';

// Only what the host's certificate says (docs/protocol-keys.md, Key object). The common name is
// the short name a login window says the user logs in as.
function certificateSummary(key) {
  const c = key?.certificate;
  if (!c) return null;
  const commonName = c.subject?.find((a) => a.oid === COMMON_NAME_OID)?.value ?? null;
  return { subject: c.subjectDn, commonName, issuer: c.issuerDn, notBefore: c.notBefore, notAfter: c.notAfter };
}

// The digest a key signs with (its CMS messageDigest), by the key's algorithm.
const KEY_HASH = Object.freeze({ gost2012_256: 'streebog256', gost2012_512: 'streebog512' });

async function keySummary(host, origin, deviceId, keyId) {
  if (typeof deviceId !== 'string' || typeof keyId !== 'string') {
    // No PIN window for a request the host would refuse anyway.
    throw new ExtError(ExtCode.INVALID_PARAMS, 'deviceId and keyId are required', { param: 'keyId' });
  }
  const { key } = await hostResult(host, origin, 'getKeyInfo', { deviceId, keyId });
  return { certificate: certificateSummary(key), hashAlgorithm: KEY_HASH[key?.algorithm] ?? null, keyMode: key?.mode ?? null };
}

// The size of base64 text without decoding it.
function base64Size(text) {
  if (typeof text !== 'string') return undefined;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return (text.length / 4) * 3 - padding;
}

// A `hash` parameter as the host reads it (commands/KeyJson.cpp binaryParam): hex when it is an
// even number of hex digits, else base64; shown as lowercase hex.
export function hashParamToHex(text) {
  if (text.length % 2 === 0 && /^[0-9a-fA-F]*$/.test(text)) return text.toLowerCase();
  return base64ToHex(text);
}

function base64ToHex(text) {
  let binary;
  try {
    binary = atob(text);
  } catch {
    throw new ExtError(ExtCode.INVALID_PARAMS, 'hash is not base64', { param: 'hash' });
  }
  return [...binary].map((c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
}

// What is signed, as the signature will carry it: the digest is the CMS's messageDigest. For
// `data` and a stream the host computes it (`digest`, no PIN) from the very bytes the signature
// covers; a `hash` is the one the site sent (the token signs exactly that digest). The size of
// `data` the extension counts itself; a stream's is what the host hashed. The file name is the
// site's claim and labelled so.
async function signedDocument(host, origin, params, key, stream, display) {
  const doc = { fileName: display?.fileName ?? null };
  if (typeof params.hash === 'string') {
    // A digest the content script computed of the page's document comes with the size it hashed
    // (content/bridge.js); a digest the page brought has no size.
    const counted = Number.isSafeInteger(display?.hashedSize) ? { size: display.hashedSize } : {};
    return { ...doc, ...counted, hash: hashParamToHex(params.hash), hashAlgorithm: key.hashAlgorithm };
  }
  const asked = stream ? { streamId: params.streamId } : { data: params.data, hashAlgorithm: key.hashAlgorithm };
  if (!stream && (typeof params.data !== 'string' || !key.hashAlgorithm)) return { ...doc, size: base64Size(params.data) };
  const digest = await hostResult(host, origin, 'digest', asked);
  return { ...doc, size: stream ? digest.size : base64Size(params.data), hash: base64ToHex(digest.hash), hashAlgorithm: digest.hashAlgorithm };
}

// pinWindow.describe name (spec/protocol.json, commands.js) -> what the PIN window shows:
// { deviceId, certificate, document }
// A long-term signature (sign/signFinish with signatureType): the window names the type and the
// timestamp server's host, the one network request the page chose (docs/security.md "Network").
export function longTermSummary(params) {
  const type = params?.signatureType;
  if (typeof type !== 'string' || type === 'cades-bes') return null;
  let tsaHost = null;
  try {
    tsaHost = new URL(params.tsaUrl).host;
  } catch {
    tsaHost = null; // the host refuses it before the PIN is used
  }
  return { type, tsaHost };
}

export const DESCRIBERS = {
  // generateKeyPair may name the mode of the key it makes (and so the road of its PIN).
  device: async (host, origin, params) => (typeof params?.mode === 'string' && params.mode !== 'auto' ? { keyMode: params.mode } : {}),
  key: async (host, origin, params, display) => {
    const key = await keySummary(host, origin, params.deviceId, params.keyId);
    const signs = params.data !== undefined || params.hash !== undefined;
    return { ...key, document: signs ? await signedDocument(host, origin, params, key, null, display) : null };
  },
  // authenticate: "Log in to <origin> as <subject>" needs the key's certificate; a key without
  // one cannot log in, so no PIN is asked for it. The challenge itself means nothing to the
  // user and is not shown; the origin the window names is the browser's (runPinFlow's caller).
  login: async (host, origin, params) => {
    const summary = await keySummary(host, origin, params.deviceId, params.keyId);
    // The host's code and details for the same case (authenticate), so a page sees one answer.
    if (!summary.certificate) {
      throw new ExtError(ExtCode.CERTIFICATE_NOT_FOUND, 'the key has no certificate to log in with', { keyId: params.keyId });
    }
    return { certificate: summary.certificate, document: null, keyMode: summary.keyMode };
  },
  // rawSign: the token signs exactly the digest the site sent, so that is what the window shows
  // (hex, grouped by 4), with the key's hash algorithm; there is no document to name or count.
  digest: async (host, origin, params) => {
    const key = await keySummary(host, origin, params.deviceId, params.keyId);
    if (typeof params.digest !== 'string') {
      throw new ExtError(ExtCode.INVALID_PARAMS, 'digest is required', { param: 'digest' });
    }
    return { ...key, document: { fileName: null, hash: hashParamToHex(params.digest), hashAlgorithm: key.hashAlgorithm } };
  },
  stream: async (host, origin, params, display) => {
    const stream = streamOf(origin, params.streamId);
    if (!stream) {
      throw new ExtError(ExtCode.INVALID_PARAMS, 'unknown stream: open it with sign {stream: "start"} first', { param: 'streamId' });
    }
    // No chunk may join the stream between the digest shown and the signature (streams.js).
    stream.sealed = true;
    const key = await keySummary(host, origin, stream.deviceId, stream.keyId);
    return { deviceId: stream.deviceId, ...key, document: await signedDocument(host, origin, params, key, stream, display) };
  },
};

// Which PIN the window asks for: the admin's for changePin {pinType: "admin"} and unblockUserPin.
export function askedPin(title, params) {
  return title === 'unblockUserPin' || (title === 'changePin' && params.pinType === 'admin') ? 'admin' : 'user';
}

// The tries the window shows: those of the road the host will take with the PIN. On a token the
// host keeps FKN keys on (`sespakeRetriesLeft`), the user PIN goes through SESPAKE, whose own limit
// is smaller than the PIN's (docs/fkn.md), unless the operation's key is an active or passive one
// (VERIFY: the PIN record's count).
export function triesShown(pins, pinType, keyMode) {
  const pin = pins?.[pinType];
  const sespake = pinType === 'user' && (keyMode ?? 'fkn') === 'fkn' ? pin?.sespakeRetriesLeft : null;
  return sespake ?? pin?.retriesLeft ?? null;
}

async function deviceSummary(host, origin, deviceId, pinType = 'user', keyMode = null) {
  if (typeof deviceId !== 'string') return { device: null, retriesLeft: null };
  const { device } = await hostResult(host, origin, 'getDeviceInfo', { deviceId });
  return {
    device: { id: device.id, modelName: device.modelName || device.model, serial: device.serial },
    retriesLeft: triesShown(device.pins, pinType, keyMode),
  };
}

// The change-PIN window's answer as the host takes it: the authorizing PIN and the new one (typed
// twice and compared in the window); unblockUserPin without a new PIN leaves it out.
function pinsOf(answer) {
  const pins = { pin: answer.pin };
  if (typeof answer.newPin === 'string' && answer.newPin !== '') pins.newPin = answer.newPin;
  return pins;
}

// `signal` aborts the flow (its window closes; the abort's reason is thrown): the tab went away
// or the site was revoked. `recheck` runs after the PIN was typed, before it reaches the host,
// and throws if the site may no longer use the token.
export async function runPinFlow(host, spec, { origin, command, params, display }, { signal, recheck } = {}) {
  const checkAborted = () => {
    if (signal?.aborted) throw signal.reason;
  };
  const details = await DESCRIBERS[spec.describe](host, origin, params, display);
  const deviceId = params.deviceId ?? details.deviceId;
  const pinType = askedPin(spec.title, params);
  let { device, retriesLeft } = await deviceSummary(host, origin, deviceId, pinType, details.keyMode);
  let error = null;
  for (let round = 0; round < MAX_PROMPTS; round++) {
    checkAborted();
    const answer = await openPrompt(spec.newPin ? 'change-pin' : 'pin', {
      title: spec.title,
      pinType,
      origin,
      device,
      certificate: details.certificate ?? null,
      document: details.document ?? null,
      longTerm: longTermSummary(params),
      retriesLeft,
      error,
    }, { signal });
    checkAborted();
    if (answer.action !== 'confirm' || typeof answer.pin !== 'string') {
      throw new ExtError(ExtCode.USER_CANCELLED, 'the user cancelled the operation');
    }
    await recheck?.();
    const reply = await host.request({ command, origin, params: { ...params, ...pinsOf(answer) } });
    const retry = reply.error?.code === 'PIN_INCORRECT' && reply.error.retriesLeft > 0;
    if (!retry || round === MAX_PROMPTS - 1) return reply;
    retriesLeft = reply.error.retriesLeft;
    error = 'pinWrong';
  }
  throw new ExtError(ExtCode.USER_CANCELLED, 'unreachable');
}
