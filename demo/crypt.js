// Encrypt page: encrypt() to the certificate chosen on the token (no PIN), then decrypt() with
// that token's key (the extension's PIN window says "Decrypt a message for <origin>"). The
// EnvelopedData box can also take a message made elsewhere.
import { encrypt, decrypt, listCertificates } from './tokenbridge.js';
import { $, el, showStatus, fillDeviceSelect, certificateChooser, errorText } from './common.js';

function show(className, text, extra) {
  const box = el('div', { className, textContent: text });
  if (extra) box.append(extra);
  $('#result').replaceChildren(box);
  return box;
}

// The chosen key's certificate (base64 DER) from the token's list.
async function chosenCertificate() {
  const { certificates } = await listCertificates({ deviceId: $('#device').value });
  const entry = certificates.find((c) => c.keyId === $('#certificate').value);
  if (!entry) throw new Error('choose a certificate first');
  return entry.certificate.certificate;
}

$('#encrypt').addEventListener('click', async () => {
  try {
    const { cms, cipher } = await encrypt({
      data: $('#text').value, recipients: [await chosenCertificate()], cipher: $('#cipher').value,
    });
    $('#cms').value = cms;
    const box = show('ok', `Encrypted with ${cipher} (${Math.floor((cms.length * 3) / 4)} bytes of EnvelopedData).`);
    box.dataset.encrypted = 'true';
  } catch (e) {
    show('error', errorText(e)).dataset.encrypted = 'false';
  }
});

$('#decrypt').addEventListener('click', async () => {
  show('muted', 'Decrypting… (confirm in the tokenbridge window)');
  try {
    const { data } = await decrypt({ deviceId: $('#device').value, keyId: $('#certificate').value, cms: $('#cms').value.trim() });
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    const box = show('ok', 'Decrypted by the token: ', el('span', { className: 'plaintext', textContent: text }));
    box.dataset.decrypted = 'true';
  } catch (e) {
    show('error', errorText(e)).dataset.decrypted = 'false';
  }
});

const loadCertificates = certificateChooser($('#device'), $('#certificate'), $('#certError'));
if ((await showStatus()).available) {
  await fillDeviceSelect($('#device'), $('#certError'));
  await loadCertificates();
}
