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

async function keySummary(host, origin, deviceId, keyId) {
  if (typeof deviceId !== 'string' || typeof keyId !== 'string') {
    // No PIN window for a request the host would refuse anyway.
    throw new ExtError(ExtCode.INVALID_PARAMS, 'deviceId and keyId are required', { param: 'keyId' });
  }
  const { key } = await hostResult(host, origin, 'getKeyInfo', { deviceId, keyId });
  return { certificate: certificateSummary(key) };
}

// The size of base64 text without decoding it.
function base64Size(text) {
  if (typeof text !== 'string') return undefined;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return (text.length / 4) * 3 - padding;
}

// What is signed: the extension shows only what it knows. The size of `data` it counts itself;
// a `hash` is the one the site sent (the token signs exactly that digest); a stream's size is
// what the host confirmed receiving. The file name is the site's claim and labelled so.
function signedDocument(params, stream, display) {
  const doc = { fileName: display?.fileName ?? null };
  if (typeof params.data === 'string') doc.size = base64Size(params.data);
  if (typeof params.hash === 'string') doc.hash = params.hash;
  if (stream) doc.size = stream.received;
  return doc;
}

// pinWindow.describe name (spec/protocol.json, commands.js) -> what the PIN window shows:
// { deviceId, certificate, document }
export const DESCRIBERS = {
  device: async () => ({}),
  key: async (host, origin, params, display) => ({
    ...(await keySummary(host, origin, params.deviceId, params.keyId)),
    document: params.data !== undefined || params.hash !== undefined ? signedDocument(params, null, display) : null,
  }),
  // authenticate: "Log in to <origin> as <subject>" needs the key's certificate; a key without
  // one cannot log in, so no PIN is asked for it. The challenge itself means nothing to the
  // user and is not shown; the origin the window names is the browser's (runPinFlow's caller).
  login: async (host, origin, params) => {
    const summary = await keySummary(host, origin, params.deviceId, params.keyId);
    if (!summary.certificate) {
      throw new ExtError(ExtCode.INVALID_PARAMS, 'the key has no certificate to log in with', { param: 'keyId' });
    }
    return { ...summary, document: null };
  },
  stream: async (host, origin, params, display) => {
    const stream = streamOf(origin, params.streamId);
    if (!stream) {
      throw new ExtError(ExtCode.INVALID_PARAMS, 'unknown stream: open it with sign {stream: "start"} first', { param: 'streamId' });
    }
    return {
      deviceId: stream.deviceId,
      ...(await keySummary(host, origin, stream.deviceId, stream.keyId)),
      document: signedDocument(params, stream, display),
    };
  },
};

async function deviceSummary(host, origin, deviceId) {
  if (typeof deviceId !== 'string') return { device: null, retriesLeft: null };
  const { device } = await hostResult(host, origin, 'getDeviceInfo', { deviceId });
  return {
    device: { id: device.id, modelName: device.modelName || device.model, serial: device.serial },
    retriesLeft: device.pins?.user?.retriesLeft ?? null,
  };
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
  let { device, retriesLeft } = await deviceSummary(host, origin, deviceId);
  let error = null;
  for (let round = 0; round < MAX_PROMPTS; round++) {
    checkAborted();
    const answer = await openPrompt('pin', {
      title: spec.title,
      origin,
      device,
      certificate: details.certificate ?? null,
      document: details.document ?? null,
      retriesLeft,
      error,
    }, { signal });
    checkAborted();
    if (answer.action !== 'confirm' || typeof answer.pin !== 'string') {
      throw new ExtError(ExtCode.USER_CANCELLED, 'the user cancelled the operation');
    }
    await recheck?.();
    const reply = await host.request({ command, origin, params: { ...params, pin: answer.pin } });
    const retry = reply.error?.code === 'PIN_INCORRECT' && reply.error.retriesLeft > 0;
    if (!retry || round === MAX_PROMPTS - 1) return reply;
    retriesLeft = reply.error.retriesLeft;
    error = 'pinWrong';
  }
  throw new ExtError(ExtCode.USER_CANCELLED, 'unreachable');
}
