// One tiny driver interface for the specs that run in both browsers:
//   session: newPage(url) -> Page, waitForWindow(pathPart, timeout) -> Page (an extension
//            window), windowCount(pathPart) (the extension windows open now), extensionUrl(path),
//            hostPids(), close()
//   Page:    goto(url), evaluate(fn, arg) (fn is serialized: no closures), click(selector),
//            type(selector, text), press(key) (a key of the keyboard, e.g. 'Escape' or 'Shift+Tab',
//            to the focused element), screenshot(file), close() (a tab or a window), isClosed(),
//            errors() (uncaught errors of the page; null where the browser cannot tell: Firefox)
// Everything a spec reads goes through evaluate(), so the assertions are the same code in both
// browsers. Chromium: Playwright. Firefox ESR: Marionette (the only protocol that sees the
// extension's windows, see marionette.mjs).
import { chromium } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchFirefox } from './marionette.mjs';
import {
  CHROMIUM_BIN, EXTENSION_DIR, EXTENSION_ID, FIREFOX_BIN, GECKO_ID, HOST_NAME, writeHostWrapper, hostPids,
} from './env.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// A window that closes itself while we click in it (the prompt windows do on the answer).
const GONE = /closed|no such window|discarded|NoSuchWindow|Target page/i;

// Chromium: a fresh profile with the unpacked extension and a per-profile native host manifest
// pointing (through a pid-recording wrapper) at the real host.
// `hostAlias`: a host name that resolves to 127.0.0.1 (an ordinary http origin, not loopback's).
export async function launchChromium({ withExtension = true, withHost = true, lang = 'en-US', hostAlias = null, extraArgs = [] } = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-e2e-chromium-'));
  const { wrapper, pids } = writeHostWrapper(profile);
  if (withHost) {
    fs.mkdirSync(path.join(profile, 'NativeMessagingHosts'));
    fs.writeFileSync(path.join(profile, 'NativeMessagingHosts', `${HOST_NAME}.json`), JSON.stringify({
      name: HOST_NAME,
      description: 'tokenbridge host (e2e)',
      path: wrapper,
      type: 'stdio',
      allowed_origins: [`chrome-extension://${EXTENSION_ID}/`],
    }));
  }
  const args = withExtension ? [`--disable-extensions-except=${EXTENSION_DIR}`, `--load-extension=${EXTENSION_DIR}`] : [];
  if (hostAlias) args.push(`--host-resolver-rules=MAP ${hostAlias} 127.0.0.1`);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_BIN,
    headless: true,
    // No emulated viewport: each window keeps its own size (the extension's windows size
    // themselves to their content, which the tests check; --window-size would force it on
    // popups too). The session's tabs set theirs (TAB_VIEWPORT).
    viewport: null,
    args: [...args, `--lang=${lang}`, ...extraArgs],
    locale: lang,
    // On Linux the UI language (and so the extension's _locales choice) follows LANGUAGE.
    env: { ...process.env, LANGUAGE: lang.replace('-', '_') },
  });
  return {
    context,
    hostPids: () => hostPids(pids),
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

const TAB_VIEWPORT = { width: 1280, height: 720 }; // the demo pages and their screenshots

async function chromiumSession(options = {}) {
  const session = await launchChromium(options);
  const { context } = session;
  let extensionOrigin = null; // no extension (withExtension: false), no worker to wait for
  if (options.withExtension ?? true) {
    let [worker] = context.serviceWorkers();
    if (!worker) worker = await context.waitForEvent('serviceworker');
    const { protocol, host } = new URL(worker.url()); // .origin is 'null' for chrome-extension:
    extensionOrigin = `${protocol}//${host}`;
  }
  const errors = new WeakMap(); // page -> uncaught errors since it was wrapped
  const wrap = (page) => {
    if (!errors.has(page)) {
      errors.set(page, []);
      page.on('pageerror', (e) => errors.get(page).push(e.message));
    }
    return wrapPage(page);
  };
  const wrapPage = (page) => ({
    goto: (url) => page.goto(url).then(() => {}),
    errors: async () => errors.get(page),
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    url: () => page.url(),
    click: (selector) => page.locator(selector).click().catch((e) => {
      if (!page.isClosed()) throw e;
    }),
    type: (selector, text) => page.locator(selector).fill(text),
    press: (key) => page.keyboard.press(key).catch((e) => {
      if (!page.isClosed()) throw e; // a prompt window closes itself on the answer
    }),
    screenshot: (file, { fullPage = false } = {}) => page.screenshot({ path: file, fullPage }),
    close: () => page.close(),
    isClosed: async () => page.isClosed(),
  });
  return {
    name: 'chromium',
    extensionUrl: (p) => `${extensionOrigin}/${p}`,
    async newPage(url) {
      const tab = await context.newPage();
      await tab.setViewportSize(TAB_VIEWPORT);
      const page = wrap(tab);
      if (url) await page.goto(url);
      return page;
    },
    async waitForWindow(pathPart, timeout = 15_000) {
      const deadline = Date.now() + timeout;
      while (Date.now() < deadline) {
        const page = context.pages().find((p) => p.url().startsWith(extensionOrigin) && p.url().includes(pathPart));
        if (page) return wrap(page);
        await sleep(100);
      }
      throw new Error(`no extension window ${pathPart} within ${timeout} ms`);
    },
    windowCount: async (pathPart) =>
      context.pages().filter((p) => p.url().startsWith(extensionOrigin) && p.url().includes(pathPart)).length,
    hostPids: session.hostPids,
    close: session.close,
  };
}

// Firefox: one Marionette connection, one current window; every page operation switches to
// its window under a lock, so polling a page and clicking in a prompt window interleave safely.
const EXTENSION_UUID = '6c0d5c3e-7b1a-4c55-9d0e-e2e000000001';
const KEYS = {
  Escape: '\uE00C', Enter: '\uE007', Tab: '\uE004', ArrowDown: '\uE015', ArrowUp: '\uE013', Space: '\uE00D', Shift: '\uE008',
};
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

async function firefoxSession({
  lang = 'en-US', withExtension = true, withHost = true, hostAlias = null, prefs = {}, extensionDir = EXTENSION_DIR,
} = {}) {
  // Firefox looks for host manifests under $HOME/.mozilla (not in the profile).
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-e2e-firefox-'));
  const { wrapper, pids } = writeHostWrapper(home);
  if (withHost) {
    const hosts = path.join(home, '.mozilla', 'native-messaging-hosts');
    fs.mkdirSync(hosts, { recursive: true });
    fs.writeFileSync(path.join(hosts, `${HOST_NAME}.json`), JSON.stringify({
      name: HOST_NAME, description: 'tokenbridge host (e2e)', path: wrapper, type: 'stdio', allowed_extensions: [GECKO_ID],
    }));
  }
  const profile = path.join(home, 'profile');
  fs.mkdirSync(profile);
  const ff = await launchFirefox({
    binary: FIREFOX_BIN,
    profile,
    // Chrome-context scripts: the only way to open an extension page (the options page) in a
    // tab; Marionette refuses to navigate a content tab to moz-extension://.
    args: ['-remote-allow-system-access'],
    env: { ...process.env, HOME: home, LANGUAGE: lang.replace('-', '_') },
    prefs: {
      'xpinstall.signatures.required': false,
      // The UI language (and so the extension's _locales choice); Russian needs Debian's
      // firefox-esr-l10n-ru (its language pack is named plain 'ru').
      'intl.locale.requested': lang.startsWith('ru') ? 'ru' : lang,
      'intl.accept_languages': lang,
      // A known moz-extension:// host, so the options page has a fixed URL.
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
      // Names that resolve to the loopback address; plain http stays plain (no HTTPS-First try).
      ...(hostAlias ? { 'network.dns.localDomains': hostAlias, 'dom.security.https_first': false } : {}),
      ...prefs,
    },
  });
  if (withExtension) {
    const installed = await ff.command('Addon:Install', { path: extensionDir, temporary: true });
    if (installed.value !== GECKO_ID) throw new Error(`add-on installed as ${installed.value}`);
  }

  let lock = Promise.resolve();
  let current = (await ff.command('WebDriver:GetWindowHandle')).value;
  let spare = current; // the first tab, used by the first newPage
  const known = new Set([current]);
  const inWindow = (handle, fn) => {
    const run = lock.then(async () => {
      if (current !== handle) {
        await ff.command('WebDriver:SwitchToWindow', { handle, focus: false });
        current = handle;
      }
      return fn();
    });
    lock = run.catch(() => {});
    return run;
  };
  const handles = () => ff.command('WebDriver:GetWindowHandles'); // a bare array
  const find = async (selector) => (await ff.command('WebDriver:FindElement', { using: 'css selector', value: selector })).value[ELEMENT];
  const script = (handle, source, args = []) =>
    inWindow(handle, () => ff.command('WebDriver:ExecuteScript', { script: source, args })).then((r) => r.value);
  let seq = 0;

  const wrap = (handle) => {
    const page = {
      goto: (url) => inWindow(handle, () => ff.command('WebDriver:Navigate', { url })).then(() => {}),
      url: () => script(handle, 'return location.href'),
      // Marionette answers one command at a time, so a long page call must not hold it: start
      // the function, keep its outcome in the page, poll for it.
      async evaluate(fn, arg) {
        const id = `e${++seq}`;
        await script(handle, `const [id, arg] = arguments;
          const store = (window.__tbE2e ??= {});
          Promise.resolve().then(() => (${fn})(arg))
            .then((v) => { store[id] = { value: JSON.stringify(v ?? null) }; },
                  (e) => { store[id] = { error: String(e?.stack ?? e) }; });`, [id, arg]);
        for (;;) {
          const outcome = await script(handle, 'const s = window.__tbE2e; const o = s?.[arguments[0]]; if (o) delete s[arguments[0]]; return o ?? null;', [id]);
          if (outcome?.error) throw new Error(`in the page: ${outcome.error}`);
          if (outcome) return JSON.parse(outcome.value);
          await sleep(100);
        }
      },
      // Like a user: waits until the element is enabled (the prompt buttons arm after a delay).
      click: (selector) => inWindow(handle, async () => {
        for (let i = 0; ; i++) {
          const { value: ready } = await ff.command('WebDriver:ExecuteScript', {
            script: 'const el = document.querySelector(arguments[0]); return !!el && !el.disabled;', args: [selector],
          });
          if (ready) break;
          if (i > 100) throw new Error(`${selector} not clickable`);
          await sleep(100);
        }
        await ff.command('WebDriver:ElementClick', { id: await find(selector) });
      }).catch((e) => {
        if (!GONE.test(e.message)) throw e;
      }),
      type: (selector, text) => inWindow(handle, async () => {
        const id = await find(selector);
        await ff.command('WebDriver:ElementClear', { id });
        await ff.command('WebDriver:ElementSendKeys', { id, text });
      }),
      // WebDriver key codes (the Private Use Area): Escape is U+E00C. 'Shift+Tab': held in order,
      // released in reverse, like Playwright's key chords.
      press: (key) => inWindow(handle, async () => {
        const values = key.split('+').map((k) => KEYS[k] ?? k);
        const actions = [...values.map((value) => ({ type: 'keyDown', value })), ...values.reverse().map((value) => ({ type: 'keyUp', value }))];
        await ff.command('WebDriver:PerformActions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
        await ff.command('WebDriver:ReleaseActions').catch(() => {});
      }).catch((e) => {
        if (!GONE.test(e.message)) throw e;
      }),
      screenshot: (file, { fullPage = false } = {}) => inWindow(handle, async () => {
        const { value } = await ff.command('WebDriver:TakeScreenshot', { full: fullPage, hash: false });
        fs.writeFileSync(file, Buffer.from(value, 'base64'));
      }),
      close: () => inWindow(handle, () => ff.command('WebDriver:CloseWindow')).then(() => {
        current = null;
      }).catch((e) => {
        if (!GONE.test(e.message)) throw e;
      }),
      isClosed: async () => !(await lock.then(handles)).includes(handle),
      errors: async () => null, // Marionette does not report a content page's uncaught errors
    };
    return page;
  };

  async function openExtensionTab(url) {
    await lock.then(async () => {
      await ff.command('Marionette:SetContext', { value: 'chrome' });
      try {
        await ff.command('WebDriver:ExecuteScript', {
          script: `const win = Services.wm.getMostRecentWindow('navigator:browser');
            win.gBrowser.selectedTab = win.gBrowser.addTab(arguments[0],
              { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() });`,
          args: [url],
        });
      } finally {
        await ff.command('Marionette:SetContext', { value: 'content' });
      }
    });
    return session.waitForWindow(new URL(url).pathname);
  }

  const session = {
    name: 'firefox',
    extensionUrl: (p) => `moz-extension://${EXTENSION_UUID}/${p}`,
    async newPage(url) {
      if (url?.startsWith('moz-extension:')) return openExtensionTab(url);
      let handle = spare;
      spare = null;
      if (!handle) {
        handle = (await inWindow(current, () => ff.command('WebDriver:NewWindow', { type: 'tab' }))).handle;
        known.add(handle);
      }
      const page = wrap(handle);
      if (url) await page.goto(url);
      return page;
    },
    // The extension's windows appear as new window handles; each is asked its URL once.
    async waitForWindow(pathPart, timeout = 15_000) {
      const deadline = Date.now() + timeout;
      while (Date.now() < deadline) {
        for (const handle of await lock.then(handles)) {
          if (known.has(handle)) continue;
          const url = (await script(handle, 'return location.href').catch(() => null)) ?? '';
          if (!url.startsWith('moz-extension:')) continue; // still about:blank: ask again
          known.add(handle);
          if (url.includes(pathPart)) return wrap(handle);
        }
        await sleep(100);
      }
      throw new Error(`no extension window ${pathPart} within ${timeout} ms`);
    },
    // Every window handle is asked its URL (one that closes meanwhile does not count).
    async windowCount(pathPart) {
      let n = 0;
      for (const handle of await lock.then(handles)) {
        const url = (await script(handle, 'return location.href').catch(() => null)) ?? '';
        if (url.startsWith('moz-extension:') && url.includes(pathPart)) n++;
      }
      return n;
    },
    hostPids: () => hostPids(pids),
    async close() {
      await ff.quit();
      // Firefox's last writes may race the removal: retry rather than leave the home behind.
      fs.rmSync(home, { recursive: true, force: true, maxRetries: 3 });
    },
  };
  return session;
}

const LAUNCHERS = { chromium: chromiumSession, firefox: firefoxSession };
export const launchBrowser = (name, options) => LAUNCHERS[name](options);

// --- Browser-agnostic steps over the driver ---

// Runs a js-api call in the page; resolves with {result} or {error: {code, message, name}}.
export function callApi(page, fn, ...args) {
  return page.evaluate(async ([fnName, fnArgs]) => {
    const tb = await import('/tokenbridge.js');
    try {
      return { result: await tb[fnName](...fnArgs) };
    } catch (e) {
      return { error: { code: e.code, message: e.message, name: e.name } };
    }
  }, [fn, args]);
}

// The page's state, read by script in both browsers: per selector its text (null when missing
// or hidden), or an attribute.
export const textOf = (page, selector) => page.evaluate((sel) => {
  const el = document.querySelector(sel);
  return el && !el.hidden && el.getClientRects().length ? el.textContent : null;
}, selector);
// The visible texts of every element the selector matches, one per line.
export const textsOf = (page, selector) => page.evaluate((sel) => [...document.querySelectorAll(sel)]
  .filter((el) => !el.hidden && el.getClientRects().length).map((el) => el.textContent).join('\n'), selector);
export const attrOf = (page, selector, name) =>
  page.evaluate(([sel, attr]) => document.querySelector(sel)?.getAttribute(attr) ?? null, [selector, name]);
export const countOf = (page, selector) => page.evaluate((sel) => document.querySelectorAll(sel).length, selector);

// Chooses an <option> as a user would (the pages listen to `change`).
export const selectOption = (page, selector, value) => page.evaluate(([sel, v]) => {
  const el = document.querySelector(sel);
  el.value = v;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));
}, [selector, value]);

