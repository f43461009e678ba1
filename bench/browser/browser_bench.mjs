// Browser benchmarks in Chromium (Playwright library, not the test runner: a benchmark is not a
// test), with the extension and the real host loaded exactly as tests/e2e does (launchChromium).
// Run under scripts/with-virtual-tokens.sh (bench/run-benchmarks.sh does that):
//
//   node bench/browser/browser_bench.mjs [WARM_N] [PER_TAB]     (defaults 200 and 200)
//   BENCH_ROUNDS=n    alternating rounds of the concurrent run (default 3)
//
// 1. Warm round trips page -> extension -> host -> page, WARM_N of each kind, interleaved in
//    blocks of 20, all in one page after a first request started the host:
//      listDevices   the whole path, with PC/SC and the virtual tokens
//      version       the whole path, but the host answers without PC/SC
//      status        reference: page -> content script -> background -> page (isAvailable();
//                    the background answers from its cached host handshake, the host is idle)
// 2. 1000 requests from 5 tabs: 5 pages each send PER_TAB requests, 10 in flight per page
//    (listDevices and version alternating), through the one extension and its one host; against
//    1 tab sending 5 x PER_TAB alone with the same 50 in flight, in the same run. Every reply is checked against its request's kind
//    (a `version` result has `version` and no `devices`, a listDevices one the opposite, with
//    every virtual token).
// Prints Markdown rows.
import { launchChromium, answerConsent } from '../../tests/e2e/fixtures.mjs';
import { vtokens } from '../../tests/e2e/env.mjs';
import { startDemoServer } from '../../demo/server.mjs';

const WARM_N = Number(process.argv[2] ?? 200);
const PER_TAB = Number(process.argv[3] ?? 200);
const TABS = 5;
const IN_FLIGHT_PER_TAB = 10; // 50 at once in all: under the host's 4 workers + 64 queued
const BLOCK = 20;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const quantile = (samples, p) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];
};
const ms = (value, digits = 2) => value.toFixed(digits);

// In the page: `n` sequential calls of one kind; each call's milliseconds.
function sequential(page, kind, n) {
  return page.evaluate(async ([kind, n]) => {
    const tb = await import('/tokenbridge.js');
    const calls = {
      listDevices: async () => (await tb.listDevices()).devices.length > 0,
      version: async () => typeof (await tb.version()).version === 'string',
      status: async () => (await tb.isAvailable()).available === true,
    };
    const out = [];
    for (let i = 0; i < n; i++) {
      const start = performance.now();
      const ok = await calls[kind]();
      out.push(performance.now() - start);
      if (!ok) throw new Error(`${kind}: unexpected answer`);
    }
    return out;
  }, [kind, n]);
}

// In the page: `n` requests, `inFlight` at a time (the host queues 64 and answers BUSY beyond,
// so a well-behaved page bounds its requests and retries BUSY, which is retryable). Per request:
// its kind, latency (retries included) and whether the reply is the right kind of reply.
// Start/end on the shared wall clock (timeOrigin + now).
function burst(page, n, inFlight, tokens) {
  return page.evaluate(async ([n, inFlight, tokens]) => {
    const tb = await import('/tokenbridge.js');
    const options = { timeoutMs: 600_000 };
    const results = [];
    let next = 0;
    let retries = 0;
    const one = async (i) => {
      const kind = i % 2 === 0 ? 'listDevices' : 'version';
      const start = performance.now();
      for (;;) {
        try {
          const r = kind === 'version' ? await tb.version(options) : await tb.listDevices(options);
          const ok = kind === 'version'
            ? typeof r.version === 'string' && !('devices' in r)
            : Array.isArray(r.devices) && r.devices.length === tokens && !('version' in r);
          return { kind, ms: performance.now() - start, ok };
        } catch (e) {
          if (e.code !== 'BUSY') return { kind, ms: performance.now() - start, ok: false, error: e.code ?? String(e) };
          retries++;
        }
      }
    };
    const worker = async () => {
      while (next < n) results.push(await one(next++));
    };
    const begin = performance.timeOrigin + performance.now();
    await Promise.all(Array.from({ length: Math.min(inFlight, n) }, worker));
    return { begin, end: performance.timeOrigin + performance.now(), results, retries };
  }, [n, inFlight, tokens]);
}

async function concurrent(pages, perPage, inFlight) {
  const runs = await Promise.all(pages.map((p) => burst(p, perPage, inFlight, vtokens.length)));
  const wall = Math.max(...runs.map((r) => r.end)) - Math.min(...runs.map((r) => r.begin));
  const results = runs.flatMap((r) => r.results);
  return { results, wall, retries: runs.reduce((sum, r) => sum + r.retries, 0) };
}

