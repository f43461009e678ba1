// Lists the sites the user allowed or blocked; revoking simply forgets the decision, so the
// site asks again next time.
import { api, localize, t } from './common.js';

async function forget(origin) {
  const { sites = {} } = await api.storage.local.get('sites');
  delete sites[origin];
  await api.storage.local.set({ sites });
}

function row(origin, entry, label) {
  const tr = document.createElement('tr');
  const name = Object.assign(document.createElement('td'), { className: 'origin-cell', textContent: origin });
  // Sites that may list every certificate say so (permissions.js canEnumerate: an entry from
  // before the permission existed has no `enumerate` field and keeps listing).
  if (entry.state === 'allowed' && entry.enumerate !== false) {
    name.append(' ', Object.assign(document.createElement('span'), { className: 'muted', textContent: t('optionsEnumerate') }));
  }
  const since = Object.assign(document.createElement('td'), {
    className: 'muted',
    textContent: t('optionsSince', new Date(entry.since).toLocaleString()),
  });
  const button = Object.assign(document.createElement('button'), { textContent: label });
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