// What a keyboard or screen-reader user of an extension window would miss, as a list of problems
// (empty: none): a window without title or lang, a visible control without an accessible name
// (aria-label, aria-labelledby, a <label>, a button's text) or out of the Tab order, a window
// that scrolls (its content does not fit; `fits: false` for a page in a tab), and any of
// `forbidden` (the English texts, in a Russian window) in what it shows.
// A window sizes itself after it loads (ui/common.js fitWindow: windows.update is asynchronous,
// Firefox applies it late under load): size problems get up to SETTLE_MS to go away, the others
// are reported at once.
const SETTLE_MS = 3000;
const SIZE_PROBLEM = /does not fit the window|much taller than its content/;
export async function auditWindow(page, options = {}) {
  const until = Date.now() + SETTLE_MS;
  for (;;) {
    const problems = await auditOnce(page, options);
    if (!problems.some((p) => SIZE_PROBLEM.test(p)) || Date.now() > until) return problems;
    await sleep(200);
  }
}

const auditOnce = (page, { forbidden = [], fits = true } = {}) => page.evaluate(([banned, checkFit]) => {
  const problems = [];
  if (!document.title.trim()) problems.push('no title');
  if (!document.documentElement.lang) problems.push('no lang');
  const byIds = (ids) => (ids ?? '').split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim();
  const nameOf = (el) => (el.getAttribute('aria-label') ?? '').trim() || byIds(el.getAttribute('aria-labelledby'))
    || [...(el.labels ?? [])].map((l) => l.textContent).join(' ').trim() || (el.tagName === 'BUTTON' ? el.textContent.trim() : '');
  for (const el of document.querySelectorAll('button, input, select, textarea, a[href]')) {
    if (el.closest('[hidden]') || !el.getClientRects().length) continue;
    const what = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}`;
    if (!nameOf(el)) problems.push(`${what} has no accessible name`);
    if (el.tabIndex < 0) problems.push(`${what} is out of the Tab order`);
  }
  const root = document.documentElement;
  if (checkFit && (root.scrollHeight > innerHeight + 1 || root.scrollWidth > innerWidth + 1)) {
    problems.push(`content ${root.scrollWidth}x${root.scrollHeight} does not fit the window ${innerWidth}x${innerHeight}`);
  }
  // ...nor is the window much taller than what it shows (an empty half window).
  const bottom = Math.max(0, ...[...document.body.children].map((el) => el.getBoundingClientRect().bottom));
  if (checkFit && innerHeight - bottom > 40) problems.push(`the window (${innerHeight} px high) is much taller than its content (${Math.ceil(bottom)} px)`);
  const shown = document.body.innerText;
  for (const text of banned) {
    const word = new RegExp(`\\b${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`);
    if (word.test(shown)) problems.push(`untranslated: "${text}"`);
  }
  return problems;
}, [forbidden, fits]);

// What has the keyboard focus (keyboard tests): the element's id, else its name (the chooser's
// radio buttons share the name "choice"); null when nothing does (the body).
export const focusedId = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return el && el !== document.body ? el.id || el.getAttribute('name') || el.tagName.toLowerCase() : null;
});

// The prompt buttons arm a moment after the window opens: a screenshot shows them ready.
const armed = (popup, selector) => popup.evaluate((sel) => new Promise((resolve) => {
  const check = () => (document.querySelector(sel).disabled ? setTimeout(check, 50) : resolve());
  check();
}), selector);

// A checkbox the test clicked shows the state it wanted (a click that did not land fails here,
// not later as a puzzling refusal).
async function expectChecked(popup, selector, wanted) {
  for (const deadline = Date.now() + 5_000; ;) {
    if ((await popup.evaluate((sel) => document.querySelector(sel).checked, selector)) === wanted) return;
    if (Date.now() > deadline) throw new Error(`${selector} did not become ${wanted ? 'checked' : 'unchecked'}`);
    await sleep(100);
  }
}

// The extension's trusted consent window: reads the origin it shows and answers like a user
// ('allow' / 'deny' click the button, 'close' closes the window). `enumerate`: before allowing,
// tick (or leave unticked) "also let it see all your certificates" (the demo lists them).
// `audit`: the window must pass auditWindow (keyboard, names, fits its content) first.
export async function answerConsent(session, button, { timeout = 15_000, wait = 0, screenshot = null, enumerate = true, audit = false } = {}) {
  const popup = await session.waitForWindow('/ui/consent.html', timeout);
  const deadline = Date.now() + timeout;
  let origin = null;
  while (!origin) {
    // Filled by the window's script a moment after load.
    origin = (await textOf(popup, '#origin'))?.trim();
    if (!origin && Date.now() > deadline) throw new Error('the consent window shows no origin');
    if (!origin) await sleep(100);
  }
  if (screenshot) {
    await armed(popup, '#allow');
    await popup.screenshot(screenshot);
  }
  if (audit) {
    const problems = await auditWindow(popup);
    if (problems.length) throw new Error(`the consent window: ${problems.join('; ')}`);
  }
  if (wait) await sleep(wait);
  if (button === 'allow' && (await popup.evaluate(() => document.querySelector('#enumerate').checked)) !== enumerate) {
    await popup.click('#enumerate');
    await expectChecked(popup, '#enumerate', enumerate);
  }
  if (button === 'close') await popup.close();
  else await popup.click(`#${button}`);
  return origin;
}

// The extension's trusted PIN window: reads what it shows, then types the PIN and confirms (or
// cancels) like a user would, and waits until the window is gone. Returns what it showed, the
// digest to be signed (`hash`, hex in groups of 4) included.
const PIN_FIELDS = {
  title: '#title', confirm: '#confirm', origin: '#origin', token: '#tokenText', owner: '#certOwner',
  issuer: '#certIssuer', fileName: '#docName', size: '#docSize', hash: '#docHash', retries: '#retries', error: '#error',
};
// `keyboard`: like a keyboard user: the PIN typed into the focused field, Enter to confirm (once
// the buttons are armed: a disabled default button blocks the form's submission), Escape to
// cancel.
export async function answerPin(session, { pin = null, cancel = false, timeout = 30_000, screenshot = null, keyboard = false } = {}) {
  const popup = await session.waitForWindow('/ui/pin.html', timeout);
  const read = () => popup.evaluate((fields) => Object.fromEntries(Object.entries(fields).map(([k, sel]) => {
    const el = document.querySelector(sel);
    return [k, el && !el.hidden && el.getClientRects().length ? el.textContent : null];
  })), PIN_FIELDS);
  let shown = await read();
  for (const deadline = Date.now() + 10_000; !shown.origin; shown = await read()) {
    if (Date.now() > deadline) throw new Error('the PIN window shows no origin');
    await sleep(100);
  }
  if (screenshot) {
    await armed(popup, '#confirm');
    await popup.screenshot(screenshot);
  }
  if (keyboard) {
    await armed(popup, '#confirm');
    if (await popup.evaluate(() => document.activeElement?.id) !== 'pin') throw new Error('the PIN field has no focus');
    if (!cancel) await popup.type('#pin', pin);
    await popup.press(cancel ? 'Escape' : 'Enter');
  } else if (cancel) {
    await popup.click('#cancel');
  } else {
    await popup.type('#pin', pin);
    await popup.click('#confirm');
  }
  for (const deadline = Date.now() + 10_000; !(await popup.isClosed());) {
    if (Date.now() > deadline) throw new Error('the PIN window stayed open');
    await sleep(100);
  }
  return shown;
}

// The id of the token in the virtual reader `reader` (listDevices through the page).
export async function deviceIdOf(page, reader) {
  const { result, error } = await callApi(page, 'listDevices');
  if (error) throw new Error(`listDevices: ${error.code} ${error.message}`);
  const device = result.devices.find((d) => d.reader === reader);
  if (!device) throw new Error(`no device in reader ${reader}`);
  return device.id;
}
