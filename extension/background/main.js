// Background (Chrome service worker / Firefox event page): page ports <-> one native port.
import { api, ExtCode, ExtError } from './api.js';
import { NativeHost, checkFrame, ENVELOPE_RESERVE_BYTES } from './native.js';
import { senderOrigin, isServedOrigin } from './origins.js';
import { SiteState, siteState, setSiteState, canEnumerate } from './permissions.js';
import { openPrompt, handlePromptMessage } from './prompts.js';
import { commandSpec, OPS, ENUMERATING } from './commands.js';
import { chooseCertificate } from './chooser.js';
import { UserOps, Backoff } from './guard.js';
import { runPinFlow } from './pin-flow.js';
import { TRACKERS, isSealed, unseal } from './streams.js';

const PAGE_PORT = 'tokenbridge-page';
const IDLE_DISCONNECT_MS = 10_000; // keep the host a little after the last page left
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;

const pages = new Map(); // port -> { origin, subscribed }
const consentInFlight = new Map(); // origin -> { pending: Promise<void>, pages: Set<page>, abort }
const userOps = new UserOps(); // one PIN window per origin and per tab (guard.js)
const backoff = new Backoff(); // a site whose windows the user keeps dismissing gets none
let reconnectDelay = RECONNECT_MIN_MS;
let reconnectTimer = null;
let idleTimer = null;
let hostLost = false; // subscribed pages were told `hostDisconnected`, owe them `hostConnected`

const host = new NativeHost({ onEvent: forwardEvent, onConnect: hostBack, onDisconnect: hostGone });

function post(port, msg) {
  try {
    port.postMessage(msg);
  } catch {
    pages.delete(port); // the page went away meanwhile
  }
}

async function broadcast(msg) {
  for (const [port, page] of pages) {
    // A revoked site stops getting events at once, not only at its next request.
    if (page.subscribed && (await siteState(page.origin)) === SiteState.ALLOWED) post(port, msg);
  }
}

function forwardEvent(msg) {
  broadcast({ type: 'event', event: msg.event, device: msg.device ?? null });
}

function anySubscribed() {
  for (const page of pages.values()) if (page.subscribed) return true;
  return false;
}

function hostGone(reason) {
  console.warn('tokenbridge: native host gone:', reason.code, reason.message);
  if (!anySubscribed()) return;
  hostLost = true;
  broadcast({ type: 'event', event: 'hostDisconnected', device: null });
  scheduleReconnect();
}

// Whoever started the host again (the timer below or a page's request), subscribers learn it.
function hostBack() {
  reconnectDelay = RECONNECT_MIN_MS;
  if (!hostLost) return;
  hostLost = false;
  broadcast({ type: 'event', event: 'hostConnected', device: null });
}

// Subscribed pages expect device events, which only a running host sends: start it again.
function scheduleReconnect() {
  if (reconnectTimer || !anySubscribed()) return;
  reconnectTimer = setTimeout(async () => {
    reconnectTimer = null;
    if (host.connected || !anySubscribed()) return;
    try {
      await host.connect();
    } catch {
      reconnectDelay = Math.min(reconnectDelay * 2, RECONNECT_MAX_MS);
      scheduleReconnect();
    }
  }, reconnectDelay);
}

async function askConsent(origin, signal) {
  // A site whose windows the user keeps dismissing gets no window, and no host started for it.
  backoff.check(origin);
  // Start the host before the window waits for the user: Firefox stops an idle event page after
  // 30 s unless a native port is open (an open runtime port does not count, so the page's own
  // port does not help), and Chrome keeps a service worker with a native port alive too. Nothing
  // is sent for this origin before the user allows it (isAvailable starts the host without
  // consent anyway); a missing host is reported by the request itself after the answer.
  host.connect().catch(() => {});
  const answer = await openPrompt('consent', { origin }, { signal });
  if (answer.action === 'aborted') throw answer.reason; // every page that asked went away
  if (answer.action === 'allow') {
    backoff.answered(origin);
    return setSiteState(origin, SiteState.ALLOWED, { enumerate: answer.enumerate === true });
  }
  if (answer.action === 'deny') {
    backoff.answered(origin);
    await setSiteState(origin, SiteState.DENIED);
    throw new ExtError(ExtCode.ORIGIN_NOT_ALLOWED, 'the user denied this site access to tokens');
  }
  backoff.dismissed(origin);
  throw new ExtError(ExtCode.USER_CANCELLED, 'the user closed the consent window');
}

