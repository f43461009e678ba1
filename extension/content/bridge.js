// Isolated-world bridge between the page (window.postMessage, see js-api/tokenbridge.js) and the
// extension background (one runtime port per page). It forwards only the fields it knows and
// never an origin: the background takes the origin from the browser's sender information.
(() => {
  const api = globalThis.browser ?? globalThis.chrome;
  const TAG = '__tokenbridge';
  const PORT_NAME = 'tokenbridge-page';
  const OPS = new Set(['request', 'subscribe', 'status']);
  // Well below Chrome's 64 MiB extension-message limit (beyond it the tab's renderer is killed)
  // and equal to the host's request limit; js-api sends big data in chunks far below this.
  const MAX_REQUEST_BYTES = 8 * 1024 * 1024;
  const inflight = new Set(); // request ids sent on the current port
  let port = null;
  let subscribed = false;

  const toPage = (msg) => window.postMessage({ [TAG]: 1, ...msg }, window.location.origin);
  const fail = (id, code, message) => toPage({ dir: 'reply', id, error: { code, message } });

  function connect() {
    port = api.runtime.connect({ name: PORT_NAME });
    port.onMessage.addListener((msg) => {
      if (msg?.type === 'reply') {
        inflight.delete(msg.id);
        toPage({ dir: 'reply', id: msg.id, result: msg.result, error: msg.error });
      } else if (msg?.type === 'event') {
        toPage({ dir: 'event', event: msg.event, device: msg.device });
      }
    });
    port.onDisconnect.addListener(() => {
      port = null;
      for (const id of inflight) fail(id, 'HOST_DISCONNECTED', 'the extension background went away');
      inflight.clear();
      // The background restarted (update, crash): keep the page's device subscription alive.
      if (subscribed) setTimeout(() => send({ op: 'subscribe', id: `resubscribe-${Date.now()}` }), 1000);
    });
    return port;
  }

  function send(msg) {
    (port ?? connect()).postMessage(msg);
  }

  function byteLength(json) {
    if (json.length > MAX_REQUEST_BYTES) return json.length; // UTF-8 is never shorter
    return new TextEncoder().encode(json).length;
  }

  function onRequest(data) {
    const { id, op } = data;
    if (!(typeof id === 'string' && id.length <= 128) && !Number.isSafeInteger(id)) return;
    if (!OPS.has(op)) return fail(id, 'UNKNOWN_COMMAND', `unknown operation: ${String(op)}`);
    const msg = { op, id, command: data.command, params: data.params, display: data.display };
    let json;
    try {
      json = JSON.stringify(msg);
    } catch {
      return fail(id, 'BAD_REQUEST', 'the request is not serializable to JSON');
    }
    const size = byteLength(json);
    if (size > MAX_REQUEST_BYTES) {
      return toPage({ dir: 'reply', id, error: { code: 'MESSAGE_TOO_LARGE', message: 'request too large', size, limit: MAX_REQUEST_BYTES } });
    }
    if (op === 'subscribe') subscribed = true;
    inflight.add(id);
    try {
      send(JSON.parse(json)); // only plain JSON data crosses into the extension
    } catch (e) {
      inflight.delete(id);
      fail(id, 'HOST_DISCONNECTED', String(e?.message ?? e));
    }
  }

  window.addEventListener('message', (ev) => {
    if (ev.source !== window || ev.origin !== window.location.origin) return;
    const data = ev.data;
    if (!data || typeof data !== 'object' || data[TAG] !== 1) return;
    if (data.dir === 'ping') toPage({ dir: 'pong', extensionVersion: api.runtime.getManifest().version });
    else if (data.dir === 'request') onRequest(data);
  });

  // For a js-api loaded before this script: it re-pings on this signal.
  toPage({ dir: 'ready', extensionVersion: api.runtime.getManifest().version });
})();
