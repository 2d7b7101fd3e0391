import { Agent, request } from 'undici';

/**
 * The inbox bench's load generator as its own process (`node bin/run-ts.mjs bench/inbox-load.ts
 * <url> <concurrency> <seconds>`, the API token in BENCH_TOKEN): closed loop, `concurrency` requests
 * in flight, then one JSON line with the throughput and latencies. In its own process it does not
 * take the server's event loop, as real clients would not.
 */
const [url, concurrency, seconds] = [process.argv[2]!, Number(process.argv[3]), Number(process.argv[4])];
const headers = { authorization: `Bearer ${process.env.BENCH_TOKEN}` };
const dispatcher = new Agent({ connections: 64 });

async function once() {
  const started = performance.now();
  const response = await request(url, { headers, dispatcher });
  await response.body.text();
  if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode}`);
  return performance.now() - started;
}

for (let i = 0; i < 50; i++) await once();
const latencies: number[] = [];
const deadline = performance.now() + seconds * 1000;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (performance.now() < deadline) latencies.push(await once());
  }),
);
latencies.sort((a, b) => a - b);
const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
console.log(JSON.stringify({ requests: latencies.length, perSecond: latencies.length / seconds, p50: at(50), p95: at(95) }));
await dispatcher.close();
