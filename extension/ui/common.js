// Shared by the trusted windows: localisation and the link to the background.
export const api = globalThis.browser ?? globalThis.chrome;

export const t = (key, ...subs) => api.i18n.getMessage(key, subs) || key;

// Fills every [data-i18n] element with its message; sets <html lang>.
export function localize(root = document) {
  document.documentElement.lang = api.i18n.getUILanguage().startsWith('ru') ? 'ru' : 'en';
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
}

export const promptId = () => new URLSearchParams(location.search).get('prompt');

export async function loadPrompt() {
  return api.runtime.sendMessage({ type: 'prompt:get', prompt: promptId() });
}

export function answer(value) {
  return api.runtime.sendMessage({ type: 'prompt:answer', prompt: promptId(), answer: value });
}

// Buttons wake up after a short delay, so a click or key press meant for the page underneath
// cannot land on them (click-jacking of a window that pops up under the pointer).
export function armAfterDelay(buttons, ms = 400) {
  for (const b of buttons) b.disabled = true;
  setTimeout(() => {
    for (const b of buttons) b.disabled = false;
  }, ms);
}

// The window takes the height its content needs (a long certificate subject, the Russian texts,
// a large system font), within the screen; the background opened it at a guess.
export async function fitWindow() {
  try {
    const win = await api.windows.getCurrent();
    const frame = window.outerHeight - window.innerHeight; // title bar and borders
    // The body's bottom, not the root's scrollHeight: that one never falls below the window's
    // own height, so a window opened too tall would never shrink.
    const content = document.body.getBoundingClientRect().bottom + window.scrollY;
    const wanted = Math.ceil(content + frame + 4);
    const height = Math.min(wanted, screen.availHeight);
    if (Math.abs(height - window.outerHeight) > 8) await api.windows.update(win.id, { height });
  } catch {
    // A window we cannot resize keeps its size and scrolls.
  }
}

export function showGone(key = 'promptGone') {
  document.body.replaceChildren(Object.assign(document.createElement('p'), { id: 'gone', textContent: t(key) }));
}

// The background holds the request this window answers; if it stops (see PROMPT_PORT in
// background/prompts.js), the answer could reach no one: say so, then close.
const ENDED_CLOSE_MS = 2500;
export function closeWhenRequestEnds() {
  api.runtime.connect({ name: 'tokenbridge-prompt' }).onDisconnect.addListener(() => {
    document.title = t('promptEndedTitle');
    showGone('promptEnded');
    // windows.remove, not window.close(): a script may not close a window it did not open.
    setTimeout(() => api.windows.remove(api.windows.WINDOW_ID_CURRENT).catch(() => window.close()), ENDED_CLOSE_MS);
  });
}
