import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  validateGraphError,
  validateMediaLookupResponse,
  validateSendMessageRequest,
  validateSendMessageResponse,
  validateTemplatesResponse,
  validateWebhookPayload,
} from './meta-schema.js';
import { fixturesDir } from './testing/harness.js';

const doc = parse(readFileSync(new URL('./meta-openapi/business-messaging-api_v23.0.yaml', import.meta.url), 'utf8'), { uniqueKeys: false });

/** Placeholders in Meta's examples that are not values (`<http(s)://audio-url>`, `<HEADER_TYPE>`). */
function fillPlaceholders(value: unknown): unknown {
  if (typeof value === 'string') {
    if (value.startsWith('<http') || value.startsWith('http(s)')) return 'https://example.com/media';
    if (value === '<HEADER_TYPE>') return 'text';
    return value;
  }
  if (Array.isArray(value)) return value.map(fillPlaceholders);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillPlaceholders(v)]));
  return value;
}

/** pywa cases outside the Cloud API v23 webhook contract: edits, revokes and SMB-app echoes. */
const NOT_IN_META_CONTRACT = ['deleted_message.json', 'edited_message.json', 'outgoing_message.json'];

describe("Meta's OpenAPI document as the oracle", () => {
  it("accepts every send example Meta ships (placeholders filled), except the one that omits its type", () => {
    const examples = doc.paths['/{Version}/{Phone-Number-ID}/messages'].post.requestBody.content['application/json'].examples as Record<string, { value: unknown }>;
    const failures = Object.entries(examples)
      .map(([name, example]) => ({ name, result: validateSendMessageRequest(fillPlaceholders(example.value)) }))
      .filter(({ result }) => !result.valid);
    expect(Object.keys(examples).length).toBeGreaterThan(40);
    // Meta's "Send Reply to List Message" sends `interactive` without `type: "interactive"`.
    expect(failures.map((f) => f.name)).toEqual(['Send Reply to List Message']);
  });

  it('accepts every webhook fixture (Meta, statuses, whatsapp-api-js, pywa)', () => {
    const root = fixturesDir();
    let checked = 0;
    for (const dir of ['meta-openapi-examples', 'statuses', 'whatsapp-api-js', 'pywa']) {
      for (const file of readdirSync(`${root}${dir}`).filter((f) => f.endsWith('.json') && !NOT_IN_META_CONTRACT.includes(f))) {
        const data = JSON.parse(readFileSync(`${root}${dir}/${file}`, 'utf8'));
        const cases: [string, unknown][] = dir === 'pywa' ? Object.entries(data) : [[file, data]];
        for (const [name, body] of cases) {
          expect({ name: `${dir}/${file}#${name}`, ...validateWebhookPayload(body) }).toEqual({ name: `${dir}/${file}#${name}`, valid: true, errors: [] });
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(60);
  });

  it('explains what is wrong with a bad send request', () => {
    const result = validateSendMessageRequest({ messaging_product: 'whatsapp', to: '1650555', type: 'text', text: { body: 'x' }, colour: 'red' });
    expect(result).toEqual({ valid: false, errors: ['(root): unexpected property colour'] });
    expect(validateSendMessageRequest({ messaging_product: 'whatsapp', to: '1', type: 'image', image: {} }).valid).toBe(false);
    expect(validateSendMessageRequest({ messaging_product: 'whatsapp', to: '1', type: 'poll', poll: {} }).errors[0]).toMatch(/\/type: must be one of text, audio/);
    expect(validateSendMessageRequest({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.X', typing_indicator: { type: 'text' } }).valid).toBe(true);
  });

  it('rejects webhooks that break the contract', () => {
    const status = readFixture('statuses/sent.json');
    status.entry[0].changes[0].value.statuses[0].status = 'seen';
    expect(validateWebhookPayload(status).valid).toBe(false);
    const text = readFixture('meta-openapi-examples/text-message.json');
    delete text.entry[0].changes[0].value.messages[0].timestamp;
    expect(validateWebhookPayload(text).errors).toEqual(['/entry/0/changes/0/value/messages/0: missing required property timestamp']);
    text.entry[0].changes[0].value.messages[0].timestamp = 1750000000;
    expect(validateWebhookPayload(text).valid).toBe(false);
  });

  it('checks Graph responses and errors', () => {
    expect(validateSendMessageResponse({ messaging_product: 'whatsapp', contacts: [{ input: '+1', wa_id: '1' }], messages: [{ id: 'wamid.X' }] }).valid).toBe(true);
    expect(validateSendMessageResponse({ messages: [{ id: 7 }] }).valid).toBe(false);
    expect(validateGraphError({ error: { message: '(#100) Invalid parameter', type: 'OAuthException', code: 100, fbtrace_id: 'A' } }).valid).toBe(true);
    expect(validateGraphError({ error: { message: 'x', code: '100' } }).valid).toBe(false);
    expect(validateMediaLookupResponse({ url: 'u', mime_type: 'image/png', sha256: 'h', file_size: 303833, id: '1' }).valid).toBe(false);
    expect(validateTemplatesResponse({ data: [{ name: 'x', language: 'es', status: 'APPROVED', category: 'UTILITY', components: [], id: '1' }], paging: {} }).valid).toBe(true);
  });
});

function readFixture(relative: string): any {
  return JSON.parse(readFileSync(`${fixturesDir()}${relative}`, 'utf8'));
}
