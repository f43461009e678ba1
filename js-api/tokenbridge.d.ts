// Types of tokenbridge.js. Result shapes follow docs/protocol.md of the host.

// BEGIN GENERATED from spec/protocol.json by scripts/gen-protocol.mjs: do not edit
export type ErrorCodeName =
  | 'BAD_REQUEST'
  | 'MESSAGE_TOO_LARGE'
  | 'UNKNOWN_COMMAND'
  | 'INVALID_PARAMS'
  | 'ORIGIN_NOT_ALLOWED'
  | 'PCSC_UNAVAILABLE'
  | 'DEVICE_NOT_FOUND'
  | 'TOKEN_REMOVED'
  | 'CARD_ERROR'
  | 'MODE_NOT_SUPPORTED'
  | 'PIN_REQUIRED'
  | 'PIN_INCORRECT'
  | 'PIN_BLOCKED'
  | 'PIN_INVALID'
  | 'KEY_NOT_FOUND'
  | 'CERTIFICATE_NOT_FOUND'
  | 'DATA_NOT_FOUND'
  | 'CONTAINER_CORRUPTED'
  | 'CONTAINER_PASSWORD_INCORRECT'
  | 'NOT_EXPORTABLE'
  | 'KEY_USAGE_NOT_ALLOWED'
  | 'SIGNATURE_INVALID'
  | 'NOT_A_RECIPIENT'
  | 'DECRYPTION_FAILED'
  | 'USER_CANCELLED'
  | 'RATE_LIMITED'
  | 'BUSY'
  | 'TSA_UNAVAILABLE'
  | 'TSA_ERROR'
  | 'OCSP_UNAVAILABLE'
  | 'OCSP_ERROR'
  | 'CERTIFICATE_REVOKED'
  | 'INTERNAL_ERROR'
  | 'HOST_NOT_FOUND'
  | 'HOST_DISCONNECTED'
  | 'PROMPTS_BLOCKED'
  | 'EXTENSION_NOT_FOUND'
  | 'TIMEOUT'
  | 'INSECURE_CONTEXT';

/** The host commands a page can reach through the extension (command-line-only ones are not). */
export type CommandName =
  | 'version'
  | 'listDevices'
  | 'getDeviceInfo'
  | 'listCertificates'
  | 'listKeys'
  | 'getKeyInfo'
  | 'verify'
  | 'sign'
  | 'signAppend'
  | 'signFinish'
  | 'digest'
  | 'enhance'
  | 'generateKeyPair'
  | 'createCsr'
  | 'importCertificate'
  | 'deleteCertificate'
  | 'deleteKey'
  | 'authenticate'
  | 'encrypt'
  | 'decrypt'
  | 'rawSign'
  | 'getPublicKey'
  | 'getKeyByCertificate'
  | 'setKeyLabel'
  | 'setCertificateLabel'
  | 'listData'
  | 'readData'
  | 'writeData'
  | 'deleteData'
  | 'changePin'
  | 'unblockUserPin';
// END GENERATED

export const ErrorCode: Readonly<{ [K in ErrorCodeName]: K }>;

export class TokenBridgeError extends Error {
  /** `message` defaults to the code. */
  constructor(code: ErrorCodeName, message?: string, details?: Record<string, unknown>);
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
  /** where the model, serial and versions came from: the vendor's PKCS#11 library, the token-info object, or the ATR alone */
  identifiedBy: 'pkcs11' | 'token-info' | 'atr';
  serial: string | null;
  hardwareVersion: string | null;
  firmwareVersion: string | null;
  features: { cryptoCore: boolean; fkn: boolean; flash: boolean };
  modes: Mode[];
  selectedMode: Mode | null;
  extractableOnly: boolean;
}

export interface PinState { supported: boolean; verified: boolean; blocked: boolean; retriesLeft: number | null }
/** The user PIN's state; `sespakeRetriesLeft`: on tokens with FKN keys, the wrong PINs SESPAKE still accepts (C_1). */
export interface UserPinState extends PinState { sespakeRetriesLeft?: number | null }
export interface DeviceInfo extends Device { pins: { user: UserPinState; admin: PinState } | null }

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

