// Commands a page may send, and what the extension does before forwarding each to the host
// (docs/protocol.md, docs/protocol-keys.md).
//   consent: the origin must be allowed by the user (consent window on first use)
//   pin:     the trusted PIN window runs first (pin-flow.js); `when` limits it to some params,
//            `describe` names what the window shows (pin-flow.js DESCRIBERS). The PIN is added to
//            the forwarded params by the extension; a page can never pass one.
//   track:   the reply updates the extension's record of streamed signatures (streams.js)
// Anything not listed is refused with UNKNOWN_COMMAND before it reaches the host.
export const COMMANDS = {
  version: { consent: false },
  listDevices: { consent: true },
  getDeviceInfo: { consent: true },
  listCertificates: { consent: true },
  listKeys: { consent: true },
  getKeyInfo: { consent: true },
  verify: { consent: true },
  // sign {data | hash} signs at once; sign {stream: "start"} only opens a stream (no PIN).
  sign: { consent: true, pin: { title: 'sign', describe: 'key', when: (p) => p.stream === undefined }, track: 'start' },
  signAppend: { consent: true, track: 'append' },
  signFinish: { consent: true, pin: { title: 'sign', describe: 'stream' }, track: 'finish' },
  generateKeyPair: { consent: true, pin: { title: 'generateKeyPair', describe: 'device' } },
  createCsr: { consent: true, pin: { title: 'createCsr', describe: 'key' } },
  importCertificate: { consent: true, pin: { title: 'importCertificate', describe: 'device' } },
  deleteCertificate: { consent: true, pin: { title: 'deleteCertificate', describe: 'key' } },
  deleteKey: { consent: true, pin: { title: 'deleteKey', describe: 'key' } },
};

// Extension-level operations a page may ask for (not host commands).
export const OPS = Object.freeze({ REQUEST: 'request', SUBSCRIBE: 'subscribe', STATUS: 'status' });
