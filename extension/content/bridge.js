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
  const OPS = new Set(['request', 'subscribe', 'status', 'selectCertificate', 'hash']);
  // Well below Chrome's 64 MiB extension-message limit (beyond it the tab's renderer is killed)
  // and equal to the host's request limit; js-api sends big data in chunks far below this.
  const MAX_REQUEST_BYTES = 8 * 1024 * 1024;
  const inflight = new Map(); // our request id -> { channel, id } (the page's id on its channel)
  const channels = new Set(); // the page-side ends we handed out (one per ping)
  // Digests this script had computed for the page (op `hash`, the hasher frame): base64 -> bytes hashed,
  // so the signature window of a `sign {hash}` with one of them shows the size we counted.
  const HASHED_KEPT = 16;
  const hashed = new Map();
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

  // The hasher frame (hasher/hasher.html): an extension page, so it may run WebAssembly where a
  // content script may not (Chrome), and it gets the page's Blob as its own object (Firefox's
  // content scripts see the page's objects through wrappers, slowly). Added on first use and
  // kept; jobs go over a private MessagePort, answered by id. A page that removes the frame
  // gets no answer (js-api's silence timeout) for the jobs it had.
  const HASHER_START_MS = 10_000;
  const jobs = new Map(); // our job id -> { onProgress, resolve, reject }
  let hasher = null;

  function hasherPort() {
    hasher ??= new Promise((resolve, reject) => {
      const frame = document.createElement('iframe');
      frame.src = api.runtime.getURL('hasher/hasher.html');
      frame.hidden = true;
      frame.setAttribute('aria-hidden', 'true');
      frame.tabIndex = -1;
      const timer = setTimeout(() => {
        hasher = null;
        frame.remove();
        reject(new Error('the hasher frame did not load'));
      }, HASHER_START_MS);
      frame.addEventListener('load', () => {
        clearTimeout(timer);
        const { port1, port2 } = new MessageChannel();
        port1.onmessage = ({ data }) => {
          const job = jobs.get(data?.id);
          if (!job) return;
          if (data.progress) return job.onProgress(data.progress.done, data.progress.total);
          jobs.delete(data.id);
          if (data.error) job.reject(Object.assign(new Error(data.error.message), { invalid: data.error.invalid === true }));
          else job.resolve({ hash: new Uint8Array(data.result.hash), size: data.result.size });
        };
        frame.contentWindow.postMessage({ tokenbridgeHasher: 1 }, new URL(frame.src).origin, [port2]);
        resolve(port1);
      }, { once: true });
      (document.body ?? document.documentElement).appendChild(frame);
    });
    return hasher;
  }

  async function hashInFrame(data, hashAlgorithm, step, onProgress) {
    const port = await hasherPort();
    const id = `h-${++seq}`;
    return new Promise((resolve, reject) => {
      jobs.set(id, { onProgress, resolve, reject });
      port.postMessage({ id, data, hashAlgorithm, step });
    });
  }

  // op `hash`: Streebog of the page's Blob/ArrayBuffer/Uint8Array (structured clone over the
  // channels, no base64), in the hasher frame's WebAssembly; progress events per `step` bytes.
  // Nothing goes to the extension's background or the host: the page signs the digest with
  // `sign {hash}`, whose window shows that digest, as for any digest a page sends.
  async function onHash(channel, id, params) {
    const { data, hashAlgorithm, step } = params ?? {};
    const progressStep = Number.isSafeInteger(step) && step >= 65536 && step <= 16 * 1048576 ? step : 1048576;
    try {
      const onProgress = (done, total) => channel.postMessage({ dir: 'progress', id, done, total });
      const { hash, size } = await hashInFrame(data, hashAlgorithm, progressStep, onProgress);
      let binary = '';
      for (const byte of hash) binary += String.fromCharCode(byte);
      const base64 = btoa(binary);
      hashed.set(base64, size);
      while (hashed.size > HASHED_KEPT) hashed.delete(hashed.keys().next().value);
      reply(channel, id, { result: { hash: base64, hashAlgorithm, size } });
    } catch (e) {
      // A page's bad params, or no hasher (the page library falls back to the host's streaming).
      const code = e?.invalid ? 'INVALID_PARAMS' : 'INTERNAL_ERROR';
      fail(channel, id, code, `hash: ${String(e?.message ?? e)}`);
    }
  }

  // What the signature window shows besides the host's facts: the site's file name (labelled as
  // its claim) and, for a digest this script computed, the size it hashed (never the page's word).
  function displayOf(data) {
    const display = { fileName: typeof data.display?.fileName === 'string' ? data.display.fileName : undefined };
    const digest = data.command === 'sign' ? data.params?.hash : undefined;
    if (typeof digest === 'string' && hashed.has(digest)) display.hashedSize = hashed.get(digest);
    return display;
  }

  function onRequest(channel, data) {
    if (!data || typeof data !== 'object' || data.dir !== 'request') return;
    const { id, op } = data;
    if (!(typeof id === 'string' && id.length <= 128) && !Number.isSafeInteger(id)) return;
    if (!OPS.has(op)) return fail(channel, id, 'UNKNOWN_COMMAND', `unknown operation: ${String(op)}`);
    if (op === 'hash') return void onHash(channel, id, data.params);
    // Our own id: two channels of the page may use the same one.
    const ours = `c-${++seq}`;
    const msg = { op, id: ours, command: data.command, params: data.params, display: displayOf(data) };
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
