// Sign page: picks a token + certificate, signs a text or a file (files are streamed), shows the
// CMS and the host's verification of it against the demo's TEST CA.
import { sign, verify } from './tokenbridge.js';
import { $, el, showError, showStatus, fillDeviceSelect, certificateChooser, errorText } from './common.js';

// verify() sends the document in one message (8 MiB at most, base64 included).
const MAX_VERIFY_BYTES = 4 * 1024 * 1024;

async function testCaRoots() {
  const response = await fetch('/ca/certificate');
  return response.ok ? [await response.text()] : [];
}

const YES_NO = (v) => (v ? 'yes' : 'no');

async function showVerification(cms, data) {
  const box = $('#verification');
  const size = typeof data === 'string' ? new TextEncoder().encode(data).length : data.size;
  if (size > MAX_VERIFY_BYTES) {
    box.replaceChildren(el('p', { className: 'muted', textContent: `Not verified here: the document (${size} bytes) is larger than one verify message takes (${MAX_VERIFY_BYTES} bytes).` }));
    return;
  }
  try {
    const result = await verify({ cms, data, trustedRoots: await testCaRoots() });
    const signer = result.signers[0] ?? {};
    const verdict = el('div', { id: 'verified', className: result.valid ? 'ok' : 'bad' },
      el('strong', { textContent: result.valid ? 'Signature valid' : 'Signature NOT valid' }),
      ` — signer ${signer.signerSubject ?? '?'}; signature ${YES_NO(signer.signatureValid)}, document digest ${YES_NO(signer.digestMatches)}, chain to the demo TEST CA ${YES_NO(signer.chainValid)}${signer.chainError ? ` (${signer.chainError})` : ''}.`);
    verdict.dataset.valid = String(result.valid);
    box.replaceChildren(verdict);
  } catch (e) {
    box.replaceChildren(el('div', { className: 'error', textContent: `verify: ${errorText(e)}` }));
  }
}

async function doSign() {
  const result = $('#result');
  $('#verification').replaceChildren();
  result.replaceChildren(el('span', { className: 'muted', textContent: 'Signing… (confirm in the tokenbridge window)' }));
  const file = $('#file').files[0];
  const data = file ?? $('#text').value;
  const started = performance.now();
  const signatureType = $('#signatureType').value;
  // The TEST TSA of this portal (demo/long-term.mjs); -X Long Type 1 finds the OCSP responder
  // and the CA certificate in the certificate itself.
  const longTerm = signatureType === 'cades-bes' ? {} : { signatureType, tsaUrl: new URL('/tsa', location.href).href };
  try {
    const signed = await sign({
      ...longTerm,
      deviceId: $('#device').value,
      keyId: $('#certificate').value,
      data,
      fileName: file?.name ?? 'text.txt',
      onProgress: ({ sent, total }) => {
        $('#progress').value = total ? sent / total : 1;
        $('#progressText').textContent = `${sent} / ${total} bytes`;
      },
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    result.replaceChildren(
      el('p', { textContent: `Detached CMS (${$('#signatureType').selectedOptions[0].textContent.split(' (')[0]}), ${Math.ceil(signed.cms.length * 3 / 4)} bytes, in ${seconds} s:` }),
      el('pre', { id: 'signature', textContent: signed.cms }));
    await showVerification(signed.cms, data);
  } catch (e) {
    showError(result, e);
  }
}

const loadCertificates = certificateChooser($('#device'), $('#certificate'), $('#certError'));
$('#sign').addEventListener('click', doSign);
if ((await showStatus()).available) {
  await fillDeviceSelect($('#device'), $('#certError'));
  await loadCertificates();
}
