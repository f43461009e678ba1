// Demo portal: a tiny static server for the demo pages and the page library, plus a TEST CA for
// the enroll page (test-ca.mjs; made on first use) and the login page's back end (auth.mjs):
//   GET /ca/certificate -> the test CA's PEM certificate; POST /ca/issue (PEM CSR) -> PEM cert
//   POST /auth/nonce -> {nonce, expiresAt}; POST /auth/login {authToken, nonce} -> the verdict
//   POST /tsa, POST /ocsp, GET /ca/certificate.der: the TEST TSA and OCSP responder and the CA
//   certificate for long-term signatures (long-term.mjs); the host reaches them only when
//   127.0.0.1:PORT is in timestampServers of ~/.config/tokenbridge/host.json (scripts/demo.sh)
//   node demo/server.mjs [--port 8080] [--host 127.0.0.1] [--origin http://127.0.0.1:8080]
// The extension serves http only on localhost / 127.0.0.1, so bind there (or put TLS in front).
// --origin: the origin browsers see this server at, which every login token must name; default
// http://<host>:<port> as bound. It is configured, never taken from a request's Host header: a
// relaying phishing site would send its own.
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestCa } from './test-ca.mjs';
import { createLongTermServices, readBytes } from './long-term.mjs';
import { createNonceStore, findHostBinary, verifyAuth, PHISHING_ORIGIN } from './auth.mjs';

const DEMO_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(DEMO_DIR, '..');

// URL path -> file. A fixed table: nothing else of the disk is reachable.
const ROUTES = {
  '/': 'demo/index.html',
  '/index.html': 'demo/index.html',
  '/sign.html': 'demo/sign.html',
  '/enroll.html': 'demo/enroll.html',
  '/login.html': 'demo/login.html',
  '/crypt.html': 'demo/crypt.html',
  '/objects.html': 'demo/objects.html',
  '/token.html': 'demo/token.html',
  '/demo.css': 'demo/demo.css',
  '/common.js': 'demo/common.js',
  '/strength.js': 'demo/strength.js',
  '/devices.js': 'demo/devices.js',
  '/sign.js': 'demo/sign.js',
  '/enroll.js': 'demo/enroll.js',
  '/login.js': 'demo/login.js',
  '/crypt.js': 'demo/crypt.js',
  '/objects.js': 'demo/objects.js',
  '/token.js': 'demo/token.js',
  '/tokenbridge.js': 'js-api/tokenbridge.js',
};
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

const MAX_BODY = 16 * 1024;

async function readBody(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > MAX_BODY) throw new RangeError('request too large');
  }
  return body;
}

// The test CA's routes: path -> (ca, req) => PEM text.
const CA_ROUTES = {
  'GET /ca/certificate': async (ca) => ca.certificate,
  'POST /ca/issue': async (ca, req) => ca.issue(await readBody(req)),
};

async function handleCa(route, req, res, getCa) {
  try {
    const pem = await route(await getCa(), req);
    res.writeHead(200, { 'content-type': 'application/x-pem-file', 'cache-control': 'no-store' }).end(pem);
  } catch (e) {
    res.writeHead(400, { 'content-type': 'text/plain' }).end(`test CA: ${e.stderr?.trim() || e.message}`);
  }
}

// The login page's back end: path -> (ctx, req) => [HTTP status, JSON body].
const AUTH_ROUTES = {
  'POST /auth/nonce': async (ctx) => [200, ctx.nonces.issue()],
  'POST /auth/login': async (ctx, req) => login(ctx, JSON.parse(await readBody(req))),
};

