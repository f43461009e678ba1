// Page -> signature for one large file, in Chromium and in Firefox ESR, against `openssl dgst`
// of the same file in the same run (issue 18 goal 1). Run by bench/browser/stream.sh, which
// starts the virtual token, enrolls a key and writes the file:
//
//   node bench/browser/stream_bench.mjs FILE DEVICE_ID KEY_ID      (under with-virtual-tokens.sh)
//   BENCH_ROUNDS=n    rounds per browser, each openssl then the page (default 3)
//   BENCH_BEFORE=0    skip the one run per browser of the host-streaming road (main's before
//                     the extension hashed: sign {stream} + signAppend chunks + signFinish)
//
// The page fetches the file once into a Blob (a user's File is on disk already); a round times
// tb.sign({data: blob}) in the page, from the call to the CMS, the PIN window answered by the
// driver as the e2e tests do (its time included), and checks that the digest the window showed
// is openssl's digest of the file; the host's peak RSS (VmHWM of the processes the browser
// started) is read after the rounds. Markdown rows, then `stream-ratio: <openssl s / page s of the
// slower browser>` as the last line.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { launchBrowser, answerConsent, answerPin, deviceIdOf } from '../../tests/e2e/driver.mjs';
import { vtokens } from '../../tests/e2e/env.mjs';
import { REPO } from '../../tests/e2e/env.mjs';

const [FILE, DEVICE_ID, KEY_ID] = process.argv.slice(2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BEFORE = process.env.BENCH_BEFORE !== '0';
const PIN = '12345678'; // tests/integration/passive/lib.sh, the vtoken factory user PIN
const SIZE = fs.statSync(FILE).size;
const MIB = SIZE / (1024 * 1024);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

// The reference: seconds of `openssl dgst` of the gost engine over the file, and its digest.
function openssl() {
  const start = process.hrtime.bigint();
  const out = execFileSync('openssl', ['dgst', '-engine', 'gost', '-md_gost12_256', '-r', FILE], { stdio: ['ignore', 'pipe', 'ignore'] });
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, digest: out.toString().split(' ')[0] };
}

// The bench's own origin: an empty page under a strict CSP (a page's CSP must not stop the
// extension's WebAssembly), the page library, and the file.
const PAGE = '<!doctype html><meta charset="utf-8"><title>stream bench</title>';
function pageServer() {
  const csp = "default-src 'self'; script-src 'self'";
  const server = http.createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/doc.bin') {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': SIZE });
      fs.createReadStream(FILE).pipe(res);
    } else if (path === '/tokenbridge.js') {
      res.writeHead(200, { 'content-type': 'text/javascript', 'content-security-policy': csp });
      res.end(fs.readFileSync(`${REPO}/js-api/tokenbridge.js`));
    } else {
      res.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': csp }).end(PAGE);
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// The host's peak memory (VmHWM, MiB) over the processes the browser started, while they run.
function hostPeakMiB(session) {
  const peaks = session.hostPids().map((pid) => {
    try {
      return Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
    } catch {
      return 0; // gone
    }
  });
  return Math.max(0, ...peaks);
}

async function signInPage(session, page, hashIn) {
  const signing = page.evaluate(async ([params, hashIn]) => {
    const tb = await import('/tokenbridge.js');
    const start = performance.now();
    let hashed = start;
    let first = 0;
    const result = await tb.sign({ ...params, data: window.benchDocument, hashIn, onProgress: () => { hashed = performance.now(); first ||= hashed; } });
    return { first: (first - start) / 1000, seconds: (performance.now() - start) / 1000, hashSeconds: (hashed - start) / 1000, size: result.size, cms: result.cms.length };
  }, [{ deviceId: DEVICE_ID, keyId: KEY_ID }, hashIn]);
  const shown = await answerPin(session, { pin: PIN, timeout: 600_000 });
  const run = await signing;
  if (run.size !== SIZE || !(run.cms > 0)) throw new Error(`${hashIn}: size ${run.size}, cms ${run.cms}`);
  console.error(`${hashIn}: first progress ${run.first.toFixed(3)} s, last ${run.hashSeconds.toFixed(3)} s, all ${run.seconds.toFixed(3)} s`);
  return { ...run, digest: shown.hash?.replace(/\s/g, '') };
}

async function benchBrowser(name, url, expected) {
  const session = await launchBrowser(name);
  try {
    const page = await session.newPage();
    await page.goto(url);
    const consent = answerConsent(session, 'allow');
    await deviceIdOf(page, vtokens[0].reader);
    await consent;
    await page.evaluate(async () => {
      window.benchDocument = await (await fetch('/doc.bin')).blob();
    });
    const rows = [];
    const refs = [];
    const runs = [];
    for (let round = 0; round < ROUNDS; round++) {
      refs.push(openssl().seconds);
      const run = await signInPage(session, page, 'extension');
      if (run.digest !== expected) throw new Error(`${name}: the window showed ${run.digest}, openssl says ${expected}`);
      runs.push(run);
    }
    const ref = median(refs);
    const seconds = median(runs.map((r) => r.seconds));
    const hashSeconds = median(runs.map((r) => r.hashSeconds));
    rows.push({ name, road: 'extension hashes (WebAssembly), host signs the digest', seconds, hashSeconds, ref, rss: hostPeakMiB(session) });
    if (BEFORE) {
      const before = await signInPage(session, page, 'host');
      if (before.digest !== expected) throw new Error(`${name} (host road): the window showed ${before.digest}`);
      rows.push({ name, road: 'host streaming (signAppend chunks)', seconds: before.seconds, hashSeconds: before.hashSeconds, ref: openssl().seconds, rss: hostPeakMiB(session) });
    }
    return rows;
  } finally {
    await session.close();
  }
}

async function main() {
  if (vtokens.length === 0) throw new Error('run under scripts/with-virtual-tokens.sh (bench/browser/stream.sh)');
  const server = await pageServer();
  try {
    const expected = openssl().digest;
    const url = `http://127.0.0.1:${server.address().port}/`;
    const rows = [];
    for (const name of ['chromium', 'firefox']) rows.push(...(await benchBrowser(name, url, expected)));
    console.log(`\n${MIB.toFixed(0)} MiB, Streebog-256, passive key; medians of ${ROUNDS} rounds${BEFORE ? ' (host road: 1 run)' : ''}\n`);
    console.log('| browser | road | page -> signature s | of which hashing s | MB/s | host peak RSS MiB | openssl dgst s | ratio (openssl / page) |');
    console.log('|---|---|---|---|---|---|---|---|');
    for (const r of rows) {
      const mbs = SIZE / 1e6 / r.seconds;
      console.log(`| ${r.name} | ${r.road} | ${r.seconds.toFixed(2)} | ${r.hashSeconds.toFixed(2)} | ${mbs.toFixed(1)} | ${r.rss.toFixed(1)} | ${r.ref.toFixed(2)} | ${(r.ref / r.seconds).toFixed(3)} |`);
    }
    const ratios = rows.filter((r) => r.road.startsWith('extension')).map((r) => r.ref / r.seconds);
    console.log(`stream-ratio: ${Math.min(...ratios).toFixed(3)}`);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
