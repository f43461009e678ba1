// Shared by the demo pages: the availability banner, error display, token and certificate choice.
import { isAvailable, listDevices, listCertificates, TokenBridgeError } from './tokenbridge.js';
import { strongestFirst, whyPreselected } from './strength.js';

export const $ = (sel) => document.querySelector(sel);

export function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

// Every API error is shown as its code and message: the demo never invents results.
export function errorText(e) {
  return e instanceof TokenBridgeError ? `${e.code}: ${e.message}` : `${e?.name ?? 'Error'}: ${e?.message ?? e}`;
}

export function showError(target, e) {
  target.replaceChildren(el('div', { className: 'error', textContent: errorText(e) }));
}

const REASONS = {
  EXTENSION_NOT_FOUND: 'The tokenbridge browser extension is not installed (or disabled for this site).',
  HOST_NOT_FOUND: 'The extension is installed, but the tokenbridge host application is not (run installer/install.sh).',
};

export async function showStatus() {
  const box = $('#status');
  const s = await isAvailable();
  if (s.available) {
    box.className = 'ok';
    box.textContent = `Ready: extension ${s.extensionVersion}, host ${s.host.version} (protocol ${s.host.protocolVersion})`;
  } else {
    box.className = 'bad';
    box.textContent = REASONS[s.reason] ?? `Not available: ${s.reason} ${s.message ?? ''}`;
  }
  box.dataset.reason = s.reason ?? 'ok';
  return s;
}

// Fills a <select> with the tokens; returns the devices.
export async function fillDeviceSelect(select, errorBox) {
  try {
    const { devices } = await listDevices();
    select.replaceChildren(...devices.map((d) => el('option', { value: d.id, textContent: `${d.modelName || d.model} (${d.id})` })));
    return devices;
  } catch (e) {
    showError(errorBox, e);
    return [];
  }
}

// The certificates of the token chosen in `deviceSelect`, into `certificateSelect` (values:
// keyIds); returns the function that (re)loads them. A token switch while a list is loading:
// only the latest list is shown.
export function certificateChooser(deviceSelect, certificateSelect, errorBox) {
  let loading = 0;
  const load = async () => {
    const generation = ++loading;
    errorBox.replaceChildren();
    certificateSelect.replaceChildren();
    const deviceId = deviceSelect.value;
    if (!deviceId) return;
    try {
      const { certificates } = await listCertificates({ deviceId });
      if (generation !== loading) return;
      // The strongest key first, and selected: FKN > active > passive (MODE_STRENGTH).
      const ranked = strongestFirst(certificates);
      certificateSelect.replaceChildren(...ranked.map((k) => el('option', {
        value: k.keyId,
        textContent: `${k.certificate.subjectDn} (${k.mode}, valid to ${k.certificate.notAfter})`,
      })));
      if (!certificates.length) errorBox.append(el('p', { className: 'muted', textContent: 'No certificate on this token: enroll one first.' }));
      else if (whyPreselected(ranked)) errorBox.append(el('p', { className: 'muted', id: 'strongestNote', textContent: whyPreselected(ranked) }));
    } catch (e) {
      if (generation === loading) showError(errorBox, e);
    }
  };
  deviceSelect.addEventListener('change', load);
  return load;
}
