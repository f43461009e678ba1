import { localize, loadPrompt, answer, armAfterDelay, showGone, closeWhenRequestEnds, fitWindow, t } from './common.js';

localize();
const prompt = await loadPrompt();
if (!prompt || prompt.kind !== 'consent') {
  showGone();
} else {
  closeWhenRequestEnds();
  const { origin } = prompt.data;
  document.title = t('consentTitle');
  document.getElementById('question').textContent = t('consentQuestion', origin);
  document.getElementById('origin').textContent = origin;
  document.getElementById('insecure').hidden = !origin.startsWith('http:');
  const allow = document.getElementById('allow');
  const deny = document.getElementById('deny');
  const enumerate = document.getElementById('enumerate');
  allow.addEventListener('click', () => answer({ action: 'allow', enumerate: enumerate.checked }));
  deny.addEventListener('click', () => answer({ action: 'deny' }));
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') answer({ action: 'cancel' });
  });
  armAfterDelay([allow, deny]);
  fitWindow();
  deny.focus(); // Enter on a freshly opened window must never mean "allow"
  setTimeout(() => deny.focus(), 450);
}
