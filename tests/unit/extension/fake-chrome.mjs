// A stand-in for the part of the `chrome` API the extension's background uses, so the whole
// background (main.js and everything it imports) runs under node: page ports, the native port
// (a scripted host that records every frame it gets), popup windows, storage.local.
const EXTENSION_ID = 'fakeextensionid';
const BASE = `chrome-extension://${EXTENSION_ID}/`;

function event() {
  const listeners = new Set();
  return {
    addListener: (fn) => listeners.add(fn),
    removeListener: (fn) => listeners.delete(fn),
    fire: (...args) => [...listeners].map((fn) => fn(...args)),
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

export function installFakeChrome() {
  const onConnect = event();
  const onMessage = event();
  const onRemoved = event();
  const onChanged = event();
  const store = {};
  const windows = new Map(); // id -> { id, url }
  let windowSeq = 100;

  const fake = {
    hostFrames: [], // every frame the host received
    // The scripted host: (frame) => reply body ({result} | {error}) or undefined (no answer).
    hostAnswer: (frame) => (frame.command === 'version' ? { result: { protocolVersion: 1 } } : { result: {} }),
    windows,
    // Extra replies the host writes on its own (e.g. an id-less error).
    hostSays: (msg) => fake.nativePort.onMessage.fire(msg),
    nativePort: null,
  };

  globalThis.chrome = {
    runtime: {
      id: EXTENSION_ID,
      lastError: undefined,
      onConnect,
      onMessage,
      getURL: (p) => BASE + p,
      getManifest: () => ({ version: '0.0.0-test' }),
      connectNative: () => {
        const port = {
          onMessage: event(),
          onDisconnect: event(),
          postMessage: (frame) => {
            const copy = JSON.parse(JSON.stringify(frame));
            fake.hostFrames.push(copy);
            const body = fake.hostAnswer(copy);
            if (body) setTimeout(() => port.onMessage.fire({ id: copy.id, ...body }), 0);
          },
          disconnect: () => {},
        };
        fake.nativePort = port;
        return port;
      },
    },
    windows: {
      onRemoved,
      create: async ({ url }) => {
        const win = { id: ++windowSeq, url };
        windows.set(win.id, win);
        return win;
      },
      remove: async (id) => {
        if (!windows.delete(id)) throw new Error('no such window');
        onRemoved.fire(id);
      },
    },
    storage: {
      onChanged,
      local: {
        get: async (key) => (key in store ? { [key]: structuredClone(store[key]) } : {}),
        set: async (items) => {
          const changes = {};
          for (const [k, v] of Object.entries(items)) {
            changes[k] = { oldValue: store[k], newValue: structuredClone(v) };
            store[k] = structuredClone(v);
          }
          onChanged.fire(changes, 'local');
        },
      },
    },
  };

  // A page (top frame of tab `tabId`) connecting to the background; `replies` collects what it gets.
  fake.connectPage = (origin, tabId) => {
    const bg = { name: 'tokenbridge-page', sender: { origin, url: `${origin}/`, tab: { id: tabId }, frameId: 0 },
      onMessage: event(), onDisconnect: event(), replies: [] };
    bg.postMessage = (msg) => bg.replies.push(msg);
    onConnect.fire(bg);
    let seq = 0;
    return {
      replies: bg.replies,
      // Sends a request; resolves with its reply (fails the test after `ms` without one).
      send: async (msg, ms = 5000) => {
        const id = `p-${++seq}`;
        bg.onMessage.fire({ op: 'request', id, ...msg });
        await fake.until(() => bg.replies.some((r) => r.id === id), `the reply to ${msg.command ?? msg.op}`, ms);
        return bg.replies.find((r) => r.id === id);
      },
      // Sends a request without waiting; returns its id.
      post: (msg) => {
        const id = `p-${++seq}`;
        bg.onMessage.fire({ op: 'request', id, ...msg });
        return id;
      },
      replyTo: (id) => bg.replies.find((r) => r.id === id),
      disconnect: () => bg.onDisconnect.fire(),
    };
  };

  // The open prompt windows of one kind ('pin', 'consent'), with their prompt ids.
  fake.openWindows = (kind) => [...windows.values()]
    .filter((w) => w.url.startsWith(`${BASE}ui/${kind}.html`))
    .map((w) => ({ ...w, prompt: new URL(w.url).searchParams.get('prompt') }));

  // Answers a prompt the way its window does (a runtime message from the extension's page).
  fake.answerPrompt = async (kind, prompt, answer) => {
    const sender = { id: EXTENSION_ID, url: `${BASE}ui/${kind}.html?prompt=${prompt}` };
    await Promise.all(onMessage.fire({ type: 'prompt:answer', prompt, answer }, sender, () => {}));
  };

  // The user closes a window.
  fake.closeWindow = (id) => chrome.windows.remove(id);

  fake.allow = (origin) => chrome.storage.local.get('sites').then(({ sites = {} }) =>
    chrome.storage.local.set({ sites: { ...sites, [origin]: { state: 'allowed', since: new Date(0).toISOString() } } }));
  fake.revoke = (origin) => chrome.storage.local.get('sites').then(({ sites = {} }) => {
    delete sites[origin];
    return chrome.storage.local.set({ sites });
  });

  fake.until = async (condition, what = 'condition', ms = 2000) => {
    const deadline = Date.now() + ms;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await tick();
    }
  };
  return fake;
}
