// Trusted UI: extension pages in their own popup windows (ui/consent.html, ui/pin.html). The
// page that asked never sees them; they talk only to this background through runtime messages.
import { api } from './api.js';

const WINDOW_SIZE = {
  consent: { width: 480, height: 400 },
  pin: { width: 520, height: 640 },
  'change-pin': { width: 520, height: 600 },
  select: { width: 560, height: 520 },
};
const prompts = new Map(); // prompt id -> { kind, data, resolve, windowId }

function randomId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

// Opens a prompt window; resolves with the user's answer, or {action: 'cancel'} when the
// window is closed without one. `signal` (an AbortSignal) closes the window and resolves with
// {action: 'aborted', reason}: the tab that asked went away, or the user revoked the site.
export async function openPrompt(kind, data, { signal } = {}) {
  if (signal?.aborted) return { action: 'aborted', reason: signal.reason };
  const id = randomId();
  const answer = new Promise((resolve) => prompts.set(id, { kind, data, resolve, windowId: null }));
  const onAbort = () => settle(id, { action: 'aborted', reason: signal.reason });
  signal?.addEventListener('abort', onAbort, { once: true });
  answer.finally(() => signal?.removeEventListener('abort', onAbort));
  const url = api.runtime.getURL(`ui/${kind}.html?prompt=${id}`);
  try {
    const win = await api.windows.create({ url, type: 'popup', focused: true, ...WINDOW_SIZE[kind] });
    const entry = prompts.get(id);
    if (entry) entry.windowId = win.id;
    else api.windows.remove(win.id).catch(() => {}); // settled (aborted) while it opened
  } catch (e) {
    settle(id, { action: 'cancel', reason: String(e?.message ?? e) });
  }
  return answer;
}

// How many prompt windows are open or opening (tests).
export const openPromptCount = () => prompts.size;

function settle(id, answer) {
  const entry = prompts.get(id);
  if (!entry) return;
  prompts.delete(id);
  entry.resolve(answer);
  if (entry.windowId !== null) api.windows.remove(entry.windowId).catch(() => {});
}

function fromExtensionPage(sender) {
  return sender?.id === api.runtime.id && typeof sender.url === 'string'
    && sender.url.startsWith(api.runtime.getURL('ui/'));
}

// Each open prompt window holds a port to this background. If the background stops anyway (the
// browser ends it, the extension reloads), the prompt map above is gone with it: the window sees
// its port disconnect, tells the user and closes itself instead of offering dead buttons.
export const PROMPT_PORT = 'tokenbridge-prompt';
const promptPorts = new Set(); // held so that nothing collects them

api.runtime.onConnect.addListener((port) => {
  if (port.name !== PROMPT_PORT || !fromExtensionPage(port.sender)) return;
  promptPorts.add(port);
  port.onDisconnect.addListener(() => promptPorts.delete(port));
});

api.windows.onRemoved.addListener((windowId) => {
  for (const [id, entry] of prompts) {
    if (entry.windowId === windowId) settle(id, { action: 'cancel' });
  }
});

// Messages from the prompt pages only (content scripts of web pages can send runtime messages
// too: they are refused by the sender check).
export function handlePromptMessage(msg, sender) {
  if (!fromExtensionPage(sender)) return undefined;
  const entry = prompts.get(msg.prompt);
  if (msg.type === 'prompt:get') {
    return Promise.resolve(entry ? { kind: entry.kind, data: entry.data } : null);
  }
  if (msg.type === 'prompt:answer' && entry) {
    settle(msg.prompt, msg.answer ?? { action: 'cancel' });
    return Promise.resolve(true);
  }
  return undefined;
}
