import type { FastifyInstance } from 'fastify';
import { graphError, unknownObjectError } from './error-codes.js';
import { runGraphCall, VERSION_PATTERN } from './graph-pipeline.js';
import { deleteMedia, lookupMedia, registerMediaRoutes } from './media-routes.js';
import { sendMessage, type GraphResult } from './send-message.js';
import type { SimulatorState } from './state.js';
import { presentTemplate } from './templates.js';
import type { BusinessNumber } from './types.js';

/** `GET /{ver}/{phone-number-id}`: what Bandeja's "check credentials" reads. */
function presentPhoneNumber(number: BusinessNumber, fields?: string): Record<string, unknown> {
  const all: Record<string, unknown> = {
    verified_name: number.verifiedName,
    code_verification_status: 'VERIFIED',
    display_phone_number: number.displayPhoneNumber,
    quality_rating: number.qualityRating,
    platform_type: 'CLOUD_API',
    throughput: { level: number.throughputPerSecond && number.throughputPerSecond > 80 ? 'HIGH' : 'STANDARD' },
    name_status: 'APPROVED',
    messaging_limit_tier: 'TIER_1K',
    id: number.phoneNumberId,
  };
  if (!fields) {
    const { verified_name, code_verification_status, display_phone_number, quality_rating, platform_type, throughput, id } = all;
    return { verified_name, code_verification_status, display_phone_number, quality_rating, platform_type, throughput, id };
  }
  const wanted = new Set(fields.split(',').map((field) => field.trim()));
  return Object.fromEntries(Object.entries(all).filter(([key]) => wanted.has(key) || key === 'id'));
}

function listTemplates(state: SimulatorState, wabaId: string, query: Record<string, string | undefined>): GraphResult {
  let templates = state.numbers.templatesOf(wabaId).map(presentTemplate);
  if (query.name) templates = templates.filter((template) => template.name.includes(query.name!));
  if (query.status) templates = templates.filter((template) => template.status === query.status!.toUpperCase());
  if (query.language) templates = templates.filter((template) => template.language === query.language);
  const limit = Math.max(1, Number(query.limit) || 25);
  const start = query.after ? Number(Buffer.from(query.after, 'base64url').toString()) || 0 : 0;
  const page = templates.slice(start, start + limit);
  const cursor = (index: number) => Buffer.from(String(index)).toString('base64url');
  const paging: Record<string, unknown> = { cursors: { before: cursor(start), after: cursor(start + page.length) } };
  if (start + limit < templates.length) paging.next = `${state.baseUrl()}/v23.0/${wabaId}/message_templates?limit=${limit}&after=${cursor(start + page.length)}`;
  return { status: 200, body: { data: page, paging } };
}

/** The Graph API surface Bandeja's WhatsApp client talks to (spec §1, §8, §11). */
export function registerGraphRoutes(app: FastifyInstance, state: SimulatorState): void {
  registerMediaRoutes(app, state);

  app.post('/:version/:phoneNumberId/messages', async (request, reply) => {
    const { version, phoneNumberId } = request.params as { version: string; phoneNumberId: string };
    const number = state.numbers.get(phoneNumberId);
    return runGraphCall(state, request, reply, {
      endpoint: 'messages',
      owners: number ? [number] : [],
      handle: ({ number: owner, fault }) => sendMessage(state, owner, request.body, version, fault),
    });
  });

  app.get('/:version/:objectId', async (request, reply) => {
    const { objectId } = request.params as { objectId: string };
    const query = request.query as Record<string, string | undefined>;
    const number = state.numbers.get(objectId);
    if (number) {
      return runGraphCall(state, request, reply, {
        endpoint: 'phone-number',
        owners: [number],
        handle: ({ number: owner }) => ({ status: 200, body: presentPhoneNumber(owner, query.fields) }),
      });
    }
    const media = state.media.get(objectId);
    const owner = media ? state.numbers.get(media.ownerPhoneNumberId) : undefined;
    // Graph checks the media belongs to phone_number_id when the query names one.
    const mismatch = query.phone_number_id !== undefined && media?.ownerPhoneNumberId !== query.phone_number_id;
    return runGraphCall(state, request, reply, {
      endpoint: 'media-lookup',
      owners: owner ? [owner] : [],
      handle: () => (mismatch ? unknownObjectError('get', objectId) : lookupMedia(state, objectId)),
    });
  });

  app.delete('/:version/:objectId', async (request, reply) => {
    const { objectId } = request.params as { objectId: string };
    const media = state.media.get(objectId);
    const owner = media ? state.numbers.get(media.ownerPhoneNumberId) : undefined;
    return runGraphCall(state, request, reply, {
      endpoint: 'media-delete',
      owners: owner ? [owner] : [],
      handle: () => deleteMedia(state, objectId),
    });
  });

  app.get('/:version/:wabaId/message_templates', async (request, reply) => {
    const { wabaId } = request.params as { wabaId: string };
    return runGraphCall(state, request, reply, {
      endpoint: 'templates',
      owners: state.numbers.inWaba(wabaId),
      handle: () => listTemplates(state, wabaId, request.query as Record<string, string | undefined>),
    });
  });

  app.get('/:version/:wabaId/phone_numbers', async (request, reply) => {
    const { wabaId } = request.params as { wabaId: string };
    const numbers = state.numbers.inWaba(wabaId);
    return runGraphCall(state, request, reply, {
      endpoint: 'phone-numbers',
      owners: numbers,
      handle: () => ({ status: 200, body: { data: numbers.map((n) => presentPhoneNumber(n)), paging: { cursors: { before: 'QVFI', after: 'QVFI' } } } }),
    });
  });
}

/** Graph-shaped answers for what Fastify rejects before a handler runs (bad JSON, unknown path). */
export function graphFallbacks(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    const [first] = request.url.split('?')[0]!.split('/').filter(Boolean);
    if (first && VERSION_PATTERN.test(first)) {
      const { status, body } = graphError(2500, { message: `Unknown path components: ${request.url.split('?')[0]!.slice(first.length + 1)}` });
      return reply.code(status).send(body);
    }
    return reply.code(404).send({ error: { code: 'not_found', message: `No simulator route ${request.method} ${request.url}` } });
  });
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (request.url.startsWith('/_sim')) return reply.code(status).send({ error: { code: 'simulator_error', message: error.message } });
    const { body } = graphError(status >= 500 ? 1 : 100, { details: error.message });
    return reply.code(status >= 500 ? 500 : 400).send(body);
  });
}
