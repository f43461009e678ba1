// Enroll page: key pair on the token (mode auto) -> PKCS#10 request signed by the token -> the
// demo server's TEST CA issues the certificate -> the certificate is imported next to its key.
import { generateKeyPair, createCsr, importCertificate } from './tokenbridge.js';
import { $, el, showError, showStatus, fillDeviceSelect } from './common.js';

function step(text) {
  const item = el('li', { textContent: `${text}…` });
  $('#steps').append(item);
  return (done) => {
    item.textContent = `${text}: ${done}`;
    item.className = 'done';
  };
}

async function issueWithTestCa(csr) {
  const response = await fetch('/ca/issue', { method: 'POST', headers: { 'content-type': 'application/pkcs10' }, body: csr });
  const text = await response.text();
  if (!response.ok) throw new Error(text);
  return text;
}

async function enroll() {
  $('#steps').replaceChildren();
  $('#result').replaceChildren();
  $('#enroll').disabled = true;
  const deviceId = $('#device').value;
  try {
    let done = step('Key pair on the token (confirm with the PIN in the tokenbridge window)');
    const generated = await generateKeyPair({ deviceId, algorithm: $('#algorithm').value, mode: 'auto', label: $('#cn').value.slice(0, 32) });
    const { keyId } = generated.key;
    done(`key ${keyId}, mode ${generated.mode}${generated.extractable ? ' (the key passes through this computer’s memory when used)' : ''}`);
    if (generated.warning) $('#result').append(el('p', { className: 'warning', textContent: generated.warning }));

    done = step('Certificate request signed by the token (PIN again)');
    const subject = { CN: $('#cn').value, O: $('#org').value, emailAddress: $('#email').value };
    for (const [k, v] of Object.entries(subject)) if (!v) delete subject[k];
    const { csr } = await createCsr({ deviceId, keyId, subject });
    done('PKCS#10 made');

    done = step('TEST CA of this demo server issues the certificate');
    const certificate = await issueWithTestCa(csr);
    done('issued');

    done = step('Certificate stored on the token (PIN again)');
    const { key } = await importCertificate({ deviceId, certificate });
    done('stored');
    $('#result').append(el('div', { id: 'enrolled', className: 'ok' },
      el('strong', { textContent: 'Enrolled. ' }),
      `${key.certificate.subjectDn} — issued by ${key.certificate.issuerDn}, valid to ${key.certificate.notAfter}. `,
      el('a', { href: 'sign.html', textContent: 'Sign with it' })));
    $('#result').append(el('details', {}, el('summary', { textContent: 'Certificate request (PEM)' }), el('pre', { textContent: csr })));
  } catch (e) {
    showError($('#result'), e);
  } finally {
    $('#enroll').disabled = false;
  }
}

$('#enroll').addEventListener('click', enroll);
if ((await showStatus()).available) await fillDeviceSelect($('#device'), $('#result'));
