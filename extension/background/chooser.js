// selectCertificate: the extension's own window lists the certificates on every token, filtered
// by what the page asks; the page gets the one the user picks (its deviceId, keyId and
// certificate) and nothing else (docs/security.md, "What a site sees of your certificates").
import { ExtCode, ExtError } from './api.js';

const MODE_STRENGTH = Object.freeze({ passive: 1, 'active-pkcs11': 2, fkn: 3 });
const MINIMUM = Object.freeze({ passive: 1, active: 2, 'active-pkcs11': 2, fkn: 3 });
const FILTERS = new Set(['issuer', 'keyUsage', 'extendedKeyUsage', 'policies', 'minimum', 'validNow']);

function invalid(param, message) {
  return new ExtError(ExtCode.INVALID_PARAMS, message, { param });
}

const stringList = (value, param) => {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw invalid(param, `${param} must be an array of strings`);
  return value;
};

// The page's filter, checked: {issuer?: string (a substring of the issuer DN), keyUsage?: [...],
// extendedKeyUsage?: [...] (all must be present), policies?: [...] (certificatePolicies OIDs: at
// least one must be present, as a site names the policies it accepts), minimum?:
// 'passive'|'active'|'fkn', validNow?: boolean (default true)}.
export function parseFilter(filter) {
  if (filter === undefined || filter === null) filter = {};
  if (typeof filter !== 'object' || Array.isArray(filter)) throw invalid('filter', 'the filter must be an object');
  for (const name of Object.keys(filter)) if (!FILTERS.has(name)) throw invalid(name, `unknown filter: ${name}`);
  if (filter.issuer !== undefined && typeof filter.issuer !== 'string') throw invalid('issuer', 'issuer must be a string');
  if (filter.minimum !== undefined && !Object.hasOwn(MINIMUM, filter.minimum)) throw invalid('minimum', 'minimum must be passive, active or fkn');
  if (filter.validNow !== undefined && typeof filter.validNow !== 'boolean') throw invalid('validNow', 'validNow must be a boolean');
  return {
    issuer: filter.issuer ?? null,
    keyUsage: stringList(filter.keyUsage, 'keyUsage'),
    extendedKeyUsage: stringList(filter.extendedKeyUsage, 'extendedKeyUsage'),
    policies: stringList(filter.policies, 'policies'),
    minimum: MINIMUM[filter.minimum ?? 'passive'],
    validNow: filter.validNow ?? true,
  };
}

// Does the key (a Key object with a certificate, docs/protocol-keys.md) pass the filter?
export function matches(key, filter, now = Date.now()) {
  const c = key.certificate;
  if (!c) return false;
  if (filter.issuer !== null && !String(c.issuerDn ?? '').includes(filter.issuer)) return false;
  if (!filter.keyUsage.every((u) => (c.keyUsage ?? []).includes(u))) return false;
  if (!filter.extendedKeyUsage.every((u) => (c.extendedKeyUsage ?? []).includes(u))) return false;
  if (filter.policies.length && !filter.policies.some((p) => (c.policies ?? []).includes(p))) return false;
  if ((MODE_STRENGTH[key.mode] ?? 0) < filter.minimum) return false;
  if (filter.validNow && !(Date.parse(c.notBefore) <= now && now <= Date.parse(c.notAfter))) return false;
  return true;
}

// What the chooser window shows of one certificate.
export const choice = (key) => ({
  subject: key.certificate.subjectDn,
  issuer: key.certificate.issuerDn,
  notBefore: key.certificate.notBefore,
  notAfter: key.certificate.notAfter,
  mode: key.mode,
  deviceId: key.deviceId,
});

// What the page gets: exactly the picked one.
export const picked = (key) => ({ deviceId: key.deviceId, keyId: key.keyId, certificate: key.certificate });

// Lists every token's certificates (the host, with the page's origin), filters, opens the
// chooser; resolves with the picked certificate, or throws USER_CANCELLED.
export async function chooseCertificate(host, origin, filterParam, openPrompt, { signal } = {}) {
  const filter = parseFilter(filterParam);
  const reply = await host.request({ command: 'listCertificates', origin, params: {} });
  if (reply.error) {
    const { code, message, ...details } = reply.error;
    throw new ExtError(code, message, details);
  }
  const keys = (reply.result?.certificates ?? []).filter((k) => matches(k, filter));
  const answer = await openPrompt('select', { origin, choices: keys.map(choice) }, { signal });
  if (answer.action === 'aborted') throw answer.reason;
  const index = answer.action === 'select' ? answer.index : -1;
  if (!Number.isInteger(index) || index < 0 || index >= keys.length) {
    throw new ExtError(ExtCode.USER_CANCELLED, 'the user closed the certificate chooser');
  }
  return picked(keys[index]);
}