// ---- keys, certificates, signatures (docs/protocol-keys.md) ----------------------------------

/** crypto::CertificateInfo::toJson of the host. */
export interface CertificateInfo {
  subject: Array<{ oid: string; type: string; value: string }>;
  issuer: Array<{ oid: string; type: string; value: string }>;
  subjectDn: string;
  issuerDn: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  keyUsage: string[];
  extendedKeyUsage: string[];
  /** certificatePolicies: the policy OIDs (dotted), in the certificate's order. */
  policies: string[];
  thumbprintSha1: string;
  thumbprintStreebog256: string;
  /** base64 DER */
  certificate: string;
  [k: string]: unknown;
}

/** A PKCS#11 private key's attributes as the module reported them; null: not reported. */
export interface Pkcs11KeyAttributes {
  extractable: boolean | null;
  sensitive: boolean | null;
  neverExtractable: boolean | null;
  alwaysSensitive: boolean | null;
}

export interface Key {
  deviceId: string;
  keyId: string;
  mode: 'passive' | 'active-pkcs11' | 'fkn';
  /** The private key can leave the token; null: not known (an active key listed without the PIN). */
  extractable: boolean | null;
  /** Where `extractable` comes from; null when it is null. */
  extractableFrom: 'passive-mode' | 'pkcs11-attributes' | 'fkn-object-list' | 'fkn-session' | null;
  /** Active keys whose private key was read (with the PIN); null otherwise. */
  pkcs11Attributes: Pkcs11KeyAttributes | null;
  exportable: boolean;
  /** Passive keys: our own container format or CryptoPro CSP's (docs/protocol-keys.md); null otherwise. */
  container: 'tokenbridge' | 'cryptopro' | null;
  /** Keys the host generates are GOST; a token may hold others made elsewhere. */
  algorithm: 'gost2012_256' | 'gost2012_512' | 'ecdsa_p256' | 'rsa';
  paramSet: string;
  label: string;
  created: number;
  /** SubjectPublicKeyInfo, base64 DER; null for a CryptoPro key listed without its certificate and without the PIN. */
  publicKey: string | null;
  hasCertificate: boolean;
  /** The certificate object's own label (active and FKN keys; empty for passive ones). */
  certificateLabel?: string;
  certificate?: CertificateInfo;
}

export interface Advice { strongerMode: string; message: string }

export type Bytes = Uint8Array | ArrayBuffer | ArrayBufferView;
export type SignData = string | Bytes | Blob;

/** What the certificate chooser lists (all given conditions must hold). */
export interface CertificateFilter {
  /** A substring of the issuer's DN. */
  issuer?: string;
  /** keyUsage names the certificate must all have, e.g. ['digitalSignature']. */
  keyUsage?: string[];
  extendedKeyUsage?: string[];
  /** certificatePolicies OIDs the site accepts: the certificate must have at least one. */
  policies?: string[];
  /** The weakest key mode offered (FKN > active > passive). */
  minimum?: 'passive' | 'active' | 'fkn';
  /** Only certificates valid now (default true). */
  validNow?: boolean;
}

/**
 * The extension's chooser: the user picks one certificate (no PIN); the page gets it and nothing
 * else. USER_CANCELLED when the user closes the chooser.
 */
export function selectCertificate(filter?: CertificateFilter, options?: CallOptions): Promise<{ deviceId: string; keyId: string; certificate: CertificateInfo }>;

export function listCertificates(params?: { deviceId?: string }, options?: CallOptions):
  Promise<{ certificates: Key[]; errors: Array<{ deviceId: string; code: ErrorCodeName; message: string }> }>;
