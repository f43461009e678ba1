// Token page: the token's PIN state (getDeviceInfo), changePin (user or admin) and unblockUserPin.
// The PINs never pass through this page: the extension's change-PIN window asks for them.
import { changePin, unblockUserPin, getDeviceInfo } from './tokenbridge.js';
import { $, el, showStatus, fillDeviceSelect, errorText, showError } from './common.js';

function pinText(name, pin) {
  if (!pin?.supported) return `${name}: state unknown`;
  if (pin.blocked) return `${name}: blocked`;
  return `${name}: ${pin.verified ? 'verified' : `${pin.retriesLeft ?? '?'} tries left`}`;
}

async function showPins() {
  const box = $('#pins');
  const deviceId = $('#device').value;
  if (!deviceId) return box.replaceChildren();
  try {
    const device = await getDeviceInfo(deviceId);
    box.replaceChildren(...['user', 'admin'].map((type) =>
      el('div', { textContent: pinText(type === 'user' ? 'User PIN' : 'Administrator PIN', device.pins?.[type]) })));
  } catch (e) {
    showError(box, e);
  }
}

// What each button does and how its result is said.
const ACTIONS = {
  changeUser: { label: 'Change the user PIN', run: (deviceId) => changePin({ deviceId }), said: () => 'the user PIN is changed' },
  changeAdmin: { label: 'Change the administrator PIN', run: (deviceId) => changePin({ deviceId, pinType: 'admin' }), said: () => 'the administrator PIN is changed' },
  unblock: {
    label: 'Unblock the user PIN',
    run: (deviceId) => unblockUserPin({ deviceId }),
    said: (r) => `the user PIN is unblocked${r.newPin ? ' with a new PIN' : ''}${r.sealedWithOldPin?.length
      ? `; ${r.sealedWithOldPin.length} passive key(s) stay sealed under the previous PIN` : ''}`,
  },
};

async function act(kind) {
  const spec = ACTIONS[kind];
  const box = el('div', { className: 'muted', textContent: `${spec.label}… (answer in the tokenbridge window)` });
  box.dataset.kind = kind;
  $('#results').prepend(box);
  try {
    const result = await spec.run($('#device').value);
    box.className = 'ok';
    box.textContent = `${spec.label}: done, ${spec.said(result)}.`;
    box.dataset.outcome = 'ok';
  } catch (e) {
    box.className = 'error';
    box.textContent = `${spec.label}: ${errorText(e)}`;
    box.dataset.outcome = e?.code ?? 'error';
  }
  await showPins();
}

const status = await showStatus();
if (status.available) {
  await fillDeviceSelect($('#device'), $('#deviceError'));
  $('#device').addEventListener('change', showPins);
  for (const kind of Object.keys(ACTIONS)) $(`#${kind}`).addEventListener('click', () => act(kind));
  await showPins();
}
