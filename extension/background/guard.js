// What keeps a page from abusing the trusted windows (docs/security.md, "Windows a page cannot
// abuse"): one pending user-facing operation per origin and per tab (the others are refused at
// once with BUSY, as web-eid.js answers ERR_WEBEID_ACTION_PENDING), and a back-off after the
// user dismissed a site's windows several times (PROMPTS_BLOCKED, as Chromium embargoes a
// site's permission prompts after repeated dismissals).
import { ExtCode, ExtError } from './api.js';

export const DISMISSALS_BEFORE_BLOCK = 3;
export const BLOCK_MS = 10 * 60_000; // the site's windows stay shut this long
export const DISMISSAL_MEMORY_MS = 10 * 60_000; // dismissals older than this are forgotten

// One user-facing operation (a PIN window and the command behind it) per origin and per tab.
// Each operation has an AbortController: its windows close when its tab goes (the page's port
// disconnects) or when the user revokes its site.
export class UserOps {
  #byKey = new Map(); // 'origin:<o>' | 'tab:<id>' -> op
  #ops = new Set();

  // Claims the origin and the tab for one operation, or throws BUSY; `release()` frees them.
  begin(origin, tabId, owner = null) {
    const keys = [`origin:${origin}`, ...(tabId === undefined || tabId === null ? [] : [`tab:${tabId}`])];
    if (keys.some((k) => this.#byKey.has(k))) {
      throw new ExtError(ExtCode.BUSY, 'another operation of this site is waiting for the user; finish or cancel it first');
    }
    const controller = new AbortController();
    const op = {
      origin,
      owner,
      signal: controller.signal,
      abort: (reason) => controller.abort(reason),
      release: () => {
        for (const k of keys) if (this.#byKey.get(k) === op) this.#byKey.delete(k);
        this.#ops.delete(op);
      },
    };
    for (const k of keys) this.#byKey.set(k, op);
    this.#ops.add(op);
    return op;
  }

  // Aborts every operation `which(op)` selects, with `reason` (an ExtError).
  abortWhere(which, reason) {
    for (const op of [...this.#ops]) if (which(op)) op.abort(reason);
  }

  get size() {
    return this.#ops.size;
  }
}

// Counts a site's dismissed windows (closed, cancelled); after DISMISSALS_BEFORE_BLOCK in a row
// its windows are refused for BLOCK_MS. A window the user answered (allow, deny, confirm) resets
// the count: the user is there and means it.
export class Backoff {
  #sites = new Map(); // origin -> { dismissals: [time], blockedUntil }
  #now;

  constructor(now = () => Date.now()) {
    this.#now = now;
  }

  // Throws PROMPTS_BLOCKED while the site's windows are blocked.
  check(origin) {
    const site = this.#sites.get(origin);
    const left = (site?.blockedUntil ?? 0) - this.#now();
    if (left > 0) {
      throw new ExtError(ExtCode.PROMPTS_BLOCKED,
        'the user dismissed this site\'s windows several times; they are blocked for a while', { retryAfterMs: left });
    }
  }

  dismissed(origin) {
    const now = this.#now();
    const site = this.#sites.get(origin) ?? { dismissals: [], blockedUntil: 0 };
    site.dismissals = [...site.dismissals.filter((t) => now - t < DISMISSAL_MEMORY_MS), now];
    if (site.dismissals.length >= DISMISSALS_BEFORE_BLOCK) {
      site.blockedUntil = now + BLOCK_MS;
      site.dismissals = [];
    }
    this.#sites.set(origin, site);
  }

  answered(origin) {
    this.#sites.delete(origin);
  }
}

// The deepest nesting of a JSON value, counted like the host does (an object or array is one
// level; the host refuses a message deeper than 32); stops counting past `limit`.
export function jsonDepth(value, limit = Infinity) {
  if (value === null || typeof value !== 'object') return 0;
  if (limit <= 0) return 1;
  let deepest = 0;
  for (const child of Object.values(value)) {
    deepest = Math.max(deepest, jsonDepth(child, limit - 1));
    if (deepest >= limit) break;
  }
  return 1 + deepest;
}

// Characters Chromium's JSON writer escapes as \uXXXX where JSON.stringify writes them as they
// are ('<' for HTML safety, U+2028/2029, DEL; '>' to be safe): each may cost 5 bytes more.
const WIDER_IN_CHROMIUM = /[<>\u2028\u2029\x7f]/g;
// A number may be 3 bytes longer in Chromium's text (a double gets ".0"; "1e-07" for "1e-7").
const NUMBER_SLACK = 3;

function countNumbers(value) {
  if (typeof value === 'number') return 1;
  if (value === null || typeof value !== 'object') return 0;
  let n = 0;
  for (const child of Object.values(value)) n += countNumbers(child);
  return n;
}

// The size in bytes of `message` as a native messaging frame, never less than what either
// browser writes: Firefox writes JSON.stringify's text, Chromium may escape more characters and
// write numbers longer. Call it on a message jsonDepth found shallow.
export function frameSize(message) {
  const json = JSON.stringify(message);
  const utf8 = new TextEncoder().encode(json).length;
  const wider = json.match(WIDER_IN_CHROMIUM)?.length ?? 0;
  return utf8 + 5 * wider + NUMBER_SLACK * countNumbers(message);
}
