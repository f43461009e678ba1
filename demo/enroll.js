// Enroll page: key pair on the token -> PKCS#10 request -> import of the issued certificate.
import { generateKeyPair, createCsr, importCertificate } from './tokenbridge.js';
import { $, el, showError, showStatus, fillDeviceSelect } from './common.js';

let keyId = null;

async function run(box, action, render) {
  box.replaceChildren(el('span', { className: 'muted', textContent: 'Working… (confirm in the tokenbridge window)' }));
  try {
    render(await action());
  } catch (e) {
    showError(box, e);
  }
}

$('#generate').addEventListener('click', () => run($('#keyResult'),
  () => generateKeyPair({ deviceId: $('#device').value, algorithm: $('#algorithm').value }),
  (r) => {
    keyId = r.keyId;
    $('#keyResult').replaceChildren(el('pre', { textContent: JSON.stringify(r, null, 2) }));
  }));

$('#csr').addEventListener('click', () => run($('#csrResult'),
  () => createCsr({
    deviceId: $('#device').value,
    keyId,
    subject: { commonName: $('#cn').value, organization: $('#org').value, email: $('#email').value },
  }),
  (r) => $('#csrResult').replaceChildren(el('pre', { textContent: r.csr }))));

$('#import').addEventListener('click', () => run($('#importResult'),
  () => importCertificate({ deviceId: $('#device').value, keyId, certificate: $('#certificate').value }),
  (r) => $('#importResult').replaceChildren(el('pre', { textContent: JSON.stringify(r, null, 2) }))));

if ((await showStatus()).available) await fillDeviceSelect($('#device'), $('#keyResult'));
