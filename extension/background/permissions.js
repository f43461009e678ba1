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

export async function setSiteState(origin, state) {
  const sites = await readSites();
  sites[origin] = { state, since: new Date().toISOString() };
  await api.storage.local.set({ sites });
}

export async function forgetSite(origin) {
  const sites = await readSites();
  delete sites[origin];
  await api.storage.local.set({ sites });
}

export async function listSites() {
  return readSites();
}
