// Isolated-world bridge between the page (js-api/tokenbridge.js) and the extension background
// (one runtime port per page). It forwards only the fields it knows and never an origin: the
// background takes the origin from the browser's sender information.
// The page library pings over window.postMessage; the answer carries a private MessageChannel
// port, and every request, reply and event travels over that channel from then on: a reply
// posted to the window by another script of the page is never taken for the extension's.
(() => {
  const api = globalThis.browser ?? globalThis.chrome;
  const TAG = '__tokenbridge';
  const PORT_NAME = 'tokenbridge-page';
  const OPS = new Set(['request', 'subscribe', 'status', 'selectCertificate']);
  // Well below Chrome's 64 MiB extension-message limit (beyond it the tab's renderer is killed)
  // and equal to the host's request limit; js-api sends big data in chunks far below this.
  const MAX_REQUEST_BYTES = 8 * 1024 * 1024;
  const inflight = new Map(); // our request id -> { channel, id } (the page's id on its channel)
  const channels = new Set(); // the page-side ends we handed out (one per ping)
  let seq = 0;
  let port = null;
  let subscribed = false;

  const toPage = (msg) => window.postMessage({ [TAG]: 1, ...msg }, window.location.origin);
  const reply = (channel, id, body) => channel.postMessage({ dir: 'reply', id, ...body });
  const fail = (channel, id, code, message) => reply(channel, id, { error: { code, message } });

  function connect() {
    port = api.runtime.connect({ name: PORT_NAME });
    port.onMessage.addListener((msg) => {
      if (msg?.type === 'reply') {
        const to = inflight.get(msg.id);
        if (!to) return;
        inflight.delete(msg.id);
        reply(to.channel, to.id, { result: msg.result, error: msg.error });
      } else if (msg?.type === 'event') {
        for (const channel of channels) {
          if (channel.subscribed) channel.postMessage({ dir: 'event', event: msg.event, device: msg.device });
        }
      }
    });
    port.onDisconnect.addListener(() => {
      port = null;
      for (const { channel, id } of inflight.values()) fail(channel, id, 'HOST_DISCONNECTED', 'the extension background went away');
      inflight.clear();
      // The background restarted (update, crash): keep the page's device subscription alive.
      if (subscribed) setTimeout(() => send({ op: 'subscribe', id: `resubscribe-${++seq}` }), 1000);
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

  function onRequest(channel, data) {
    if (!data || typeof data !== 'object' || data.dir !== 'request') return;
    const { id, op } = data;
    if (!(typeof id === 'string' && id.length <= 128) && !Number.isSafeInteger(id)) return;
    if (!OPS.has(op)) return fail(channel, id, 'UNKNOWN_COMMAND', `unknown operation: ${String(op)}`);
    // Our own id: two channels of the page may use the same one.
    const ours = `c-${++seq}`;
    const msg = { op, id: ours, command: data.command, params: data.params, display: data.display };
    let json;
    try {
      json = JSON.stringify(msg);
    } catch {
      return fail(channel, id, 'BAD_REQUEST', 'the request is not serializable to JSON');
    }
    const size = byteLength(json);
    if (size > MAX_REQUEST_BYTES) {
      return reply(channel, id, { error: { code: 'MESSAGE_TOO_LARGE', message: 'request too large', size, limit: MAX_REQUEST_BYTES } });
    }
    if (op === 'subscribe') subscribed = channel.subscribed = true;
    inflight.set(ours, { channel, id });
    try {
      send(JSON.parse(json)); // only plain JSON data crosses into the extension
    } catch (e) {
      inflight.delete(ours);
      fail(channel, id, 'HOST_DISCONNECTED', String(e?.message ?? e));
    }
  }

  // A ping gets a new private channel: the page library keeps the first one it receives.
  function handOutChannel() {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = (ev) => onRequest(port1, ev.data);
    channels.add(port1);
    window.postMessage({ [TAG]: 1, dir: 'pong', extensionVersion: api.runtime.getManifest().version }, window.location.origin, [port2]);
  }

  window.addEventListener('message', (ev) => {
    if (ev.source !== window || ev.origin !== window.location.origin) return;
    const data = ev.data;
    if (!data || typeof data !== 'object' || data[TAG] !== 1) return;
    if (data.dir === 'ping') handOutChannel();
  });

  // For a js-api loaded before this script: it re-pings on this signal.
  toPage({ dir: 'ready', extensionVersion: api.runtime.getManifest().version });
})();
