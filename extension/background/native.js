// The single native messaging port to tokenbridge-host: request ids are remapped to our own
// sequence (pages choose theirs freely), replies are matched by id, events are passed on.
import { api, HOST_NAME, ExtCode, ExtError } from './api.js';

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
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      try {
        port.postMessage({ id, ...message });
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
    const entry = this.#pending.get(msg?.id);
    if (!entry) {
      console.warn('tokenbridge: reply for no pending request', msg?.id, msg?.error?.code);
      return;
    }
    this.#pending.delete(msg.id);
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
