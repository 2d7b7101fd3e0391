import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny webhook endpoint for the simulator's own tests: verifies the signature on the raw bytes,
 * records every POST and answers with whatever status the test scripts.
 */

export type ReceivedWebhook = {
  raw: Buffer;
  body: unknown;
  headers: http.IncomingHttpHeaders;
  signatureValid: boolean;
  status: number;
};

export type WebhookReceiver = {
  url: string;
  port: number;
  received: ReceivedWebhook[];
  /** Bodies of the acknowledged (200) posts. */
  acknowledged(): unknown[];
  /** Status for the next POSTs, e.g. `[500, 500]` then 200 (the default); -1 = never answer. */
  respondWith(statuses: number[]): void;
  /** Waits until `count` posts were acknowledged. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  verifyToken?: string;
  close(): Promise<void>;
  /** Stops listening but remembers the port, to simulate the receiver being down. */
  goDown(): Promise<void>;
  comeBack(): Promise<void>;
};

export async function startWebhookReceiver(options: { appSecret: string; verifyToken?: string; port?: number }): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let script: number[] = [];
  const handler: http.RequestListener = (request, response) => {
    if (request.method === 'GET') {
      const url = new URL(request.url ?? '/', 'http://receiver');
      const ok = url.searchParams.get('hub.mode') === 'subscribe' && url.searchParams.get('hub.verify_token') === options.verifyToken;
      response.writeHead(ok ? 200 : 403, { 'content-type': 'text/plain' }).end(ok ? url.searchParams.get('hub.challenge') ?? '' : 'forbidden');
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      const expected = `sha256=${createHmac('sha256', options.appSecret).update(raw).digest('hex')}`;
      const given = String(request.headers['x-hub-signature-256'] ?? '');
      const signatureValid = given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
      const status = script.shift() ?? 200;
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        body = undefined;
      }
      received.push({ raw, body, headers: request.headers, signatureValid, status });
      // -1 scripts a receiver that never answers (the sender's timeout must kick in).
      if (status !== -1) response.writeHead(status).end();
    });
  };
  let server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });

  return {
    url: `http://127.0.0.1:${port}/webhook`,
    port,
    received,
    verifyToken: options.verifyToken,
    acknowledged: () => received.filter((r) => r.status === 200).map((r) => r.body),
    respondWith(statuses) {
      script = [...statuses];
    },
    async waitFor(count, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.filter((r) => r.status === 200).length < count) {
        if (Date.now() > deadline) throw new Error(`Receiver got ${received.filter((r) => r.status === 200).length} of ${count} webhooks`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return received.filter((r) => r.status === 200);
    },
    close,
    goDown: close,
    async comeBack() {
      server = http.createServer(handler);
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    },
  };
}
