// Tokens page: the device list with mode badges, live updates, certificates per token.
import { listDevices, getDeviceInfo, listCertificates, onDeviceChange } from './tokenbridge.js';
import { $, el, showError, showStatus, errorText } from './common.js';

const MODE_BADGES = [
  // [predicate over modes, css class, label]
  [(m) => m.includes('fkn') || m.includes('fkn-nfc'), 'fkn', 'FKN'],
  [(m) => m.includes('active-pkcs11') || m.includes('active-crypt'), 'active', 'active'],
  [(m) => m.includes('passive'), 'passive', 'passive'],
];

function badges(device) {
  const list = MODE_BADGES.filter(([has]) => has(device.modes)).map(([, cls, label]) =>
    el('span', { className: `badge ${cls}`, textContent: label }));
  if (device.known) {
    list.push(device.extractableOnly
      ? el('span', { className: 'badge extractable', textContent: 'key extractable' })
      : el('span', { className: 'badge nonextractable', textContent: 'non-extractable key' }));
  } else {
    list.push(el('span', { className: 'badge', textContent: 'not a known Rutoken' }));
  }
  return el('div', { className: 'badges' }, ...list);
}

async function loadCertificates(device, box) {
  try {
    const { certificates } = await listCertificates({ deviceId: device.id });
    box.replaceChildren(...(certificates.length
      ? certificates.map((k) => el('div', { className: 'certificate', textContent: `${k.certificate.subjectDn} — issued by ${k.certificate.issuerDn}, valid to ${k.certificate.notAfter} (${k.mode} key${k.extractable ? ', extractable' : k.extractable === null ? ', extractable or not: read with the PIN' : ''})` }))
      : [el('div', { className: 'muted', textContent: 'No certificates.' })]));
  } catch (e) {
    box.replaceChildren(el('div', { className: 'error', textContent: `Certificates: ${errorText(e)}` }));
  }
}

async function showPins(device, box) {
  try {
    const info = await getDeviceInfo(device.id);
    const user = info.pins?.user;
    box.textContent = user ? `User PIN: ${user.blocked ? 'blocked' : `${user.retriesLeft ?? '?'} tries left`}` : 'PIN state unknown';
  } catch (e) {
    showError(box, e);
  }
}

function deviceCard(d) {
  const pins = el('div', { className: 'muted pins' });
  const certs = el('div', { className: 'certificates' });
  const card = el('article', { className: 'device' },
    el('h3', { textContent: d.modelName || d.model }),
    badges(d),
    el('div', { className: 'muted', textContent: `${d.connection} · reader “${d.reader}” · serial ${d.serial ?? '—'} · id ${d.id}` }),
    el('div', { className: 'muted', textContent: `modes: ${d.modes.join(', ') || 'none'}; selected: ${d.selectedMode ?? '—'}` }),
    el('button', { textContent: 'PIN state', onclick: () => showPins(d, pins) }),
    pins, certs);
  card.dataset.deviceId = d.id;
  card.dataset.model = d.model;
  card.dataset.reader = d.reader;
  loadCertificates(d, certs);
  return card;
}

async function refresh() {
  const box = $('#devices');
  try {
    const { devices } = await listDevices();
    box.replaceChildren(...(devices.length ? devices.map(deviceCard) : [el('p', { id: 'empty', textContent: 'No tokens connected.' })]));
    box.dataset.state = 'loaded';
  } catch (e) {
    showError(box, e);
    box.dataset.state = 'error';
  }
}

function log(text) {
  $('#log').prepend(el('div', { textContent: `${new Date().toLocaleTimeString()} ${text}` }));
}

const EVENT_TEXT = {
  deviceInserted: (d) => `token inserted: ${d.modelName || d.model} (${d.id})`,
  deviceRemoved: (d) => `token removed: ${d.modelName || d.model} (${d.id})`,
  hostDisconnected: () => 'host application stopped; reconnecting…',
  hostConnected: () => 'host application running again',
};

$('#refresh').addEventListener('click', refresh);
const status = await showStatus();
if (status.available) {
  await refresh();
  try {
    await onDeviceChange((change) => {
      log((EVENT_TEXT[change.type] ?? ((d) => `${change.type} ${d?.id ?? ''}`))(change.device ?? {}));
      refresh();
    });
    log('watching for token changes');
  } catch (e) {
    log(`no live updates: ${errorText(e)}`);
  }
}
