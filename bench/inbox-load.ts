import net from 'node:net';

/**
 * The inbox bench's load generator as its own process (`node bin/run-ts.mjs bench/inbox-load.ts
 * <url>[,<url>…] <concurrency> <seconds>`, the API token in BENCH_TOKEN): closed loop over
 * `concurrency` keep-alive connections (spread over the URLs, as a load balancer in front of several
 * server processes would), then one JSON line with the throughput, latencies and this process's own
 * CPU per request. It speaks just enough HTTP/1.1 to time a request (status line, Content-Length,
 * body bytes) so that on a machine it shares with the server it takes as little CPU as wrk would,
 * and the figure measures the server rather than the client.
 */
const [urls, concurrency, seconds] = [process.argv[2]!.split(','), Number(process.argv[3]), Number(process.argv[4])];
const token = process.env.BENCH_TOKEN ?? '';

type Result = { status: number; ms: number };

/** One persistent connection that sends one request at a time and parses just the framing. */
function connection(target: URL) {
  const socket = net.connect(Number(target.port), target.hostname);
  socket.setNoDelay(true);
  const request = Buffer.from(`GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\nAuthorization: Bearer ${token}\r\nAccept: application/json\r\n\r\n`);
  let pending: { resolve: (result: Result) => void; reject: (error: Error) => void; started: number } | null = null;
  let buffered = Buffer.alloc(0);
  let status = 0;
  let bodyLeft = -1;
  socket.on('data', (chunk) => {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    if (bodyLeft < 0) {
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buffered.subarray(0, end).toString('latin1');
      status = Number(head.slice(9, 12));
      const length = /\r\ncontent-length: *(\d+)/i.exec(head);
      if (!length) return fail(new Error(`${target}: no Content-Length in the response`));
      bodyLeft = Number(length[1]);
      buffered = buffered.subarray(end + 4);
    }
    if (buffered.length < bodyLeft) return;
    const done = pending!;
    pending = null;
    buffered = buffered.subarray(bodyLeft);
    bodyLeft = -1;
    done.resolve({ status, ms: performance.now() - done.started });
  });
  const fail = (error: Error) => {
    pending?.reject(error);
    pending = null;
  };
  socket.on('error', fail);
  socket.on('close', () => fail(new Error(`${target}: connection closed`)));
  return {
    send: () =>
      new Promise<Result>((resolve, reject) => {
        pending = { resolve, reject, started: performance.now() };
        socket.write(request);
      }),
    close: () => socket.end(),
  };
}

const connections = Array.from({ length: concurrency }, (_, i) => connection(new URL(urls[i % urls.length]!)));
async function once(conn: ReturnType<typeof connection>) {
  const { status, ms } = await conn.send();
  if (status !== 200) throw new Error(`${urls.join(',')}: ${status}`);
  return ms;
}

for (let i = 0; i < 50; i++) await once(connections[i % connections.length]!);
const cpuBefore = process.cpuUsage();
const latencies: number[] = [];
const deadline = performance.now() + seconds * 1000;
await Promise.all(
  connections.map(async (conn) => {
    while (performance.now() < deadline) latencies.push(await once(conn));
  }),
);
const cpu = process.cpuUsage(cpuBefore);
latencies.sort((a, b) => a - b);
const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
console.log(
  JSON.stringify({ requests: latencies.length, perSecond: latencies.length / seconds, p50: at(50), p95: at(95), clientCpuMsPerRequest: (cpu.user + cpu.system) / 1000 / latencies.length }),
);
for (const conn of connections) conn.close();
