import { readFileSync } from 'node:fs';
import path from 'node:path';
import { signWebhookBody } from '../../server/channels/whatsapp/signature.js';
import type { TestApp } from './app.js';

export const fixturesDir = path.resolve('test/fixtures/whatsapp');

export function readFixture(relative: string): unknown {
  return JSON.parse(readFileSync(path.join(fixturesDir, relative), 'utf8'));
}

/** Serialises like Meta: non-ASCII escaped as \uXXXX, so the signed bytes are pure ASCII. */
export function metaJson(payload: unknown): string {
  return JSON.stringify(payload).replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Points every change at the number under test and gives every wamid a unique suffix. */
export function retarget(payload: unknown, phoneNumberId: string, suffix: string): any {
  const copy = JSON.parse(JSON.stringify(payload));
  for (const entry of copy.entry ?? []) {
    for (const change of entry.changes ?? []) {
      if (change.value?.metadata) change.value.metadata.phone_number_id = phoneNumberId;
      for (const message of change.value?.messages ?? []) message.id = `${message.id}-${suffix}`;
      for (const status of change.value?.statuses ?? []) status.id = `${status.id}-${suffix}`;
    }
  }
  return copy;
}

export async function postWebhook(t: TestApp, body: string, secret: string, signature?: string) {
  return t.app.inject({
    method: 'POST',
    url: '/webhooks/whatsapp',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature ?? signWebhookBody(body, secret) },
    payload: body,
  });
}
