import http from 'node:http';
import https from 'node:https';
import { randomUUID } from 'node:crypto';
import type { Activity } from './activity.js';
import { mergePayloads, wamidsOf, type WebhookPayload } from './payloads.js';
import type { DeliveryOptions, DeliveryRecord, RetryPolicy, SimulatorLogger } from './types.js';
import { serialiseLikeMeta, sha1SignatureOf, signatureOf } from './webhook-json.js';

export type DeliveryTarget = { phoneNumberId: string; url: string; appSecret: string };

type Queued = { record: DeliveryRecord; appSecret: string; end: () => void };
type Collected = { target: DeliveryTarget; payload: WebhookPayload; options: DeliveryOptions };

export type DelivererOptions = {
  policy: RetryPolicy;
  /** First attempts in flight per webhook URL; 1 keeps them in emission order. */
  concurrency: number;
  escapeSlashes: boolean;
  activity: Activity;
  logger?: SimulatorLogger;
  /** Oldest finished deliveries are forgotten past this many records. */
  maxLogEntries?: number;
};

/**
 * Posts webhooks like Meta: signed exact bytes, 200 = acknowledged, anything else (status, refused
 * connection, timeout) is retried immediately and then with exponential backoff until the attempt
 * or age limit. Every delivery is logged with its attempts.
 */
export class WebhookDeliverer {
  private readonly log: DeliveryRecord[] = [];
  private readonly queues = new Map<string, { waiting: Queued[]; running: number }>();
  private readonly inFlight = new Set<http.ClientRequest>();
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private collectors: Collected[][] = [];
  private stopped = false;

  constructor(private readonly options: DelivererOptions) {}

  /** Queues a payload for delivery (or adds it to the open batch); returns the records created. */
  deliver(target: DeliveryTarget, payload: WebhookPayload, options: DeliveryOptions = {}): DeliveryRecord[] {
    const collector = this.collectors.at(-1);
    if (collector) {
      collector.push({ target, payload, options });
      return [];
    }
    const copies = Math.max(1, Math.floor(options.duplicates ?? 1));
    const body = serialiseLikeMeta(payload, { escapeSlashes: this.options.escapeSlashes });
    const signature = signatureOf(body, target.appSecret);
    const records: DeliveryRecord[] = [];
    for (let copy = 0; copy < copies; copy += 1) {
      const record: DeliveryRecord = {
        id: randomUUID(),
        phoneNumberId: target.phoneNumberId,
        url: target.url,
        body,
        signature,
        payload,
        wamids: wamidsOf(payload),
        createdAt: Date.now(),
        attempts: [],
        state: 'pending',
        ...(copy > 0 ? { duplicateOf: records[0]!.id } : {}),
      };
      records.push(record);
      this.remember(record);
      const queued = { record, appSecret: target.appSecret, end: this.options.activity.begin() };
      if (copy > 0 && options.concurrentDuplicates) void this.attempt(queued);
      else this.enqueue(queued);
    }
    if (options.concurrentDuplicates && records.length > 1) {
      // The original must not wait in the queue while its copies race: start it now too.
      this.startNow(records[0]!.id);
    }
    return records;
  }

  /** Everything delivered while `work` runs goes out merged into one POST per receiver. */
  async batch<T>(work: () => Promise<T> | T, options: DeliveryOptions = {}): Promise<T> {
    const collected: Collected[] = [];
    this.collectors.push(collected);
    try {
      return await work();
    } finally {
      this.collectors = this.collectors.filter((c) => c !== collected);
      const groups = new Map<string, Collected[]>();
      for (const item of collected) {
        const key = `${item.target.url}\n${item.target.appSecret}`;
        groups.set(key, [...(groups.get(key) ?? []), item]);
      }
      for (const items of groups.values()) {
        this.deliver(items[0]!.target, mergePayloads(items.map((item) => item.payload)), { ...items[0]!.options, ...options });
      }
    }
  }

