// Which page origins are served at all, taken from what the browser says about the sender.
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

// The origin of a port's sender: never anything the page itself wrote into a message.
export function senderOrigin(sender) {
  if (typeof sender?.origin === 'string' && sender.origin !== 'null') return sender.origin;
  if (typeof sender?.url === 'string') {
    try {
      return new URL(sender.url).origin;
    } catch {
      return null;
    }
  }
  return null;
}

// https everywhere; plain http only on the loopback interface (development).
export function isServedOrigin(origin) {
  if (typeof origin !== 'string') return false;
  let url;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin !== origin) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}
