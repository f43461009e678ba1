// The certificate chooser (chooser.js): one radio button per certificate, keyboard-usable
// (arrow keys move, Enter chooses, Escape cancels); the page gets only the chosen one.
import { localize, loadPrompt, answer, armAfterDelay, showGone, closeWhenRequestEnds, fitWindow, t } from './common.js';

const $ = (id) => document.getElementById(id);
const MODE_LABELS = { fkn: 'modeFkn', 'active-pkcs11': 'modeActive', passive: 'modePassive' }; // message keys

function choiceRow(c, index) {
  const label = document.createElement('label');
  label.className = 'choice';
  const radio = Object.assign(document.createElement('input'), { type: 'radio', name: 'choice', value: String(index), checked: index === 0 });
  const text = document.createElement('span');
  const subject = Object.assign(document.createElement('strong'), { textContent: c.subject });
  const badge = Object.assign(document.createElement('span'), { className: `badge mode-${c.mode}`, textContent: MODE_LABELS[c.mode] ? t(MODE_LABELS[c.mode]) : c.mode });
  const details = Object.assign(document.createElement('div'), {
    className: 'muted',
    textContent: `${c.issuer} · ${t('selectValidTo', c.notAfter)} · ${c.deviceId}`,
  });
  text.append(subject, ' ', badge, details);
  label.append(radio, text);
  return label;
}

localize();
const prompt = await loadPrompt();
if (!prompt || prompt.kind !== 'select') {
  showGone();
} else {
  closeWhenRequestEnds();
  const { origin, choices } = prompt.data;
  document.title = t('selectTitle');
  $('question').textContent = t('selectQuestion', origin);
  $('origin').textContent = origin;
  $('choices').replaceChildren(...choices.map(choiceRow));
  $('none').hidden = choices.length > 0;
  $('choices').hidden = choices.length === 0;
  $('form').addEventListener('submit', (e) => {
    e.preventDefault();
    const chosen = document.querySelector('input[name=choice]:checked');
    if (chosen) answer({ action: 'select', index: Number(chosen.value) });
  });
  $('cancel').addEventListener('click', () => answer({ action: 'cancel' }));
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') answer({ action: 'cancel' });
  });
  armAfterDelay(choices.length ? [$('choose'), $('cancel')] : [$('cancel')]);
  $('choose').hidden = choices.length === 0;
  fitWindow();
  const first = document.querySelector('input[name=choice]');
  if (first) first.focus();
  else setTimeout(() => $('cancel').focus(), 450); // once armed: a disabled button takes no focus
}