export function listKeys(params: { deviceId: string }, options?: CallOptions): Promise<{ keys: Key[] }>;
export function getKeyInfo(params: { deviceId: string; keyId: string }, options?: CallOptions):
  Promise<{ key: Key; deviceModes: string[]; advice: Advice | null }>;
export function generateKeyPair(
  params: {
    deviceId: string;
    algorithm?: 'gost2012_256' | 'gost2012_512';
    paramSet?: string;
    label?: string;
    mode?: 'auto' | 'passive' | 'active' | 'active-pkcs11' | 'fkn';
    exportable?: boolean;
  },
  options?: CallOptions): Promise<{ key: Key; mode: string; extractable: boolean | null; warning?: string; advice?: Advice }>;
export function createCsr(
  params: {
    deviceId: string;
    keyId: string;
    subject: Record<string, string> | Array<{ type: string; value: string }>;
    keyUsage?: string[];
    extendedKeyUsage?: string[];
    certificatePolicies?: string[];
    subjectSignTool?: string;
  },
  options?: CallOptions): Promise<{ csr: string; csrDer: string }>;
export function importCertificate(params: { deviceId: string; certificate: string }, options?: CallOptions): Promise<{ key: Key }>;
export function deleteCertificate(params: { deviceId: string; keyId: string }, options?: CallOptions): Promise<{ deleted: true }>;
export function deleteKey(params: { deviceId: string; keyId: string }, options?: CallOptions): Promise<{ deleted: true }>;

/** Which PIN changePin changes: the user's (default) or the admin's (SO). */
export type PinType = 'user' | 'admin';
/**
 * A new PIN (docs/protocol-pins.md). The extension's change-PIN window asks for the current PIN
 * and the new one twice; the page never sees either. PIN_INVALID (details minLength, maxLength)
 * when the new PIN is outside the token's policy; nothing was sent to the token then.
 */
export function changePin(params: { deviceId: string; pinType?: PinType }, options?: CallOptions): Promise<{ pinType: PinType }>;
/**
 * The user PIN unblocked with the admin PIN, typed in the extension's change-PIN window with an
 * optional new user PIN. `newPin`: whether a new user PIN was set; `sealedWithOldPin`: passive keys
 * still sealed under the PIN the token had (they open once the PIN is changed back to it).
 */
export function unblockUserPin(params: { deviceId: string }, options?: CallOptions): Promise<{ newPin: boolean; sealedWithOldPin: string[] }>;

export interface SignParams {
  deviceId: string;
  keyId: string;
  /** The document. A Blob/File, or more than 1 MiB, is hashed by the extension (see hashIn). Exclusive with `hash`. */
  data?: SignData;
  /** The document's Streebog digest (of the key's size), bytes or hex/base64. */
  hash?: Bytes | string;
  /** Default true; attached (false) only for data of 512 KiB at most. */
  detached?: boolean;
  /** base64 DER SignedData to add this signature to (co-signing; data up to 1 MiB). */
  cms?: string;
  /** Shown in the confirmation window as "name given by the site". */
  fileName?: string;
  onProgress?: (progress: { sent: number; total: number }) => void;
  /** Bytes per progress step / streamed chunk (default 1 MiB). */
  chunkSize?: number;
  /**
   * Who hashes a large document: 'extension' (default: the extension's content script, where the
   * bytes are; the host signs the digest) or 'host' (streamed to the host in chunks, as an
   * extension without that ability does anyway).
   */
  hashIn?: 'extension' | 'host';
  /** Default 'cades-bes'; the others need tsaUrl (docs/protocol-keys.md "Long-term signatures"). */
  signatureType?: SignatureType;
  tsaUrl?: string;
  tsaPolicy?: string;
  ocspUrl?: string;
  certificates?: string[];
}
export type SignatureType = 'cades-bes' | 'cades-t' | 'cades-x-long-type-1';
/** The long-term parameters of sign and enhance. */
export interface LongTermParams {
  signatureType: Exclude<SignatureType, 'cades-bes'>;
  /** RFC 3161 timestamp server; a page's URL must be https (or listed in host.json). */
  tsaUrl: string;
  /** TSA policy OID. */
  tsaPolicy?: string;
  /** Default: the certificate's authorityInfoAccess (else its CRL). */
  ocspUrl?: string;
  /** CA certificates of the signer's path, PEM or base64 DER. */
  certificates?: string[];
}
/** Raises an existing CAdES-BES or -T (base64 DER) to -T or -X Long Type 1. No token, no PIN. */
export function enhance(params: LongTermParams & { cms: string }, options?: CallOptions): Promise<{ cms: string }>;
/** cms: base64 DER CAdES-BES (-T, -X Long Type 1) SignedData; size: the document's bytes (large documents only). */
export function sign(params: SignParams, options?: CallOptions): Promise<{ cms: string; size?: number }>;

