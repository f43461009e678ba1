// Commands a page may send, and what the extension does before forwarding each to the host
// (docs/protocol.md, docs/protocol-keys.md). The rules come from spec/protocol.json:
//   consent:   the origin must be allowed by the user (consent window on first use)
//   pin:       whether the command uses the PIN; `always` and `unless-stream` open the trusted PIN
//              window first (pin-flow.js), `never` and `optional` do not (for `optional` the host
//              uses a PIN only when given one, which the extension never does). The PIN is added
//              to the forwarded params by the extension; a page can never pass one.
//   pinWindow: the window's title and `describe`, the name of what the window shows (pin-flow.js
//              DESCRIBERS)
//   track:     the reply updates the extension's record of streamed signatures (streams.js
//              TRACKERS)
// Anything not listed is refused with UNKNOWN_COMMAND before it reaches the host; so are the
// command-line-only commands, which the generated table leaves out.
// BEGIN GENERATED from spec/protocol.json by scripts/gen-protocol.mjs: do not edit
// The commands a page may send (command-line-only ones are left out) and their rules.
export const COMMAND_RULES = Object.freeze({
  version: { consent: false, pin: 'never' },
  listDevices: { consent: true, pin: 'never' },
  getDeviceInfo: { consent: true, pin: 'never' },
  listCertificates: { consent: true, pin: 'optional' },
  listKeys: { consent: true, pin: 'optional' },
  getKeyInfo: { consent: true, pin: 'optional' },
  verify: { consent: true, pin: 'never' },
  sign: { consent: true, pin: 'unless-stream', pinWindow: { title: 'sign', describe: 'key' }, track: 'start' },
  signAppend: { consent: true, pin: 'never', track: 'append' },
  signFinish: { consent: true, pin: 'always', pinWindow: { title: 'sign', describe: 'stream' }, track: 'finish' },
  digest: { consent: true, pin: 'never' },
  enhance: { consent: true, pin: 'never' },
  generateKeyPair: { consent: true, pin: 'always', pinWindow: { title: 'generateKeyPair', describe: 'device' } },
  createCsr: { consent: true, pin: 'always', pinWindow: { title: 'createCsr', describe: 'key' } },
  importCertificate: { consent: true, pin: 'always', pinWindow: { title: 'importCertificate', describe: 'device' } },
  deleteCertificate: { consent: true, pin: 'always', pinWindow: { title: 'deleteCertificate', describe: 'key' } },
  deleteKey: { consent: true, pin: 'always', pinWindow: { title: 'deleteKey', describe: 'key' } },
  authenticate: { consent: true, pin: 'always', pinWindow: { title: 'authenticate', describe: 'login' } },
  encrypt: { consent: true, pin: 'never' },
  decrypt: { consent: true, pin: 'always', pinWindow: { title: 'decrypt', describe: 'key' } },
  rawSign: { consent: true, pin: 'always', pinWindow: { title: 'rawSign', describe: 'digest' } },
  getPublicKey: { consent: true, pin: 'optional' },
  getKeyByCertificate: { consent: true, pin: 'optional' },
  setKeyLabel: { consent: true, pin: 'always', pinWindow: { title: 'setKeyLabel', describe: 'key' } },
  setCertificateLabel: { consent: true, pin: 'always', pinWindow: { title: 'setCertificateLabel', describe: 'key' } },
  listData: { consent: true, pin: 'if-private', pinWindow: { title: 'listData', describe: 'device' } },
  readData: { consent: true, pin: 'if-private', pinWindow: { title: 'readData', describe: 'device' } },
  writeData: { consent: true, pin: 'always', pinWindow: { title: 'writeData', describe: 'device' } },
  deleteData: { consent: true, pin: 'always', pinWindow: { title: 'deleteData', describe: 'device' } },
  changePin: { consent: true, pin: 'always', pinWindow: { title: 'changePin', describe: 'device' }, newPin: true },
  unblockUserPin: { consent: true, pin: 'always', pinWindow: { title: 'unblockUserPin', describe: 'device' }, newPin: true },
});
// END GENERATED

// pin rule -> does this request (with the params the page sent) open the PIN window?
export const PIN_WINDOW_WHEN = Object.freeze({
  never: () => false,
  optional: () => false,
  always: () => true,
  // sign {data | hash} signs at once; sign {stream: "start"} only opens a stream (no PIN).
  'unless-stream': (params) => params.stream === undefined,
  // listData / readData: the PIN only for private data objects.
  'if-private': (params) => params.private === true,
});

// COMMAND_RULES in the shape main.js and pin-flow.js use: `pin` is the PIN window's spec
// ({title, describe, when}) or undefined.
// A null-prototype object: `constructor`, `__proto__` or `toString` are no commands.
export const COMMANDS = Object.freeze(Object.assign(Object.create(null), Object.fromEntries(
  Object.entries(COMMAND_RULES).map(([name, rule]) => [name, Object.freeze({
    consent: rule.consent,
    // newPin: the change-PIN window (ui/change-pin.html) instead of the PIN window.
    pin: rule.pinWindow && Object.freeze({ ...rule.pinWindow, when: PIN_WINDOW_WHEN[rule.pin], newPin: rule.newPin === true }),
    track: rule.track,
  })]),
)));

// The spec of the command a page named, or undefined: only the table's own names count, whatever
// the page sends (a name is looked up with Object.hasOwn, never through the prototype chain).
export const commandSpec = (name) =>
  (typeof name === 'string' && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined);

// Extension-level operations a page may ask for (not host commands).
export const OPS = Object.freeze({ REQUEST: 'request', SUBSCRIBE: 'subscribe', STATUS: 'status', SELECT: 'selectCertificate' });

// Commands that enumerate every certificate or key: they need the site's `enumerate` permission
// (permissions.js; granted in the consent window), else ORIGIN_NOT_ALLOWED; any site the user
// allowed gets one certificate through the chooser (selectCertificate, chooser.js).
// listData too: the data objects on a token are every site's and every program's, so their names
// are seen only with the same permission (docs/security.md).
export const ENUMERATING = new Set(['listCertificates', 'listKeys', 'listData']);
