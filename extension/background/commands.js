// Commands a page may send, and what the extension does before forwarding each to the host.
//   consent: the origin must be allowed by the user (consent window on first use)
//   pin:     the trusted PIN window runs first; `describe` names the host command whose result
//            the window shows (certificate, document) and how to build its params. The PIN is
//            added to the forwarded params by the extension; a page can never pass one.
// Anything not listed is refused with UNKNOWN_COMMAND before it reaches the host.
export const COMMANDS = {
  version: { consent: false },
  listDevices: { consent: true },
  getDeviceInfo: { consent: true },
  listCertificates: { consent: true },
  getKeyInfo: { consent: true },
  verify: { consent: true },
  signStart: { consent: true },
  signAppend: { consent: true },
  signAbort: { consent: true },
  signFinish: {
    consent: true,
    pin: { title: 'sign', describe: 'describeSignOperation', params: (p) => ({ operationId: p.operationId }) },
  },
  signHash: {
    consent: true,
    pin: {
      title: 'sign',
      describe: 'getCertificate',
      params: (p) => ({ deviceId: p.deviceId, certificateId: p.certificateId }),
    },
  },
  generateKeyPair: { consent: true, pin: { title: 'generateKeyPair' } },
  createCsr: {
    consent: true,
    pin: { title: 'createCsr', describe: 'getKeyInfo', params: (p) => ({ deviceId: p.deviceId, keyId: p.keyId }) },
  },
  importCertificate: { consent: true, pin: { title: 'importCertificate' } },
};

// Extension-level operations a page may ask for (not host commands).
export const OPS = Object.freeze({ REQUEST: 'request', SUBSCRIBE: 'subscribe', STATUS: 'status' });