// Rounds of one configuration -> median wall/throughput, percentiles over every request.
function summarize(rounds) {
  const results = rounds.flatMap((r) => r.results);
  const latencies = results.map((r) => r.ms);
  const wall = quantile(rounds.map((r) => r.wall), 50);
  const perRound = results.length / rounds.length;
  return {
    count: perRound, wall, throughput: perRound / (wall / 1000),
    retries: rounds.reduce((sum, r) => sum + r.retries, 0), bad: results.filter((r) => !r.ok),
    p50: quantile(latencies, 50), p95: quantile(latencies, 95), p99: quantile(latencies, 99),
  };
}

async function main() {
  if (vtokens.length === 0) throw new Error('run under scripts/with-virtual-tokens.sh');
  const server = await startDemoServer({ port: 0 });
  const session = await launchChromium();
  try {
    const { context } = session;
    const first = await context.newPage();
    await first.goto(`${server.url}sign.html`);
    // The origin's one-time consent, clicked like a user; it also starts the host.
    const consent = answerConsent(context, 'allow');
    await sequential(first, 'listDevices', 1);
    await consent;
    await sequential(first, 'version', 5);

    const warm = { listDevices: [], version: [], status: [] };
    for (let done = 0; done < WARM_N; done += BLOCK) {
      for (const kind of Object.keys(warm)) {
        warm[kind].push(...(await sequential(first, kind, Math.min(BLOCK, WARM_N - done))));
      }
    }
    const ref = quantile(warm.status, 50);
    console.log(`#### Warm round trips (Chromium, ${WARM_N} each, ${vtokens.length} virtual tokens)\n`);
    console.log('| request | median ms | p95 ms | reference: `status` page→extension→page, median ms | ratio |');
    console.log('|---|---|---|---|---|');
    for (const kind of ['listDevices', 'version']) {
      const median = quantile(warm[kind], 50);
      console.log(`| ${kind} page→extension→host→page | ${ms(median)} | ${ms(quantile(warm[kind], 95))} | ${ms(ref)} | ${ms(median / ref)} |`);
    }
    console.log(`| status page→extension→page (reference) | ${ms(ref)} | ${ms(quantile(warm.status, 95))} | ${ms(ref)} | 1.00 |`);
    console.log(`\nlistDevices / version = ${ms(quantile(warm.listDevices, 50) / quantile(warm.version, 50))}: what listing the tokens adds to the bare native messaging hop.\n`);

    const tabs = [first];
    for (let i = 1; i < TABS; i++) {
      const page = await context.newPage();
      await page.goto(`${server.url}sign.html`);
      await sequential(page, 'version', 1);
      tabs.push(page);
    }
    const total = TABS * PER_TAB;
    const inFlight = TABS * IN_FLIGHT_PER_TAB;
    const aloneRounds = [];
    const sharedRounds = [];
    for (let round = 0; round < ROUNDS; round++) {
      aloneRounds.push(await concurrent([first], total, inFlight));
      sharedRounds.push(await concurrent(tabs, PER_TAB, IN_FLIGHT_PER_TAB));
    }
    const alone = summarize(aloneRounds);
    const shared = summarize(sharedRounds);
    console.log(`#### ${total} requests, ${inFlight} in flight (listDevices and version alternating, one host; ${ROUNDS} alternating rounds: median wall time, percentiles over all rounds)\n`);
    console.log('| run | requests | wall s | throughput req/s | p50 ms | p95 ms | p99 ms | BUSY retries (all rounds) | mismatched or failed (all rounds) |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const [name, r] of [[`${TABS} tabs × ${PER_TAB} (${IN_FLIGHT_PER_TAB} in flight each)`, shared], [`reference: 1 tab × ${total} (${inFlight} in flight)`, alone]]) {
      console.log(`| ${name} | ${r.count} | ${ms(r.wall / 1000)} | ${ms(r.throughput, 1)} | ${ms(r.p50, 1)} | ${ms(r.p95, 1)} | ${ms(r.p99, 1)} | ${r.retries} | ${r.bad.length} |`);
    }
    console.log(`\nthroughput ratio ${TABS} tabs / 1 tab = ${ms(shared.throughput / alone.throughput)}; p99 ratio = ${ms(shared.p99 / alone.p99)}.`);
    const bad = [...alone.bad, ...shared.bad];
    if (bad.length > 0) {
      console.error('mismatched or failed replies:', JSON.stringify(bad.slice(0, 5)));
      process.exitCode = 1;
    }
  } finally {
    await session.close();
    await server.close();
  }
}

await main();
