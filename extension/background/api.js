// One namespace for both browsers: Firefox has `browser` (promises), Chrome has `chrome`
// (promises too in MV3).
export const api = globalThis.browser ?? globalThis.chrome;

export const HOST_NAME = 'ru.tokenbridge.host';

// Error codes the extension produces itself, besides the host's (docs/protocol.md).
export const ExtCode = Object.freeze({
  HOST_NOT_FOUND: 'HOST_NOT_FOUND', // no host manifest / binary, or this extension not allowed by it
  HOST_DISCONNECTED: 'HOST_DISCONNECTED', // the host exited or crashed with the request pending
  ORIGIN_NOT_ALLOWED: 'ORIGIN_NOT_ALLOWED',
  USER_CANCELLED: 'USER_CANCELLED',
  INVALID_PARAMS: 'INVALID_PARAMS',
  UNKNOWN_COMMAND: 'UNKNOWN_COMMAND',
  BUSY: 'BUSY',
});

export class ExtError extends Error {
  constructor(code, message, details = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }

  toPayload() {
    return { ...this.details, code: this.code, message: this.message };
  }
}
