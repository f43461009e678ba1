// A page's use of the page library, type-checked against js-api/tokenbridge.d.ts
// (tests/unit/js-api/dts.test.mjs). `@ts-expect-error` lines must stay errors: they prove the
// types are narrow where they should be.
import * as tokenbridge from '../../../js-api/tokenbridge.js';
import {
  ErrorCode,
  TokenBridgeError,
  type CommandName,
  type Device,
  type DeviceChange,
  type AuthToken,
  type ErrorCodeName,
  type Key,
} from '../../../js-api/tokenbridge.js';

export async function enrollAndSign(file: Blob, caPem: string): Promise<boolean> {
  const status = await tokenbridge.isAvailable({ timeoutMs: 500 });
  if (!status.available) {
    const reason: ErrorCodeName = status.reason;
    return reason === ErrorCode.EXTENSION_NOT_FOUND;
  }
  const host = await tokenbridge.version({ timeoutMs: 1000 });
  const protocol: number = host.protocolVersion;
  const { devices, excluded } = await tokenbridge.listDevices({ minimum: 'non-extractable' });
  const device: Device | undefined = devices[0];
  if (!device || protocol < 1 || (excluded ?? 0) < 0) return false;
  const info = await tokenbridge.getDeviceInfo(device.id);
  const tries: number | null = info.pins?.user.retriesLeft ?? null;

  const stop = await tokenbridge.onDeviceChange((change: DeviceChange) => console.log(change.type, change.device?.id));
  stop();

  const { key, warning } = await tokenbridge.generateKeyPair({ deviceId: device.id, mode: 'auto' });
  const { csr } = await tokenbridge.createCsr({ deviceId: device.id, keyId: key.keyId, subject: { CN: 'Test' } });
  await tokenbridge.importCertificate({ deviceId: device.id, certificate: csr });
  const { certificates, errors } = await tokenbridge.listCertificates();
  const firstError: ErrorCodeName | undefined = errors[0]?.code;
  const keys: Key[] = (await tokenbridge.listKeys({ deviceId: device.id })).keys;
  // Without the PIN an active key's private half is unseen: extractable is null, not a guess.
  const unknown = keys.filter((k) => k.extractable === null && k.extractableFrom === null);
  const leaving = keys.filter((k) => k.pkcs11Attributes?.neverExtractable === false);
  const { advice } = await tokenbridge.getKeyInfo({ deviceId: device.id, keyId: key.keyId });

  try {
    const { cms } = await tokenbridge.sign({
      deviceId: device.id,
      keyId: key.keyId,
      data: file,
      fileName: 'contract.pdf',
      onProgress: ({ sent, total }) => console.log(sent / total),
    });
    const verified = await tokenbridge.verify({ cms, data: file, trustedRoots: [caPem] });
    await tokenbridge.sign({ deviceId: device.id, keyId: key.keyId, hash: new Uint8Array(32) });
    await tokenbridge.deleteCertificate({ deviceId: device.id, keyId: key.keyId });
    await tokenbridge.deleteKey({ deviceId: device.id, keyId: key.keyId });
    const changed: 'user' | 'admin' = (await tokenbridge.changePin({ deviceId: device.id, pinType: 'admin' })).pinType;
    const unblocked: boolean = (await tokenbridge.unblockUserPin({ deviceId: device.id })).newPin;
    console.log(changed, unblocked);
    console.log(tokenbridge.base64(new Uint8Array([1, 2])), warning, tries, certificates.length, firstError,
      keys.length, unknown.length, leaving.length, advice?.strongerMode);
    return verified.valid;
  } catch (e) {
    if (e instanceof TokenBridgeError) {
      const code: ErrorCodeName = e.code;
      const retries = e.details.retriesLeft;
      return code === ErrorCode.PIN_INCORRECT && retries !== undefined;
    }
    throw e;
  }
}

// Web login: the server's nonce in, the token out to the server (docs/authentication.md).
export async function logIn(deviceId: string, keyId: string, nonce: string): Promise<string | null> {
  try {
    const { authToken } = await tokenbridge.authenticate(nonce, { deviceId, keyId }, { timeoutMs: 60_000 });
    const token: AuthToken = authToken;
    const gost: boolean = token.algorithm.startsWith('GOST3410-2012');
    return gost ? JSON.stringify({ authToken: token, nonce }) : null;
  } catch (e) {
    if (e instanceof TokenBridgeError && e.code === ErrorCode.KEY_USAGE_NOT_ALLOWED) return null;
    throw e;
  }
}
// @ts-expect-error: the key is named by deviceId and keyId
export const noKey = tokenbridge.authenticate('bm9uY2U=', { deviceId: 'd' });
// @ts-expect-error: the format is fixed
export const otherFormat: AuthToken['format'] = 'web-eid:1';

export const ownError = new TokenBridgeError(ErrorCode.TIMEOUT, 'no answer', { after: 1000 });
export const routed: CommandName[] = ['version', 'sign', 'signFinish', 'authenticate'];

// @ts-expect-error: not an error code of the protocol
export const notACode: ErrorCodeName = 'NO_SUCH_CODE';
// @ts-expect-error: exportKey is command-line only, never reachable from a page
export const notRouted: CommandName = 'exportKey';
// @ts-expect-error: getDeviceInfo takes the device id
export const missingArgument = tokenbridge.getDeviceInfo();
// @ts-expect-error: the codes are read-only
ErrorCode.BUSY = 'BUSY';