/** Signature algorithms of an authentication token: the key's own (GOST keys sign with Streebog). */
export type AuthAlgorithm = 'GOST3410-2012-256' | 'GOST3410-2012-512' | 'ES256' | 'RS256';

/**
 * What `authenticate` returns for the page to send to its server, which checks it
 * (`tokenbridge-host verify-auth`, docs/authentication.md). The key signed
 * H(H(origin) ‖ H(challengeNonce)) with the key's hash (Streebog for GOST keys): the token is
 * valid only for the origin the browser reported and the nonce the server issued.
 */
export interface AuthToken {
  format: 'tokenbridge-auth:1';
  /** The key's certificate, base64 DER; "unverified": the server checks its chain itself. */
  unverifiedCertificate: string;
  algorithm: AuthAlgorithm;
  /** base64 */
  signature: string;
  /** The host's version. */
  appVersion: string;
}

/**
 * Log in with a key that has a certificate (keyUsage digitalSignature, and clientAuth when the
 * certificate has an extended key usage; otherwise KEY_USAGE_NOT_ALLOWED). `challengeNonce`:
 * the server's nonce, base64 of at least 32 random bytes, at most 128 characters. The
 * extension's PIN window says "Log in to <origin> as <subject>"; a key without a certificate is
 * refused (INVALID_PARAMS, param `keyId`) before the window opens.
 */
export function authenticate(
  challengeNonce: string,
  key: { deviceId: string; keyId: string },
  options?: CallOptions): Promise<{ authToken: AuthToken }>;

export type EncryptCipher = 'kuznyechik' | 'magma';

export interface EncryptParams {
  /** At most 512 KiB (the EnvelopedData must fit the 1 MiB reply). */
  data: SignData;
  /** Certificates, PEM or base64 DER: GOST R 34.10-2012 (KExp15/KEG), RSA or ECDSA P-256. */
  recipients: string[];
  /** Default 'kuznyechik'; the content in CTR-ACPKM with OMAC. */
  cipher?: EncryptCipher;
}
/** CMS EnvelopedData for the recipients, as `openssl cms -encrypt` makes it. No token, no PIN. */
export function encrypt(
  params: EncryptParams,
  options?: CallOptions): Promise<{ cms: string; cipher: EncryptCipher }>;

export interface DecryptParams {
  deviceId: string;
  keyId: string;
  /** base64 DER EnvelopedData (or its PEM) for the key's certificate. */
  cms: string;
}
/**
 * The content (base64) of an EnvelopedData for the key's certificate; the key agreement runs in
 * the token. PIN window "Decrypt a message for <origin>". NOT_A_RECIPIENT, DECRYPTION_FAILED,
 * INVALID_PARAMS (param `cms`).
 */
export function decrypt(params: DecryptParams, options?: CallOptions): Promise<{ data: string }>;
/**
 * The key signs `digest` as it is (its length: the key's hash, 32 bytes for GOST 2012-256 and
 * P-256, 64 for GOST 2012-512; RSA: a SHA-256 digest, the token adds DigestInfo and PKCS#1 v1.5
 * padding). `signature`: base64 in the X.509 encoding (GOST s ‖ r big-endian, ECDSA DER, RSA
 * PKCS#1 v1.5), what `openssl pkeyutl -verify` checks. The PIN window shows the digest.
 */
