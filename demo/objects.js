// Objects page: data objects (write, read, delete, list), key and certificate labels, and the raw
// signature of a digest (with the public key to check it: `openssl pkeyutl -verify`).
import { digest, getPublicKey, rawSign, setKeyLabel, setCertificateLabel, listData, readData, writeData, deleteData } from './tokenbridge.js';
import { $, el, showError, showStatus, fillDeviceSelect, certificateChooser } from './common.js';

const hex = (base64) => [...atob(base64)].map((c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
const deviceId = () => $('#device').value;
const name = () => $('#dataName').value;
const isPrivate = () => $('#dataPrivate').checked;

// Runs one call, showing its result (or its error code and message) in `box`.
async function run(box, call, show) {
  box.replaceChildren(el('span', { className: 'muted', textContent: 'Working… (confirm in the tokenbridge window if one opens)' }));
  try {
    box.replaceChildren(...show(await call()));
  } catch (e) {
    showError(box, e);
  }
}

const line = (id, text) => el('p', { id, textContent: text });

$('#writeData').addEventListener('click', () => run($('#dataResult'),
  () => writeData({ deviceId: deviceId(), name: name(), data: $('#dataValue').value, private: isPrivate() }),
  (r) => [line('written', `Written: ${r.name}, ${r.size} bytes, ${r.private ? 'private' : 'public'}`)]));
$('#readData').addEventListener('click', () => run($('#dataResult'),
  () => readData({ deviceId: deviceId(), name: name(), private: isPrivate() }),
  (r) => [line('read', new TextDecoder().decode(Uint8Array.from(atob(r.data), (c) => c.charCodeAt(0))))]));
$('#deleteData').addEventListener('click', () => run($('#dataResult'),
  () => deleteData({ deviceId: deviceId(), name: name() }), () => [line('deleted', `Deleted: ${name()}`)]));
$('#listData').addEventListener('click', () => run($('#dataResult'),
  () => listData({ deviceId: deviceId(), private: isPrivate() }),
  (r) => [el('ul', { id: 'dataList' }, ...r.objects.map((o) => el('li', { textContent: `${o.name} (${o.size} bytes, ${o.private ? 'private' : 'public'}, ${o.application || 'no application'})` })))]));

const keyId = () => $('#certificate').value;
$('#setKeyLabel').addEventListener('click', () => run($('#labelResult'),
  () => setKeyLabel({ deviceId: deviceId(), keyId: keyId(), label: $('#label').value }),
  (r) => [line('keyLabel', `Key label: ${r.key.label}`)]));
$('#setCertificateLabel').addEventListener('click', () => run($('#labelResult'),
  () => setCertificateLabel({ deviceId: deviceId(), keyId: keyId(), label: $('#label').value }),
  (r) => [line('certificateLabel', `Certificate label: ${r.key.certificateLabel}`)]));

$('#rawSign').addEventListener('click', () => run($('#rawResult'), async () => {
  let value = $('#digest').value.trim();
  if (!value) {
    value = hex((await digest({ data: $('#digestText').value, hashAlgorithm: 'streebog256' })).hash);
    $('#digest').value = value;
  }
  return rawSign({ deviceId: deviceId(), keyId: keyId(), digest: value });
}, (r) => [line('rawSignedDigest', `Digest: ${$('#digest').value}`),
  el('p', { textContent: `${r.algorithm} signature over the ${r.hashAlgorithm} digest (s ‖ r, as openssl pkeyutl -verify takes it):` }),
  el('pre', { id: 'rawSignature', textContent: hex(r.signature) })]));
$('#publicKey').addEventListener('click', () => run($('#rawResult'),
  () => getPublicKey({ deviceId: deviceId(), keyId: keyId() }), (r) => [el('pre', { id: 'publicKeyPem', textContent: r.pem })]));

const loadCertificates = certificateChooser($('#device'), $('#certificate'), $('#certError'));
if ((await showStatus()).available) {
  await fillDeviceSelect($('#device'), $('#deviceError'));
  await loadCertificates();
}
