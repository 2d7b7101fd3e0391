import { createHash } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Channel } from '../../contracts/channels.js';
import { ErrorResponse } from '../../contracts/common.js';
import { Contact, Conversation, Message } from '../../contracts/conversations.js';
import { Member } from '../../contracts/members.js';
import { AgentRouting, Rule, Schedule, TeamRouting } from '../../contracts/routing.js';
import type { Api } from './route-types.js';

// Shapes many routes share (every error response; conversations, messages, schedules, rules…) are
// named once under components and referenced, instead of inlined in each route: Swagger UI parses
// the whole document before it shows anything, and inlined it was 460 KiB (5 s on a 2-vCPU machine).
const documentedSchemas = z.registry<{ id: string }>();
for (const [schema, id] of [
  [ErrorResponse, 'Error'],
  [Conversation, 'Conversation'],
  [Message, 'Message'],
  [Contact, 'Contact'],
  [Schedule, 'Schedule'],
  [Rule, 'Rule'],
  [AgentRouting, 'AgentRouting'],
  [TeamRouting, 'TeamRouting'],
  [Member, 'Member'],
  [Channel, 'Channel'],
] as const) {
  documentedSchemas.add(schema, { id });
}

// Noise repeated in hundreds of fields: z.uuid()'s 180-character pattern ("format: uuid" says the
// same) and z.int()'s ±(2^53 − 1) bounds (every JSON integer a client can send is within them).
const zodToJsonConfig = {
  override: ({ jsonSchema }: { jsonSchema: { format?: string; pattern?: string; minimum?: number; maximum?: number } }) => {
    if (jsonSchema.format === 'uuid') delete jsonSchema.pattern;
    if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
    if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
  },
};

/** The document as served: generated once, when the server is ready, then the same bytes and ETag for everyone. */
type ServedDocument = { json: string; etag: string };

/**
 * The OpenAPI 3.1 document (from the routes' zod schemas) at /api/v1/openapi.json and /api/docs/json,
 * and Swagger UI at /api/docs with every tag collapsed, so the page shows the operations list at once.
 */
export async function registerOpenApi(app: Api) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Bandeja API',
        version: '1',
        description:
          'Authenticate with a session cookie (plus X-CSRF-Token on writes) or an API token: `Authorization: Bearer bdj_…`. Errors are `{ "error": { "code", "message", "details" } }`.',
      },
      components: {
        securitySchemes: {
          apiToken: { type: 'http', scheme: 'bearer', description: 'API token created in Ajustes → API' },
          session: { type: 'apiKey', in: 'cookie', name: 'bandeja_session' },
        },
      },
      security: [{ apiToken: [] }, { session: [] }],
    },
    transform: createJsonSchemaTransform({ schemaRegistry: documentedSchemas, zodToJsonConfig }),
    transformObject: createJsonSchemaTransformObject({ schemaRegistry: documentedSchemas, zodToJsonConfig }),
  });

  let served: ServedDocument | undefined;
  const document = (): ServedDocument => {
    if (!served) {
      const json = JSON.stringify(app.swagger());
      served = { json, etag: `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"` };
    }
    return served;
  };
  // Generating walks every route's schemas (a few hundred ms): done just after start (readiness does
  // not wait for it), not by the first reader.
  app.addHook('onReady', async () => {
    setTimeout(() => document(), 1000).unref();
  });

  /** The body to send (empty for a 304), with the headers set on `reply`. */
  const answer = (request: FastifyRequest, reply: FastifyReply): string => {
    const { json, etag } = document();
    // The document only changes with a new server version: a browser revalidates and gets 304.
    reply.header('etag', etag).header('cache-control', 'no-cache');
    if (request.headers['if-none-match'] === etag) {
      reply.code(304);
      return '';
    }
    reply.type('application/json; charset=utf-8');
    return json;
  };

  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { docExpansion: 'none', deepLinking: true, defaultModelsExpandDepth: -1 },
    // Our own answer for /api/docs/json: the cached bytes, not the document serialised per request
    // (the plugin passes whatever this returns to reply.send; it types it as the document object).
    transformSpecificationClone: false,
    transformSpecification: (_document, request, reply) => answer(request, reply) as unknown as Record<string, unknown>,
  });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async (request, reply) => answer(request, reply));
}
