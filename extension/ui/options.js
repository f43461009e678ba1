// Lists the sites the user allowed or blocked; revoking simply forgets the decision, so the
// site asks again next time. An allowed site's "sees all certificates" box grants or takes back
// the enumeration permission (permissions.js canEnumerate) without asking the site again.
import { api, localize, t } from './common.js';

async function forget(origin) {
  const { sites = {} } = await api.storage.local.get('sites');
  delete sites[origin];
  await api.storage.local.set({ sites });
}

async function setEnumerate(origin, enumerate) {
  const { sites = {} } = await api.storage.local.get('sites');
  if (sites[origin]?.state !== 'allowed') return; // revoked meanwhile (another options tab)
  sites[origin] = { ...sites[origin], enumerate };
  await api.storage.local.set({ sites });
}

// Every row names its site for a screen reader: "Revoke: https://example.org".
function named(el, text, origin) {
  el.textContent = text;
  el.setAttribute('aria-label', `${text}: ${origin}`);
  return el;
}

function enumerateBox(origin, entry) {
  // An entry from before the permission existed has no `enumerate` field and keeps listing.
  const box = Object.assign(document.createElement('input'), { type: 'checkbox', className: 'enumerate', checked: entry.enumerate !== false });
  box.setAttribute('aria-label', `${t('optionsEnumerate')}: ${origin}`);
  box.addEventListener('change', () => setEnumerate(origin, box.checked));
  const label = document.createElement('label');
  label.append(box, ' ', Object.assign(document.createElement('span'), { textContent: t('optionsEnumerate') }));
  return label;
}

function row(origin, entry, label) {
  const tr = document.createElement('tr');
  tr.dataset.origin = origin;
  const name = Object.assign(document.createElement('td'), { className: 'origin-cell', textContent: origin });
  if (entry.state === 'allowed') name.append(' ', enumerateBox(origin, entry));
  const since = Object.assign(document.createElement('td'), {
    className: 'muted',
    textContent: t('optionsSince', new Date(entry.since).toLocaleString()),
  });
  const button = named(document.createElement('button'), label, origin);
  button.className = 'forget';
  button.addEventListener('click', () => forget(origin));
  const cell = document.createElement('td');
  cell.append(button);
  tr.append(name, since, cell);
  return tr;
}

async function render() {
  const { sites = {} } = await api.storage.local.get('sites');
  for (const [state, tableId, label] of [['allowed', 'allowed', 'optionsRevoke'], ['denied', 'denied', 'optionsUnblock']]) {
    const rows = Object.entries(sites)
      .filter(([, e]) => e.state === state)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([origin, e]) => row(origin, e, t(label)));
    const empty = document.createElement('tr');
    empty.append(Object.assign(document.createElement('td'), { className: 'muted', textContent: t('optionsNone') }));
    document.getElementById(tableId).replaceChildren(...(rows.length ? rows : [empty]));
  }
}

localize();
render();
api.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && changes.sites) render();
});
