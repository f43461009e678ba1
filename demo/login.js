// Log-in page: the server's nonce -> authenticate() (the extension's PIN window says "Log in to
// <origin> as <subject>") -> the token to the server, which checks it (verify-auth against the
// demo TEST CA) and answers who logged in, or why not. Plus the two refusals the server makes:
// a replayed token, and (simulated) a token checked for another origin.
import { authenticate } from './tokenbridge.js';
import { $, el, showStatus, fillDeviceSelect, certificateChooser, errorText } from './common.js';

let last = null; // {authToken, nonce} of the last login attempt, for the replay button

async function postJson(url, body) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  const answer = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
  if (answer.error) throw new Error(`server: ${answer.error}`);
  return answer;
}

// A fresh nonce from the server, signed by the chosen key with this page's origin.
async function freshToken() {
  const { nonce } = await postJson('/auth/nonce');
  const { authToken } = await authenticate(nonce, { deviceId: $('#device').value, keyId: $('#certificate').value });
  return { authToken, nonce };
}

// What each button does: how it gets a token, and what it asks the server.
const ATTEMPTS = {
  login: { label: 'Log in', token: freshToken, remember: true },
  replay: { label: 'Replay of the last token', token: async () => last },
  'phishing-relay': { label: 'Simulation: the token checked as https://evil.example', token: freshToken, simulate: 'phishing-relay' },
};

// verify-auth's reasons (docs/authentication.md), said for people; others are shown as they are.
const REASONS = {
  format: 'not an authentication token of format tokenbridge-auth:1',
  certificate: 'the token\'s certificate cannot be read',
  algorithm: 'the algorithm named does not fit the certificate\'s key',
  signature: 'the signature does not match this origin and nonce (a token made for another site, or for another challenge)',
  untrusted: 'the certificate does not chain to the demo TEST CA',
  expired: 'the certificate has expired',
  'not-yet-valid': 'the certificate is not valid yet',
  'key-usage': 'the certificate does not allow logging in (digitalSignature, clientAuth)',
};

function verdictText(v) {
  if (v.loggedIn) return `Logged in as ${v.subject} — certificate issued by ${v.issuer}, serial ${v.serial}, valid to ${v.notAfter}.`;
  const checked = v.valid
    ? 'the token itself is valid for that origin, but a simulation never logs in'
    : `${v.reason}${REASONS[v.reason] ? ` — ${REASONS[v.reason]}` : ''}`;
  return `Refused (expected origin ${v.expectedOrigin}): ${checked}`;
}

async function attempt(kind) {
  const spec = ATTEMPTS[kind];
  const box = el('div', { className: 'muted', textContent: `${spec.label}… (confirm in the tokenbridge window)` });
  box.dataset.kind = kind;
  $('#attempts').prepend(box);
  try {
    const { authToken, nonce } = await spec.token();
    if (spec.remember) {
      last = { authToken, nonce };
      $('#replay').disabled = false;
    }
    const verdict = await postJson('/auth/login', { authToken, nonce, simulate: spec.simulate });
    box.className = verdict.loggedIn ? 'ok' : 'bad';
    box.dataset.loggedIn = String(verdict.loggedIn);
    box.dataset.valid = String(verdict.valid);
    box.replaceChildren(
      el('strong', { textContent: `${spec.label}: ` }),
      el('span', { className: 'verdict', textContent: verdictText(verdict) }),
      el('details', {}, el('summary', { textContent: 'the token the page sent' }), el('pre', { textContent: JSON.stringify(authToken, null, 2) })));
  } catch (e) {
    box.className = 'error';
    box.dataset.loggedIn = 'false';
    box.textContent = `${spec.label}: ${errorText(e)}`;
  }
}

$('#pageOrigin').textContent = location.origin;
for (const [id, kind] of [['login', 'login'], ['replay', 'replay'], ['relay', 'phishing-relay']]) {
  $(`#${id}`).addEventListener('click', () => attempt(kind));
}
const loadCertificates = certificateChooser($('#device'), $('#certificate'), $('#certError'));
if ((await showStatus()).available) {
  await fillDeviceSelect($('#device'), $('#certError'));
  await loadCertificates();
}
