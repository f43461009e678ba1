// One namespace for both browsers: Firefox has `browser` (promises), Chrome has `chrome`
// (promises too in MV3).
export const api = globalThis.browser ?? globalThis.chrome;

export const HOST_NAME = 'ru.tokenbridge.host';

// BEGIN GENERATED from spec/protocol.json by scripts/gen-protocol.mjs: do not edit
// Error codes the extension produces itself (background and content script), besides passing
// on the host's (docs/protocol.md, "Error codes").
export const ExtCode = Object.freeze({
  BAD_REQUEST: 'BAD_REQUEST',
  MESSAGE_TOO_LARGE: 'MESSAGE_TOO_LARGE',
  UNKNOWN_COMMAND: 'UNKNOWN_COMMAND',
  INVALID_PARAMS: 'INVALID_PARAMS',
  ORIGIN_NOT_ALLOWED: 'ORIGIN_NOT_ALLOWED',
  CERTIFICATE_NOT_FOUND: 'CERTIFICATE_NOT_FOUND',
  USER_CANCELLED: 'USER_CANCELLED',
  BUSY: 'BUSY',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
  HOST_NOT_FOUND: 'HOST_NOT_FOUND',
  HOST_DISCONNECTED: 'HOST_DISCONNECTED',
  PROMPTS_BLOCKED: 'PROMPTS_BLOCKED',
});
// END GENERATED

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
