// Demo portal: a tiny static server for the three demo pages and the page library, plus a TEST
// CA for the enroll page (test-ca.mjs; made on first use):
//   GET /ca/certificate -> the test CA's PEM certificate; POST /ca/issue (PEM CSR) -> PEM cert
//   node demo/server.mjs [--port 8080] [--host 127.0.0.1]
// The extension serves http only on localhost / 127.0.0.1, so bind there (or put TLS in front).
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestCa } from './test-ca.mjs';

const DEMO_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(DEMO_DIR, '..');

// URL path -> file. A fixed table: nothing else of the disk is reachable.
const ROUTES = {
  '/': 'demo/index.html',
  '/index.html': 'demo/index.html',
  '/sign.html': 'demo/sign.html',
  '/enroll.html': 'demo/enroll.html',
  '/demo.css': 'demo/demo.css',
  '/common.js': 'demo/common.js',
  '/devices.js': 'demo/devices.js',
  '/sign.js': 'demo/sign.js',
  '/enroll.js': 'demo/enroll.js',
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

async function handle(req, res, getCa) {
  const pathname = new URL(req.url, 'http://x').pathname;
  const caRoute = CA_ROUTES[`${req.method} ${pathname}`];
  if (caRoute) {
    await handleCa(caRoute, req, res, getCa);
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

export async function startDemoServer({ port = 8080, host = '127.0.0.1' } = {}) {
  let ca = null; // the test CA, made on first use
  const getCa = () => (ca ??= createTestCa());
  const server = http.createServer((req, res) => {
    handle(req, res, getCa).catch((e) => res.writeHead(500).end(String(e)));
  });
  await new Promise((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  const { port: actual } = server.address();
  return {
    url: `http://${host}:${actual}/`,
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
  const { url } = await startDemoServer({ port: Number(arg('--port', 8080)), host: arg('--host', '127.0.0.1') });
  console.log(`tokenbridge demo portal: ${url}`);
}
