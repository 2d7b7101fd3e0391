import { cpus, totalmem } from 'node:os';
import { benchInbound, type RateResult } from './inbound-webhooks.js';

/**
 * `npm run bench`: inbound WhatsApp webhooks at rising offered rates on PGlite and PostgreSQL.
 * Prints a Markdown table for docs/benchmarks.md. BENCH_SECONDS / BENCH_RATES tune the run.
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const rates = (process.env.BENCH_RATES ?? '100,300,600,1000,1500').split(',').map(Number);
const engines = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',') as ('pglite' | 'postgres')[];

const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
console.log(`# Inbound webhooks — ${new Date().toISOString().slice(0, 10)} — ${machine}\n`);
for (const engine of engines) {
  const engineRates = engine === 'pglite' ? rates.filter((rate) => rate <= 600) : rates;
  const { results, baseline, unprocessed } = await benchInbound(engine, engineRates, seconds);
  console.log(`## ${engine}: raw single-row inserts ${baseline.toFixed(0)}/s (baseline, same run)\n`);
  console.log('| offered msg/s | messages | processed msg/s | ratio to raw inserts | ack p50 ms | ack p99 ms | event-loop delay p99 ms | drain after last send s |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of results as RateResult[]) {
    console.log(`| ${r.offered} | ${r.sent} | ${r.processedPerSecond.toFixed(0)} | ${(r.processedPerSecond / baseline).toFixed(2)} | ${r.ackP50.toFixed(1)} | ${r.ackP99.toFixed(1)} | ${r.loopDelayP99.toFixed(1)} | ${Math.max(0, r.drainSeconds).toFixed(1)} |`);
  }
  console.log(`\nPayloads not processed at the end: ${unprocessed}\n`);
}
process.exit(0);