async function ensureAllowed(origin, page) {
  const state = await siteState(origin);
  if (state === SiteState.ALLOWED) return;
  if (state === SiteState.DENIED) {
    throw new ExtError(ExtCode.ORIGIN_NOT_ALLOWED, 'this site is blocked (see the extension options)');
  }
  // Concurrent requests of one origin share one window; it closes with the last tab waiting
  // for it (onPageDisconnect), like a PIN window.
  let consent = consentInFlight.get(origin);
  if (!consent) {
    const controller = new AbortController();
    consent = { pages: new Set(), abort: (reason) => controller.abort(reason) };
    consent.pending = askConsent(origin, controller.signal).finally(() => consentInFlight.delete(origin));
    consentInFlight.set(origin, consent);
  }
  consent.pages.add(page);
  await consent.pending;
}

function checkParams(params) {
  if (params === undefined) return {};
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw new ExtError(ExtCode.INVALID_PARAMS, 'params must be an object', { param: 'params' });
  }
  for (const param of ['pin', 'newPin']) {
    if (param in params) {
      throw new ExtError(ExtCode.INVALID_PARAMS, 'a page cannot pass a PIN; the extension asks for it', { param });
    }
  }
  return params;
}

// After the PIN was typed: the site may have been revoked while its window was open.
async function stillAllowed(origin) {
  if ((await siteState(origin)) !== SiteState.ALLOWED) {
    throw new ExtError(ExtCode.ORIGIN_NOT_ALLOWED, 'the user revoked this site while its window was open');
  }
}

// A command behind the PIN window: one at a time per origin and per tab (else BUSY at once),
// none while the site's windows are blocked; a dismissed window counts towards the block.
async function withPinWindow(origin, page, spec, request, display) {
  backoff.check(origin);
  const op = userOps.begin(origin, page.tabId, page);
  try {
    const reply = await runPinFlow(host, spec.pin, { ...request, display },
      { signal: op.signal, recheck: () => stillAllowed(origin) });
    backoff.answered(origin);
    return reply;
  } catch (e) {
    if (e?.code === ExtCode.USER_CANCELLED && !op.signal.aborted) backoff.dismissed(origin);
    throw e;
  } finally {
    op.release();
    if (request.command === 'signFinish') unseal(origin, request.params.streamId);
  }
}

// The certificate chooser: a user-facing window like the PIN window (one per origin and tab,
// back-off after dismissals).
async function select(origin, msg, page) {
  await ensureAllowed(origin, page);
  backoff.check(origin);
  const op = userOps.begin(origin, page.tabId, page);
  try {
    const result = await chooseCertificate(host, origin, msg.params, openPrompt, { signal: op.signal });
    backoff.answered(origin);
    return { result };
  } catch (e) {
    if (e?.code === ExtCode.USER_CANCELLED && !op.signal.aborted) backoff.dismissed(origin);
    throw e;
  } finally {
    op.release();
  }
}

async function forward(origin, msg, page) {
  const spec = commandSpec(msg.command);
  if (!spec) throw new ExtError(ExtCode.UNKNOWN_COMMAND, `unknown command: ${String(msg.command)}`);
  const params = checkParams(msg.params);
  const request = { command: msg.command, origin, params };
  const needsPin = spec.pin && (!spec.pin.when || spec.pin.when(params));
  // Too big or too deep for the host: refused here, before any window, with the request's id.
  checkFrame(request, ENVELOPE_RESERVE_BYTES);
  if (spec.consent) await ensureAllowed(origin, page);
  if (ENUMERATING.has(msg.command) && !(await canEnumerate(origin))) {
    throw new ExtError(ExtCode.ORIGIN_NOT_ALLOWED,
      'this site may not list all your certificates; use selectCertificate', { permission: 'enumerate' });
  }
  if (msg.command === 'signAppend' && isSealed(origin, params.streamId)) {
    throw new ExtError(ExtCode.BUSY, 'the stream is being signed: its digest is in the confirmation window', { param: 'streamId' });
  }
  const reply = needsPin
    ? await withPinWindow(origin, page, spec, request, msg.display)
    : await host.request(request);
  if (reply.error) return { error: reply.error };
  if (spec.track) TRACKERS[spec.track](origin, params, reply.result);
  return { result: reply.result };
}