// {authToken, nonce[, simulate: 'phishing-relay']} -> the verdict. The nonce is spent first,
// whatever follows: one nonce, one attempt.
async function login(ctx, body) {
  const { authToken, nonce, simulate } = body ?? {};
  if (!authToken || typeof authToken !== 'object' || typeof nonce !== 'string') {
    throw new TypeError('expected {authToken: {...}, nonce: "..."}');
  }
  if (simulate !== undefined && simulate !== 'phishing-relay') throw new TypeError('simulate: only "phishing-relay"');
  const simulation = simulate === 'phishing-relay';
  // SIMULATION (auth.mjs PHISHING_ORIGIN): checked as the phishing site's back end would, and
  // never a login.
  const origin = simulation ? PHISHING_ORIGIN : ctx.origin;
  const refused = ctx.nonces.take(nonce);
  if (refused) return [401, { loggedIn: false, valid: false, reason: refused, expectedOrigin: origin, simulation }];
  const ca = await ctx.getCa();
  const verdict = await verifyAuth({ hostBin: ctx.hostBin, origin, nonce, authToken, trustedRootPath: ca.certificatePath });
  const loggedIn = verdict.valid && !simulation;
  return [loggedIn ? 200 : 401, { ...verdict, loggedIn, expectedOrigin: origin, simulation }];
}

async function handleAuth(route, req, res, ctx) {
  let status;
  let body;
  try {
    [status, body] = await route(ctx, req);
  } catch (e) {
    [status, body] = [e instanceof SyntaxError || e instanceof TypeError || e instanceof RangeError ? 400 : 500, { error: e.message }];
  }
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

// Binary services: path -> [content type, (ctx, body) => answer bytes].
const BINARY_ROUTES = {
  'POST /tsa': ['application/timestamp-reply', (ctx, body) => ctx.longTerm.timestamp(body)],
  'POST /ocsp': ['application/ocsp-response', (ctx, body) => ctx.longTerm.ocsp(body)],
  'GET /ca/certificate.der': ['application/pkix-cert', async (ctx) => fs.readFile((await ctx.getCa()).certificatePath.replace(/\.pem$/, '.der'))],
};

async function handleBinary([type, route], req, res, ctx) {
  try {
    const answer = await route(ctx, await readBytes(req));
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(answer);
  } catch (e) {
    res.writeHead(400, { 'content-type': 'text/plain' }).end(`demo TSA/OCSP: ${e.stderr?.trim() || e.message}`);
  }
}

async function handle(req, res, ctx) {
  const pathname = new URL(req.url, 'http://x').pathname;
  const route = `${req.method} ${pathname}`;
  if (BINARY_ROUTES[route]) {
    await handleBinary(BINARY_ROUTES[route], req, res, ctx);
    return;
  }
  if (CA_ROUTES[route]) {
    await handleCa(CA_ROUTES[route], req, res, ctx.getCa);
    return;
  }
  if (AUTH_ROUTES[route]) {
    await handleAuth(AUTH_ROUTES[route], req, res, ctx);
    return;
  }
  const file = ROUTES[pathname];
  if (!file || req.method !== 'GET') {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  const body = await fs.readFile(path.join(REPO, file));
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file)],
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'self'; style-src 'self'; script-src 'self'",
  }).end(body);
}

export async function startDemoServer({ port = 8080, host = '127.0.0.1', origin, hostBin = findHostBinary() } = {}) {
  let ca = null; // the test CA, made on first use
  const ctx = { nonces: createNonceStore(), hostBin, origin: null };
  // Issued certificates name this server's OCSP responder and CA certificate (bound address).
  ctx.getCa = () => (ca ??= createTestCa({ aia: { ocsp: `${ctx.url}ocsp`, caIssuers: `${ctx.url}ca/certificate.der` } })
    .then(async (made) => {
      await made.openssl('x509', '-in', 'ca.pem', '-outform', 'DER', '-out', 'ca.der');
      return made;
    }));
  ctx.longTerm = createLongTermServices(ctx.getCa);
  const server = http.createServer((req, res) => {
    handle(req, res, ctx).catch((e) => res.writeHead(500).end(String(e)));
  });
  await new Promise((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  const { port: actual } = server.address();
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${actual}/`;
  ctx.origin = origin ?? new URL(url).origin;
  ctx.url = url;
  return {
    url,
    origin: ctx.origin,
    close: async () => {
      server.closeAllConnections(); // else close() waits for the browser's keep-alive sockets
      await new Promise((r) => server.close(r));
      if (ca) await (await ca).close();
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const { url } = await startDemoServer({ port: Number(arg('--port', 8080)), host: arg('--host', '127.0.0.1'), origin: arg('--origin') });
  console.log(`tokenbridge demo portal: ${url}`);
}