export function rawSign(
  params: { deviceId: string; keyId: string; digest: Bytes | string },
  options?: CallOptions): Promise<{ signature: string; algorithm: string; hashAlgorithm: string }>;
/** The key's SubjectPublicKeyInfo, base64 DER and PEM. No PIN. */
export function getPublicKey(params: { deviceId: string; keyId: string }, options?: CallOptions):
  Promise<{ keyId: string; algorithm: string; paramSet: string; publicKey: string; pem: string }>;
/** The key whose public key the certificate (PEM or base64 DER) carries; every token without deviceId. */
export function getKeyByCertificate(params: { certificate: string; deviceId?: string }, options?: CallOptions):
  Promise<{ deviceId: string; keyId: string; key: Key }>;
/** Renames the key on the token (at most 64 bytes of UTF-8); the Key object afterwards. PIN window. */
export function setKeyLabel(params: { deviceId: string; keyId: string; label: string }, options?: CallOptions): Promise<{ key: Key }>;
/** Renames the key's certificate (its `certificateLabel`); MODE_NOT_SUPPORTED for passive keys. PIN window. */
export function setCertificateLabel(params: { deviceId: string; keyId: string; label: string }, options?: CallOptions): Promise<{ key: Key }>;

/** A data object as listed (docs/protocol-objects.md "Data objects"). */
export interface DataObjectInfo { name: string; private: boolean; application: string; size: number }
/** The data objects on a token; `private: true` opens the PIN window and lists private ones too. Needs the permission to see everything. */
export function listData(params: { deviceId: string; private?: boolean }, options?: CallOptions): Promise<{ objects: DataObjectInfo[] }>;
/** One data object; `data` is base64. DATA_NOT_FOUND when there is none (or a private one read without `private: true`). */
export function readData(params: { deviceId: string; name: string; private?: boolean }, options?: CallOptions): Promise<DataObjectInfo & { data: string }>;
/** Creates or replaces a data object (at most 32 KiB; the name 1 to 64 bytes). PIN window. */
export function writeData(params: { deviceId: string; name: string; data: string | Bytes | Blob; private?: boolean }, options?: CallOptions): Promise<DataObjectInfo>;
/** Removes the data object(s) of that name. PIN window. */
export function deleteData(params: { deviceId: string; name: string }, options?: CallOptions): Promise<{ deleted: true }>;

export interface SignerResult {
  valid: boolean;
  certificateFound: boolean;
  signatureValid: boolean;
  digestMatches: boolean;
  chainValid: boolean;
  digestAlgorithm: string;
  chainError?: string;
  signerSubject?: string;
  signatureType?: SignatureType;
  timestamp?: TimestampReport;
  escTimestamp?: TimestampReport;
  revocation?: { source: 'ocsp' | 'crl'; status: 'good' | 'revoked' | 'unknown'; time?: string; valid: boolean };
  longTermDataComplete?: boolean;
  [k: string]: unknown;
}
export interface TimestampReport {
  /** ISO 8601 genTime */
  time?: string;
  /** The TSA certificate's subject. */
  tsa: string;
  valid: boolean;
  error?: string;
}
export function verify(
  params: { cms: string; data?: SignData; hash?: string; trustedRoots?: string[] },
  options?: CallOptions): Promise<{ valid: boolean; detached: boolean; signers: SignerResult[] }>;

/** The Streebog digest the host computes of data (up to 1 MiB here) or of an open stream. No PIN. */
export function digest(
  params: { data: SignData; hashAlgorithm: 'streebog256' | 'streebog512' } | { streamId: string },
  options?: CallOptions): Promise<{ hash: string; hashAlgorithm: 'streebog256' | 'streebog512'; size: number }>;

export function base64(bytes: Uint8Array): string;
