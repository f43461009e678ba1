// The change-PIN window (changePin, unblockUserPin: spec/protocol.json "newPin"): the PIN that
// allows the change and the new PIN typed twice. The two entries are compared here; the host
// checks the token's length policy before anything reaches the token (docs/protocol-pins.md).
import { localize, loadPrompt, answer, armAfterDelay, showGone, closeWhenRequestEnds, fitWindow, t } from './common.js';

const $ = (id) => document.getElementById(id);
const show = (id, text) => {
  $(id).textContent = text;
  $(id).hidden = false;
};
// Per title (and the PIN it asks for): the window's title, the first field's label, the new PIN's
// label and the confirm button's label.
const TITLES = {
  changePin: (pinType) => (pinType === 'admin' ? 'changePinTitleAdmin' : 'changePinTitleUser'),
  unblockUserPin: () => 'changePinTitleUnblock',
};
const CURRENT_LABELS = { user: 'changePinCurrentUser', admin: 'changePinCurrentAdmin' };
const NEW_LABELS = { changePin: 'changePinNew', unblockUserPin: 'changePinNewUser' };
const CONFIRM_LABELS = { changePin: 'changePinConfirm', unblockUserPin: 'changePinUnblock' };
// unblockUserPin may keep the user PIN it has: both new fields left empty.
const NEW_PIN_OPTIONAL = { changePin: false, unblockUserPin: true };

localize();
const prompt = await loadPrompt();
if (!prompt || prompt.kind !== 'change-pin' || !TITLES[prompt.data.title]) {
  showGone();
} else {
  closeWhenRequestEnds();
  const data = prompt.data;
  const optional = NEW_PIN_OPTIONAL[data.title];
  $('title').textContent = t(TITLES[data.title](data.pinType));
  document.title = `tokenbridge: ${$('title').textContent}`;
  $('pinLabel').textContent = t(CURRENT_LABELS[data.pinType] ?? CURRENT_LABELS.user);
  $('newPinLabel').textContent = t(NEW_LABELS[data.title]);
  $('confirm').textContent = t(CONFIRM_LABELS[data.title]);
  if (optional) show('newPinHint', t('changePinOptionalHint'));
  $('newPin').required = !optional;
  $('newPin2').required = !optional;
  $('origin').textContent = data.origin;
  if (data.device) show('tokenText', [data.device.modelName, data.device.serial].filter(Boolean).join(' · '));
  $('token').hidden = !data.device;
  if (data.error) show('error', t(data.error));
  if (data.retriesLeft !== null && data.retriesLeft !== undefined) show('retries', t('pinRetries', String(data.retriesLeft)));
  const fields = [$('pin'), $('newPin'), $('newPin2')];
  $('form').addEventListener('submit', (e) => {
    e.preventDefault();
    if ($('newPin').value !== $('newPin2').value) {
      // Nothing is sent; both new entries are typed again.
      $('newPin').value = '';
      $('newPin2').value = '';
      show('error', t('changePinMismatch'));
      $('newPin').focus();
      return;
    }
    const value = { action: 'confirm', pin: $('pin').value, newPin: $('newPin').value };
    for (const field of fields) field.value = '';
    answer(value);
  });
  $('cancel').addEventListener('click', () => answer({ action: 'cancel' }));
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') answer({ action: 'cancel' });
  });
  armAfterDelay([$('confirm'), $('cancel')]);
  $('pin').focus();
  fitWindow();
}
