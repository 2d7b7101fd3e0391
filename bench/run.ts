import { cpus, totalmem } from 'node:os';
import { benchInbound, type RateResult } from './inbound-webhooks.js';
import { benchInbox, PAGE_WRITES_PER_SECOND } from './inbox.js';
import { benchMetrics } from './metrics.js';
import { benchRegex } from './regex.js';
import { benchRouting } from './routing.js';
import { benchLoaded, benchStartup } from './startup.js';

/**
 * `npm run bench`: inbound WhatsApp webhooks at rising offered rates, then the inbox (list, counts,
 * search, realtime fan-out) on a seeded database, on PGlite and PostgreSQL. Prints Markdown for
 * docs/benchmarks.md. BENCH_SUITES (startup,loaded,inbound,inbox,routing,metrics,regex), BENCH_IDLE_SECONDS, BENCH_LOADED_CONVERSATIONS, BENCH_TRAFFIC_SECONDS, BENCH_SECONDS, BENCH_RATES, BENCH_ENGINES and
 * BENCH_CONVERSATIONS (PostgreSQL; PGlite gets a tenth) tune the run.
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const rates = (process.env.BENCH_RATES ?? '100,300,600,1000,1500').split(',').map(Number);
const engines = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',') as ('pglite' | 'postgres')[];

const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
console.log(`# Inbound webhooks — ${new Date().toISOString().slice(0, 10)} — ${machine}\n`);
const suites = (process.env.BENCH_SUITES ?? 'startup,loaded,inbound,inbox,routing,metrics,regex').split(',');
if (suites.includes('startup')) {
  const idle = Number(process.env.BENCH_IDLE_SECONDS ?? 10);
  console.log(`# Start-up and memory at rest — ${new Date().toISOString().slice(0, 10)} — ${machine}\n`);
  console.log(`Before: TypeScript through tsx, 128 MB of PGlite shared buffers, V8's default young generation. After: \`npm start\` (the bundle, 16 MB, 1 MB semi-spaces). RSS of the server process after ${idle} s at rest.\n`);
  console.log('| engine | variant | first start (empty database) s | start with existing data s | idle RSS MB | after / before |');
  console.log('|---|---|---|---|---|---|');
  const results = await benchStartup(engines, idle);
  for (const r of results) {
    const before = results.find((other) => other.engine === r.engine && other.variant === 'before')!;
    console.log(`| ${r.engine} | ${r.variant} | ${r.firstReadySeconds.toFixed(2)} | ${r.readySeconds.toFixed(2)} | ${r.idleRssMb} | ${r.variant === 'after' ? `start ${(r.readySeconds / before.readySeconds).toFixed(2)}, RSS ${(r.idleRssMb / before.idleRssMb).toFixed(2)}` : '—'} |`);
  }
  console.log('');
}
if (suites.includes('loaded') && engines.includes('pglite')) {
  const conversations = Number(process.env.BENCH_LOADED_CONVERSATIONS ?? 100_000);
  const traffic = Number(process.env.BENCH_TRAFFIC_SECONDS ?? 120);
  console.log(`# PGlite with history under normal traffic — ${new Date().toISOString().slice(0, 10)} — ${machine}\n`);
  console.log('| variant | messages | start s | idle RSS MB | traffic s (webhooks, reads) | peak RSS MB | RSS at the end MB |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of await benchLoaded(conversations, traffic)) {
    console.log(`| ${r.variant} | ${r.messages.toLocaleString('en')} | ${r.readySeconds.toFixed(2)} | ${r.idleRssMb} | ${r.trafficSeconds} (${r.webhooks}, ${r.reads}) | ${r.peakRssMb} | ${r.endRssMb} |`);
  }
  console.log('');
}
for (const engine of suites.includes('inbound') ? engines : []) {
  const engineRates = engine === 'pglite' ? rates.filter((rate) => rate <= 600) : rates;
  const { results, baseline, unprocessed } = await benchInbound(engine, engineRates, seconds);
  console.log(`## ${engine}: raw single-row inserts ${baseline.toFixed(0)}/s (baseline, same run)\n`);
  console.log('| offered msg/s | messages | processed msg/s | ratio to raw inserts | ack p50 ms | ack p99 ms | event-loop delay p99 ms | drain after last send s | most queries waiting for a pooled connection |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of results as RateResult[]) {
    console.log(`| ${r.offered} | ${r.sent} | ${r.processedPerSecond.toFixed(0)} | ${(r.processedPerSecond / baseline).toFixed(2)} | ${r.ackP50.toFixed(1)} | ${r.ackP99.toFixed(1)} | ${r.loopDelayP99.toFixed(1)} | ${Math.max(0, r.drainSeconds).toFixed(1)} | ${r.poolWaitingMax} |`);
  }
  console.log(`\nPayloads not processed at the end: ${unprocessed}\n`);
}
if (suites.includes('inbox')) {
  const conversations = Number(process.env.BENCH_CONVERSATIONS ?? 100_000);
  console.log(`# Inbox — ${new Date().toISOString().slice(0, 10)} — ${machine}\n`);
  console.log(`| engine | conversations / messages | seed s | baseline (GET /workspace) p95 ms | list p50 / p95 ms | req/s, 1 server process: baseline; list (p95 ms), ratio; list under ${PAGE_WRITES_PER_SECOND} page-row updates/s | req/s, 2 server processes: the same | mine p95 ms | counts p50 / p95 ms | search p50 / p95 ms | realtime: streams × messages, p50 / p99 ms |`);
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const engine of engines) {
    const r = await benchInbox(engine, engine === 'pglite' ? Math.round(conversations / 10) : conversations, seconds);
    const f = (n: number) => n.toFixed(1);
    const load = (processes: number) => {
      const t = r.throughput.find((item) => item.processes === processes);
      return t
        ? `${t.baseline.perSecond.toFixed(0)}; **${t.list.perSecond.toFixed(0)}** (${f(t.list.p95)}), ${(t.list.perSecond / t.baseline.perSecond).toFixed(2)}; under writes ${t.listUnderWrites.perSecond.toFixed(0)} (${f(t.listUnderWrites.p95)})`
        : '—';
    };
    console.log(
      `| ${engine} | ${r.conversations.toLocaleString('en')} / ${r.messages.toLocaleString('en')} | ${r.seedSeconds.toFixed(0)} | ${f(r.baselineP95)} | ${f(r.list.p50)} / ${f(r.list.p95)} | ${load(1)} | ${load(2)} | ${f(r.listMine.p95)} | ${f(r.counts.p50)} / ${f(r.counts.p95)} | ${f(r.search.p50)} / ${f(r.search.p95)} | ${r.realtime.streams} × ${r.realtime.deliveries / r.realtime.streams}, ${f(r.realtime.p50)} / ${f(r.realtime.p99)} |`,
    );
    for (const t of r.throughput) console.log(`<!-- ${engine}, ${t.processes} process(es): client CPU ms/request baseline ${t.baseline.clientCpuMsPerRequest.toFixed(3)}, list ${t.list.clientCpuMsPerRequest.toFixed(3)} -->`);
  }
}
if (suites.includes('routing')) {
  const conversations = Number(process.env.BENCH_ROUTING_CONVERSATIONS ?? 2000);
  console.log(`\n# Routing — ${new Date().toISOString().slice(0, 10)} — ${machine}\n`);
  console.log('| engine | conversations × agents | baseline: bare assignment writes /s | routed /s (rules, reason, SLA), ratio | queue drained /s, ratio |');
  console.log('|---|---|---|---|---|');
  for (const engine of engines) {
    const r = await benchRouting(engine, conversations);
    console.log(`| ${engine} | ${r.conversations} × ${r.agents} | ${r.baselinePerSecond.toFixed(0)} | ${r.routedPerSecond.toFixed(0)}, ${(r.routedPerSecond / r.baselinePerSecond).toFixed(2)} | ${r.drainedPerSecond.toFixed(0)}, ${(r.drainedPerSecond / r.baselinePerSecond).toFixed(2)} |`);
  }
}
if (suites.includes('metrics')) {
  const conversations = Number(process.env.BENCH_METRICS_CONVERSATIONS ?? 100_000);
  console.log(`\n# Metrics — ${new Date().toISOString().slice(0, 10)} — ${machine}\n`);
  console.log('| engine | conversations / events | seed s | rebuild events/s | baseline p95 ms | summary 90 d p50 / p95 ms | agents 90 d p95 ms | series 90 d p95 ms | load 90 d p95 ms | summary 7 d p95 ms | live p50 / p95 ms |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const engine of engines) {
    const r = await benchMetrics(engine, engine === 'pglite' ? Math.round(conversations / 10) : conversations);
    const f = (n: number) => n.toFixed(1);
    console.log(`| ${engine} | ${r.conversations.toLocaleString('en')} / ${r.events.toLocaleString('en')} | ${r.seedSeconds.toFixed(0)} | ${r.rebuildEventsPerSecond.toFixed(0)} | ${f(r.baselineP95)} | ${f(r.summary90.p50)} / ${f(r.summary90.p95)} | ${f(r.agents90.p95)} | ${f(r.series90.p95)} | ${f(r.load90.p95)} | ${f(r.summary7.p95)} | ${f(r.live.p50)} / ${f(r.live.p95)} |`);
  }
}
if (suites.includes('regex')) {
  // No database: admins' regular expressions on customer texts, RE2JS and the native binding against RegExp.
  const r = benchRegex();
  const f = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n < 10 ? n.toFixed(2) : n.toFixed(0));
  const [baseline, ...others] = r.engines;
  console.log(`\n# Regular expressions — ${new Date().toISOString().slice(0, 10)} — ${machine}\n\n${r.re2Note}\n`);
  console.log(`| pattern, over 4,000-character texts | ${r.engines.map((name) => `${name} µs/text`).join(' | ')} | ${others.map((name) => `${name} ÷ ${baseline}`).join(' | ')} |`);
  console.log(`|---|${r.engines.map(() => '---|').join('')}${others.map(() => '---|').join('')}`);
  for (const row of r.typical) {
    const base = row.microsPerText[baseline!]!;
    console.log(`| \`${row.pattern.replaceAll('|', '\\|')}\` | ${r.engines.map((name) => f(row.microsPerText[name])).join(' | ')} | ${others.map((name) => (row.microsPerText[name]! / base).toFixed(2)).join(' | ')} |`);
  }
  console.log(`\n| \`(a+)+$\` on n × a + ! | ${r.engines.map((name) => `${name} ms`).join(' | ')} |`);
  console.log(`|---|${r.engines.map(() => '---|').join('')}`);
  for (const row of r.evil) console.log(`| ${row.n} | ${r.engines.map((name) => f(row.millis[name])).join(' | ')} |`);
  console.log(`\n| costliest patterns under the size cap, on 4,000 characters: first call / slowest of 3 later ones | ${r.engines.map((name) => `${name} ms`).join(' | ')} |`);
  console.log(`|---|${r.engines.map(() => '---|').join('')}`);
  for (const row of r.worstAtCap) console.log(`| \`${row.pattern.replaceAll('|', '\\|')}\` | ${r.engines.map((name) => `${f(row.firstMillis[name])} / ${f(row.laterMillis[name])}`).join(' | ')} |`);
}
process.exit(0);