  records(filter: { phoneNumberId?: string; state?: DeliveryRecord['state'] } = {}): DeliveryRecord[] {
    return this.log.filter(
      (record) => (!filter.phoneNumberId || record.phoneNumberId === filter.phoneNumberId) && (!filter.state || record.state === filter.state),
    );
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.retryTimers) clearTimeout(timer);
    for (const request of this.inFlight) request.destroy();
  }

  private remember(record: DeliveryRecord): void {
    this.log.push(record);
    const max = this.options.maxLogEntries ?? 10_000;
    while (this.log.length > max) {
      const index = this.log.findIndex((entry) => entry.state !== 'pending');
      if (index < 0) break;
      this.log.splice(index, 1);
    }
  }

  private enqueue(item: Queued): void {
    const queue = this.queues.get(item.record.url) ?? { waiting: [], running: 0 };
    this.queues.set(item.record.url, queue);
    queue.waiting.push(item);
    this.pump(item.record.url);
  }

  private startNow(recordId: string): void {
    for (const [url, queue] of this.queues) {
      const index = queue.waiting.findIndex((item) => item.record.id === recordId);
      if (index < 0) continue;
      const [item] = queue.waiting.splice(index, 1);
      void this.attempt(item!);
      this.pump(url);
    }
  }

  private pump(url: string): void {
    const queue = this.queues.get(url);
    if (!queue) return;
    while (queue.running < this.options.concurrency && queue.waiting.length > 0) {
      const item = queue.waiting.shift()!;
      queue.running += 1;
      void this.attempt(item).finally(() => {
        queue.running -= 1;
        this.pump(url);
      });
    }
  }

  private async attempt(item: Queued): Promise<void> {
    if (this.stopped) return item.end();
    const { record } = item;
    const started = Date.now();
    const outcome = await this.post(record, item.appSecret);
    record.attempts.push({ at: started, durationMs: Date.now() - started, ...outcome });
    if (outcome.status === 200) {
      record.state = 'delivered';
      delete record.nextAttemptAt;
      return item.end();
    }
    const { policy } = this.options;
    const attempts = record.attempts.length;
    const delay = attempts === 1 ? 0 : Math.min(policy.maxDelayMs, policy.baseMs * 2 ** (attempts - 2));
    const tooMany = policy.maxAttempts > 0 && attempts >= policy.maxAttempts;
    const tooOld = Date.now() + delay - record.createdAt > policy.maxAgeMs;
    this.options.logger?.warn({ url: record.url, attempt: attempts, ...outcome }, 'simulator: webhook delivery failed');
    if (tooMany || tooOld || this.stopped) {
      record.state = 'failed';
      delete record.nextAttemptAt;
      return item.end();
    }
    record.nextAttemptAt = Date.now() + delay;
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      void this.attempt(item);
    }, delay);
    this.retryTimers.add(timer);
  }

  private post(record: DeliveryRecord, appSecret: string): Promise<{ status?: number; error?: string }> {
    return new Promise((resolve) => {
      let url: URL;
      try {
        url = new URL(record.url);
      } catch {
        return resolve({ error: `invalid webhook URL ${record.url}` });
      }
      const transport = url.protocol === 'https:' ? https : http;
      const request = transport.request(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(record.body),
          'user-agent': 'facebookexternalua',
          'x-hub-signature': sha1SignatureOf(record.body, appSecret),
          'x-hub-signature-256': record.signature,
        },
        timeout: this.options.policy.timeoutMs,
      });
      this.inFlight.add(request);
      const finish = (outcome: { status?: number; error?: string }) => {
        this.inFlight.delete(request);
        resolve(outcome);
      };
      request.on('timeout', () => request.destroy(new Error(`timed out after ${this.options.policy.timeoutMs} ms`)));
      request.on('error', (error: NodeJS.ErrnoException) => finish({ error: error.code ?? error.message }));
      request.on('response', (response) => {
        response.resume();
        response.on('end', () => finish({ status: response.statusCode }));
        response.on('error', (error) => finish({ status: response.statusCode, error: error.message }));
      });
      request.end(record.body);
    });
  }
}
