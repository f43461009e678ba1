// Types of tokenbridge.js. Result shapes follow docs/protocol.md of the host.

export type ErrorCodeName =
  | 'BAD_REQUEST' | 'MESSAGE_TOO_LARGE' | 'UNKNOWN_COMMAND' | 'INVALID_PARAMS' | 'ORIGIN_NOT_ALLOWED'
  | 'PCSC_UNAVAILABLE' | 'DEVICE_NOT_FOUND' | 'TOKEN_REMOVED' | 'CARD_ERROR' | 'MODE_NOT_SUPPORTED'
  | 'PIN_REQUIRED' | 'PIN_INCORRECT' | 'PIN_BLOCKED' | 'PIN_INVALID' | 'KEY_NOT_FOUND'
  | 'CERTIFICATE_NOT_FOUND' | 'CONTAINER_CORRUPTED' | 'NOT_EXPORTABLE' | 'SIGNATURE_INVALID'
  | 'USER_CANCELLED' | 'RATE_LIMITED' | 'BUSY' | 'INTERNAL_ERROR'
  | 'HOST_NOT_FOUND' | 'HOST_DISCONNECTED'
  | 'EXTENSION_NOT_FOUND' | 'TIMEOUT' | 'INSECURE_CONTEXT';

export const ErrorCode: Readonly<{ [K in ErrorCodeName]: K }>;

export class TokenBridgeError extends Error {
  readonly name: 'TokenBridgeError';
  readonly code: ErrorCodeName;
  /** Machine-readable details of the error, e.g. `param`, `retriesLeft`, `retryAfterMs`, `size`. */
  readonly details: Record<string, unknown>;
}

export interface CallOptions {
  /** Reject with TIMEOUT after this many ms (default 120 000; 600 000 for PIN operations). */
  timeoutMs?: number;
}

export interface HostVersion {
  version: string;
  protocolVersion: number;
  commands: string[];
}

export type Availability =
  | { available: true; extension: true; reason: null; extensionVersion: string; host: HostVersion }
  | { available: false; extension: boolean; reason: 'EXTENSION_NOT_FOUND' | 'HOST_NOT_FOUND' | 'HOST_DISCONNECTED' | 'INSECURE_CONTEXT' | ErrorCodeName;
      message?: string; extensionVersion: string | null; host: null };

export type Mode = 'fkn' | 'fkn-nfc' | 'active-pkcs11' | 'active-crypt' | 'passive';

export interface Device {
  id: string;
  reader: string;
  atr: string;
  model: string;
  modelName: string;
  family: string;
  connection: 'contact' | 'nfc';
  known: boolean;
  serial: string | null;
  hardwareVersion: string | null;
  firmwareVersion: string | null;
  features: { cryptoCore: boolean; fkn: boolean; flash: boolean };
  modes: Mode[];
  selectedMode: Mode | null;
  extractableOnly: boolean;
}

export interface PinState { supported: boolean; verified: boolean; blocked: boolean; retriesLeft: number | null }
export interface DeviceInfo extends Device { pins: { user: PinState; admin: PinState } | null }

export interface DeviceList {
  devices: Device[];
  environment: { csp: string; cspSource: string; platform: string };
  excluded?: number;
}

export interface DeviceChange {
  type: 'deviceInserted' | 'deviceRemoved' | 'hostDisconnected' | 'hostConnected';
  device: Device | null;
}

export function isAvailable(options?: { timeoutMs?: number }): Promise<Availability>;
export function version(options?: CallOptions): Promise<HostVersion & { extensionVersion: string | null }>;
export function listDevices(options?: CallOptions & { minimum?: 'any' | 'non-extractable' | 'fkn' }): Promise<DeviceList>;
export function getDeviceInfo(deviceId: string, options?: CallOptions): Promise<DeviceInfo>;
/** Resolves (after the user allowed the site) with a function that stops the callbacks. */
export function onDeviceChange(callback: (change: DeviceChange) => void, options?: CallOptions): Promise<() => void>;

// ---- later protocol commands: the shapes below are the proposed contract ----------------------

export interface Certificate {
  id: string;
  deviceId: string;
  keyId?: string;
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  /** base64 DER */
  der?: string;
  mode?: Mode;
}

export type Bytes = Uint8Array | ArrayBuffer | ArrayBufferView;
export type SignData = string | Bytes | Blob;

export function listCertificates(params: { deviceId?: string }, options?: CallOptions): Promise<{ certificates: Certificate[] }>;
export function getKeyInfo(params: { deviceId: string; keyId: string }, options?: CallOptions): Promise<Record<string, unknown>>;
export function generateKeyPair(
  params: { deviceId: string; algorithm: 'gost2012-256' | 'gost2012-512'; paramSet?: string; mode?: Mode; label?: string },
  options?: CallOptions): Promise<{ keyId: string; publicKey?: string; mode?: Mode }>;
export function createCsr(
  params: { deviceId: string; keyId: string; subject: Record<string, string>; extensions?: Record<string, unknown> },
  options?: CallOptions): Promise<{ csr: string }>;
export function importCertificate(
  params: { deviceId: string; certificate: string; keyId?: string },
  options?: CallOptions): Promise<{ certificateId: string }>;

export interface SignParams {
  deviceId: string;
  certificateId: string;
  /** The document; streamed to the host in chunks. Exclusive with `hash`. */
  data?: SignData;
  /** A precomputed digest (bytes or base64). */
  hash?: Bytes | string;
  hashAlgorithm?: 'streebog256' | 'streebog512';
  format?: 'cms' | 'raw';
  detached?: boolean;
  /** Shown in the confirmation window as "name given by the site". */
  fileName?: string;
  onProgress?: (progress: { sent: number; total: number }) => void;
  /** Bytes per chunk (default 512 KiB). */
  chunkSize?: number;
}
export function sign(params: SignParams, options?: CallOptions): Promise<{ signature: string; [k: string]: unknown }>;
export function verify(
  params: { signature: string; data?: SignData; hash?: string; hashAlgorithm?: string; certificate?: string },
  options?: CallOptions): Promise<{ valid: boolean; [k: string]: unknown }>;

export function base64(bytes: Uint8Array): string;
