// The user's decisions per origin, in storage.local: { sites: { [origin]: {state, since} } }.
// Only the trusted UI (consent window, options page) changes them.
import { api } from './api.js';

export const SiteState = Object.freeze({ ALLOWED: 'allowed', DENIED: 'denied' });

async function readSites() {
  const { sites } = await api.storage.local.get('sites');
  return sites ?? {};
}

export async function siteState(origin) {
  return (await readSites())[origin]?.state ?? null;
}

// `enumerate`: the site may list every certificate and key (listCertificates, listKeys); without
// it a site gets the certificate the user picks in the chooser (selectCertificate) only.
export async function setSiteState(origin, state, { enumerate = false } = {}) {
  const sites = await readSites();
  sites[origin] = { state, since: new Date().toISOString(), enumerate: state === SiteState.ALLOWED && enumerate };
  await api.storage.local.set({ sites });
}

// Sites allowed before the permission existed (no `enumerate` field) keep listing: they were
// allowed to, and taking it away silently would break them; the options page shows it.
export async function canEnumerate(origin) {
  const site = (await readSites())[origin];
  return site?.state === SiteState.ALLOWED && site.enumerate !== false;
}

export async function forgetSite(origin) {
  const sites = await readSites();
  delete sites[origin];
  await api.storage.local.set({ sites });
}

export async function listSites() {
  return readSites();
}
