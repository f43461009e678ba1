// The single native messaging port to tokenbridge-host: request ids are remapped to our own
// sequence (pages choose theirs freely), replies are matched by id, events are passed on.
import { api, HOST_NAME, ExtCode, ExtError } from './api.js';
import { jsonDepth, frameSize } from './guard.js';

// The host's limits (docs/protocol.md, Framing): a bigger or deeper request is answered with
// "id": null, which no pending request can be matched to, so the extension checks them itself,
// on the whole frame (with its envelope: id, command, origin).
export const MAX_REQUEST_BYTES = 8 * 1024 * 1024;
export const MAX_JSON_DEPTH = 32;
// What the extension's own fields can add to a page's request: the id and the PIN.
export const ENVELOPE_RESERVE_BYTES = 512;

// Throws what the host would answer (with an id) for a frame it would refuse without one.
// `reserve`: bytes still to be added (the PIN of a PIN command).
export function checkFrame(message, reserve = 0) {
  if (jsonDepth(message, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new ExtError(ExtCode.BAD_REQUEST, `the request nests deeper than ${MAX_JSON_DEPTH} levels`);
  }
  const size = frameSize(message) + reserve;
  if (size > MAX_REQUEST_BYTES) {
    throw new ExtError(ExtCode.MESSAGE_TOO_LARGE, 'the request exceeds the host\'s message size limit',
      { size, limit: MAX_REQUEST_BYTES });
  }
  return { size, depth: jsonDepth(message, MAX_JSON_DEPTH) };
}

// The pending request an id-less error of the host belongs to: the one whose size the error
// names, else the biggest (MESSAGE_TOO_LARGE), or the deepest (anything else, e.g. BAD_REQUEST).
function suspectOf(pending, error) {
  const entries = [...pending.entries()];
  if (entries.length === 0) return undefined;
  if (error?.code === ExtCode.MESSAGE_TOO_LARGE) {
    const exact = entries.find(([, e]) => e.size === error.size);
    if (exact) return exact[0];
  }
  const key = error?.code === ExtCode.MESSAGE_TOO_LARGE ? 'size' : 'depth';
  entries.sort(([, a], [, b]) => b[key] - a[key] || b.size - a.size);
  return entries[0][0];
}

// What the browsers say when the host cannot be started at all (Chrome / Firefox wording).
const NOT_FOUND_TEXT = /not found|forbidden|no such native application/i;

export class NativeHost {
  #port = null;
  #seq = 0;
  #pending = new Map(); // our id -> { resolve, reject }
  #ready = null; // Promise of the handshake (the host's `version` result)
  #onEvent;
  #onConnect;
  #onDisconnect;

  constructor({ onEvent, onConnect, onDisconnect }) {
    this.#onEvent = onEvent;
    this.#onConnect = onConnect;
    this.#onDisconnect = onDisconnect;
  }

  get connected() {
    return this.#port !== null;
  }

  get pendingCount() {
    return this.#pending.size;
  }

  // Starts the host if needed; resolves with its `version` result once it answered.
  connect() {
    if (this.#ready) return this.#ready;
    let port;
    try {
      port = api.runtime.connectNative(HOST_NAME);
    } catch (e) {
      return Promise.reject(new ExtError(ExtCode.HOST_NOT_FOUND, String(e?.message ?? e)));
    }
    this.#port = port;
    port.onMessage.addListener((msg) => this.#receive(msg));
    port.onDisconnect.addListener(() => this.#disconnected(port));
    const handshake = this.#send(port, { command: 'version' }).then((reply) => {
      if (reply.error) throw new ExtError(reply.error.code, reply.error.message);
      this.#onConnect(reply.result);
      return reply.result;
    });
    this.#ready = handshake;
    handshake.catch(() => {}); // the callers see the rejection; avoid an unhandled one here
    return handshake;
  }

  // Sends {command, origin, params}; resolves with the raw reply ({result} or {error}).
  async request(message) {
    await this.connect();
    return this.#send(this.#port, message);
  }

  disconnect() {
    if (!this.#port) return;
    const port = this.#port;
    port.disconnect(); // onDisconnect does not fire for our own disconnect()
    this.#disconnected(port, new ExtError(ExtCode.HOST_DISCONNECTED, 'disconnected by the extension'));
  }

  #send(port, message) {
    const id = ++this.#seq;
    const frame = { id, ...message };
    return new Promise((resolve, reject) => {
      const { size, depth } = checkFrame(frame);
      this.#pending.set(id, { resolve, reject, size, depth });
      try {
        port.postMessage(frame);
      } catch (e) {
        this.#pending.delete(id);
        reject(new ExtError(ExtCode.HOST_DISCONNECTED, String(e?.message ?? e)));
      }
    });
  }

  #receive(msg) {
    if (msg && typeof msg.event === 'string') {
      this.#onEvent(msg);
      return;
    }
    // An id-less error (a frame the host could not take apart) still answers one request: no
    // page may wait for minutes for a reply that never comes.
    const id = msg && msg.id === null && msg.error ? suspectOf(this.#pending, msg.error) : msg?.id;
    const entry = this.#pending.get(id);
    if (!entry) {
      console.warn('tokenbridge: reply for no pending request', msg?.id, msg?.error?.code);
      return;
    }
    this.#pending.delete(id);
    entry.resolve(msg);
  }

  #disconnected(port, error) {
    if (port !== this.#port) return;
    // Chrome reports the reason in runtime.lastError, Firefox in port.error.
    const text = port.error?.message ?? api.runtime.lastError?.message ?? 'native host disconnected';
    let reason = error;
    if (!reason) {
      const code = NOT_FOUND_TEXT.test(text) ? ExtCode.HOST_NOT_FOUND : ExtCode.HOST_DISCONNECTED;
      reason = new ExtError(code, text);
    }
    this.#port = null;
    this.#ready = null;
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const entry of pending) entry.reject(reason);
    this.#onDisconnect(reason);
  }
}
