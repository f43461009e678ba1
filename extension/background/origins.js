// Which page origins are served at all, taken from what the browser says about the sender.
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

// The origin of a port's sender: never anything the page itself wrote into a message.
export function senderOrigin(sender) {
  // "null" is an opaque origin (sandboxed frame, data: URL): it must not borrow the URL's site.
  if (sender?.origin === 'null') return null;
  if (typeof sender?.origin === 'string') return sender.origin;
  // Firefox before 126 gives no sender.origin; the URL is the browser's, not the page's word.
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
