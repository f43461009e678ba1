import { localize, loadPrompt, answer, armAfterDelay, showGone, closeWhenRequestEnds, fitWindow, t } from './common.js';

const $ = (id) => document.getElementById(id);
const show = (id, text) => {
  $(id).textContent = text;
  $(id).hidden = false;
};
const TITLES = {
  generateKeyPair: 'pinTitleGenerateKeyPair',
  createCsr: 'pinTitleCreateCsr',
  importCertificate: 'pinTitleImportCertificate',
  deleteCertificate: 'pinTitleDeleteCertificate',
  deleteKey: 'pinTitleDeleteKey',
  authenticate: 'pinTitleAuthenticate',
  decrypt: 'pinTitleDecrypt',
  rawSign: 'pinTitleRawSign',
  setKeyLabel: 'pinTitleSetKeyLabel',
  setCertificateLabel: 'pinTitleSetCertificateLabel',
  listData: 'pinTitleListData',
  readData: 'pinTitleReadData',
  writeData: 'pinTitleWriteData',
  deleteData: 'pinTitleDeleteData',
};
const orUnknown = (v) => (v === null || v === undefined || v === '' ? t('unknown') : String(v));
// Per title: the values its message names, the confirm button's label (default "Confirm") and a
// line saying what the PIN does. The login title names the site (the origin the extension got
// from the browser, never the page's word) and the certificate's owner.
const TITLE_ARGS = {
  authenticate: (data) => [data.origin, orUnknown(data.certificate?.commonName || data.certificate?.subject)],
  decrypt: (data) => [data.origin],
};
const CONFIRM_LABELS = { authenticate: 'logIn', decrypt: 'decryptButton' };
const EXPLAIN = { authenticate: 'pinLoginExplain', rawSign: 'pinRawSignExplain' };

function fillCertificate(cert) {
  if (!cert) return;
  $('certificate').hidden = false;
  $('certOwner').textContent = orUnknown(cert.subject);
  $('certIssuer').textContent = orUnknown(cert.issuer);
  $('certValidity').textContent = t('pinValidityRange', orUnknown(cert.notBefore), orUnknown(cert.notAfter));
  const now = Date.now();
  const expired = Date.parse(cert.notBefore) > now || Date.parse(cert.notAfter) < now;
  $('certExpired').hidden = !expired;
}

const HASH_NAMES = { streebog256: 'GOST R 34.11-2012 (256)', streebog512: 'GOST R 34.11-2012 (512)' };

function fillDocument(doc) {
  if (!doc) return;
  $('document').hidden = false;
  $('docName').textContent = orUnknown(doc.fileName);
  $('docSize').textContent = doc.size === undefined ? t('unknown') : t('pinBytes', String(doc.size));
  // The digest the signature carries (its messageDigest), in groups of 4 hex digits to compare
  // by eye; the algorithm on its own line.
  $('docHash').textContent = doc.hash ? doc.hash.match(/.{1,4}/g).join(' ') : t('unknown');
  $('docHashAlgorithm').textContent = HASH_NAMES[doc.hashAlgorithm] ?? doc.hashAlgorithm ?? '';
}

const LONG_TERM_TYPES = { 'cades-t': 'CAdES-T', 'cades-x-long-type-1': 'CAdES-X Long Type 1' };

// The signature's type and the timestamp server it asks (docs/security.md "Network").
function fillLongTerm(longTerm) {
  if (!longTerm) return;
  $('longTermLabel').hidden = false;
  $('longTerm').hidden = false;
  $('longTerm').textContent = t('pinLongTermValue', LONG_TERM_TYPES[longTerm.type] ?? longTerm.type,
    longTerm.tsaHost ?? t('unknown'));
}

localize();
const prompt = await loadPrompt();
if (!prompt || prompt.kind !== 'pin') {
  showGone();
} else {
  closeWhenRequestEnds();
  const data = prompt.data;
  // Anything but a signature says what the PIN is for instead of "Confirm the signature".
  const purpose = TITLES[data.title];
  if (purpose) {
    $('title').textContent = t(purpose, ...(TITLE_ARGS[data.title]?.(data) ?? []));
    $('confirm').textContent = t(CONFIRM_LABELS[data.title] ?? 'confirm');
  }
  if (EXPLAIN[data.title]) show('explain', t(EXPLAIN[data.title]));
  $('origin').textContent = data.origin;
  if (data.device) show('tokenText', [data.device.modelName, data.device.serial].filter(Boolean).join(' · '));
  $('token').hidden = !data.device;
  fillCertificate(data.certificate);
  fillDocument(data.document);
  fillLongTerm(data.longTerm);
  if (data.error) show('error', t(data.error));
  if (data.retriesLeft !== null && data.retriesLeft !== undefined) show('retries', t('pinRetries', String(data.retriesLeft)));
  const pin = $('pin');
  $('form').addEventListener('submit', (e) => {
    e.preventDefault();
    const value = pin.value;
    pin.value = '';
    answer({ action: 'confirm', pin: value });
  });
  $('cancel').addEventListener('click', () => answer({ action: 'cancel' }));
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') answer({ action: 'cancel' });
  });
  armAfterDelay([$('confirm'), $('cancel')]);
  pin.focus();
  fitWindow();
}