// A Map: an operation name from a page is never looked up through a prototype chain.
const OP_HANDLERS = new Map([
  [OPS.STATUS, async () => ({
    result: { extensionVersion: api.runtime.getManifest().version, host: await host.connect() },
  })],
  [OPS.SUBSCRIBE, async (origin, msg, page) => {
    await ensureAllowed(origin, page);
    page.subscribed = true;
    await host.connect();
    return { result: { subscribed: true } };
  }],
  [OPS.REQUEST, (origin, msg, page) => forward(origin, msg, page)],
  [OPS.SELECT, (origin, msg, page) => select(origin, msg, page)],
]);

async function handlePageMessage(port, page, msg) {
  let answer;
  try {
    if (!page.served) throw new ExtError(ExtCode.ORIGIN_NOT_ALLOWED, 'only https sites and http://localhost are served');
    const handler = OP_HANDLERS.get(msg?.op);
    if (!handler) throw new ExtError(ExtCode.UNKNOWN_COMMAND, `unknown operation: ${String(msg?.op)}`);
    answer = await handler(page.origin, msg, page);
  } catch (e) {
    const err = e instanceof ExtError ? e : new ExtError(ExtCode.INTERNAL_ERROR, String(e?.message ?? e));
    answer = { error: err.toPayload() };
  }
  post(port, { type: 'reply', id: msg?.id, ...answer });
}

function onPageDisconnect(port) {
  const page = pages.get(port);
  // Its PIN window closes with it: nobody is left to see what it would sign. So does a consent
  // window no other tab of the site waits for.
  const gone = () => new ExtError(ExtCode.USER_CANCELLED, 'the page went away');
  if (page) userOps.abortWhere((op) => op.owner === page, gone());
  for (const consent of consentInFlight.values()) {
    if (consent.pages.delete(page) && consent.pages.size === 0) consent.abort(gone());
  }
  pages.delete(port);
  if (pages.size > 0 || idleTimer) return;
  idleTimer = setTimeout(() => {
    idleTimer = null;
    if (pages.size === 0 && host.pendingCount === 0) host.disconnect();
  }, IDLE_DISCONNECT_MS);
}

api.runtime.onConnect.addListener((port) => {
  if (port.name !== PAGE_PORT) return;
  const origin = senderOrigin(port.sender);
  // Top frames of tabs only (the content script does not run in frames either).
  const served = isServedOrigin(origin) && !!port.sender?.tab && (port.sender.frameId ?? 0) === 0;
  const page = { origin, served, subscribed: false, tabId: port.sender?.tab?.id };
  clearTimeout(idleTimer);
  idleTimer = null;
  pages.set(port, page);
  port.onMessage.addListener((msg) => handlePageMessage(port, page, msg));
  port.onDisconnect.addListener(() => onPageDisconnect(port));
});

// Revoked or blocked in the options page: the site's open PIN windows close at once.
api.storage.onChanged.addListener((changes, area) => {
  if (area !== 'local' || !changes.sites) return;
  const sites = changes.sites.newValue ?? {};
  userOps.abortWhere((op) => sites[op.origin]?.state !== SiteState.ALLOWED,
    new ExtError(ExtCode.ORIGIN_NOT_ALLOWED, 'the user revoked this site'));
});

// sendResponse + `return true`: both browsers support it (a returned Promise not everywhere).
api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  if (typeof msg?.type !== 'string' || !msg.type.startsWith('prompt:')) return false;
  const answer = handlePromptMessage(msg, sender);
  if (!answer) return false;
  answer.then(sendResponse);
  return true;
});
