import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startSimulator, type Simulator, type SimulatorOptions } from '../index.js';
import type { AddNumberOptions, BusinessNumber } from '../types.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

/** A simulator with one number whose webhooks land in a signature-checking receiver. */
export type Harness = {
  sim: Simulator;
  receiver: WebhookReceiver;
  number: BusinessNumber;
  /** Calls the simulator's Graph API with the number's token (or `token`). */
  graph: (method: string, path: string, body?: unknown, token?: string | null) => Promise<{ status: number; json: any; headers: Headers }>;
  send: (message: Record<string, unknown>) => Promise<{ status: number; json: any }>;
  close: () => Promise<void>;
};

let counter = 0;

export async function startHarness(options: { sim?: SimulatorOptions; number?: Partial<AddNumberOptions> } = {}): Promise<Harness> {
  counter += 1;
  const appSecret = `app-secret-${counter}`;
  const receiver = await startWebhookReceiver({ appSecret, verifyToken: 'verify-me' });
  const sim = await startSimulator({ retryBaseMs: 5, customerDefaults: { delaysMs: { sent: 2, delivered: 2, read: 2, played: 2 } }, ...options.sim });
  const number = sim.addNumber({
    phoneNumberId: `10654035224${String(2900 + counter)}`,
    wabaId: `10229012934${String(3900 + counter)}`,
    displayPhoneNumber: '+1 555-078-3881',
    verifiedName: 'Ferretería Norte',
    accessToken: `EAAG-token-${counter}`,
    appSecret,
    webhookUrl: receiver.url,
    verifyToken: 'verify-me',
    ...options.number,
  });
  const graph: Harness['graph'] = async (method, path, body, token = number.accessToken) => {
    const headers: Record<string, string> = {};
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${sim.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: response.status, json, headers: response.headers };
  };
  return {
    sim,
    receiver,
    number,
    graph,
    send: (message) => graph('POST', `/v23.0/${number.phoneNumberId}/messages`, { messaging_product: 'whatsapp', recipient_type: 'individual', ...message }),
    close: async () => {
      await sim.stop();
      await receiver.close();
    },
  };
}

/** The webhook fixtures: the repo's copy (test/fixtures), or the shared one beside the checkout. */
export function fixturesDir(): string {
  const inRepo = fileURLToPath(new URL('../../../test/fixtures/whatsapp/', import.meta.url));
  return existsSync(inRepo) ? inRepo : fileURLToPath(new URL('../../../../shared/fixtures/whatsapp/', import.meta.url));
}

export function readFixture(relative: string): any {
  return JSON.parse(readFileSync(`${fixturesDir()}${relative}`, 'utf8'));
}

/** The first change value of a webhook payload. */
export function valueOf(payload: any): any {
  return payload.entry[0].changes[0].value;
}

/**
 * The structure of a JSON value without its data: objects become their sorted keys with shapes,
 * arrays the shape of their first item, scalars their type. Builders must match fixtures on this.
 */
export function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? [shapeOf(value[0])] : [];
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, shapeOf((value as Record<string, unknown>)[key])]));
  }
  return typeof value;
}
