// Sign page: picks a token + certificate, streams the document to the host, shows the CMS.
import { listCertificates, sign } from './tokenbridge.js';
import { $, el, showError, showStatus, fillDeviceSelect } from './common.js';

async function loadCertificates() {
  $('#certError').replaceChildren();
  $('#certificate').replaceChildren();
  const deviceId = $('#device').value;
  if (!deviceId) return;
  try {
    const { certificates } = await listCertificates({ deviceId });
    $('#certificate').replaceChildren(...certificates.map((c) => el('option', { value: c.id, textContent: c.subject })));
  } catch (e) {
    showError($('#certError'), e);
  }
}

async function doSign() {
  const result = $('#result');
  result.replaceChildren(el('span', { className: 'muted', textContent: 'Signing… (confirm in the tokenbridge window)' }));
  const file = $('#file').files[0];
  try {
    const signed = await sign({
      deviceId: $('#device').value,
      certificateId: $('#certificate').value,
      data: file ?? $('#text').value,
      fileName: file?.name ?? 'text.txt',
      format: 'cms',
      detached: $('#detached').checked,
      onProgress: ({ sent, total }) => { $('#progress').value = total ? sent / total : 1; },
    });
    result.replaceChildren(el('pre', { id: 'signature', textContent: signed.signature }));
  } catch (e) {
    showError(result, e);
  }
}

$('#device').addEventListener('change', loadCertificates);
$('#sign').addEventListener('click', doSign);
if ((await showStatus()).available) {
  await fillDeviceSelect($('#device'), $('#certError'));
  await loadCertificates();
}
