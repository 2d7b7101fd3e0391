import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { webhookPayloads } from '../../db/schema.js';
import { sha256 } from '../../lib/crypto.js';
import { type ChannelRow, findChannelByPhoneNumberId, findChannelsByVerifyTokenHash } from '../../modules/channels/channels.repository.js';
import { verifyWebhookSignature } from './signature.js';
import type { WebhookProcessor } from './webhook-processor.js';
import { phoneNumberIdsOf, type WebhookEnvelope } from './webhook-payload.js';

const MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;

/**
 * One endpoint for every number of every workspace. POST: verify the signature on the raw bytes,
 * store the payload, answer 200, then process. No per-address rate limit: Meta sends bursts.
 */
export async function whatsappWebhookRoutes(app: FastifyInstance, ctx: AppContext, processor: WebhookProcessor) {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_PAYLOAD_BYTES }, (_request, body, done) => done(null, body));

    scope.get('/webhooks/whatsapp', { schema: { hide: true } }, async (request, reply) => {
      const query = request.query as Record<string, string | undefined>;
      const token = query['hub.verify_token'];
      if (query['hub.mode'] === 'subscribe' && token && (await findChannelsByVerifyTokenHash(ctx.db, sha256(token))).length > 0) {
        return reply.type('text/plain').send(query['hub.challenge'] ?? '');
      }
      return reply.code(403).type('text/plain').send('verification failed');
    });

    scope.post('/webhooks/whatsapp', { bodyLimit: MAX_PAYLOAD_BYTES, schema: { hide: true } }, async (request, reply) => {
      const raw = request.body as Buffer;
      let envelope: WebhookEnvelope;
      try {
        envelope = JSON.parse(raw.toString('utf8')) as WebhookEnvelope;
      } catch {
        return reply.code(400).send({ error: { code: 'invalid_json', message: 'The body is not JSON' } });
      }
      const known: ChannelRow[] = [];
      for (const id of phoneNumberIdsOf(envelope)) {
        const channel = await findChannelByPhoneNumberId(ctx.db, id);
        if (channel) known.push(channel);
      }
      if (known.length === 0) {
        request.log.warn({ phoneNumberIds: phoneNumberIdsOf(envelope) }, 'webhook for an unknown number: acknowledged and dropped');
        return reply.send({ received: true });
      }
      const signature = request.headers['x-hub-signature-256'];
      const header = Array.isArray(signature) ? signature[0] : signature;
      const secrets = new Set(known.map((channel) => ctx.secrets.decrypt(channel.appSecretSealed)));
      for (const secret of secrets) {
        if (!verifyWebhookSignature(raw, header, secret)) {
          return reply.code(401).send({ error: { code: 'invalid_signature', message: 'X-Hub-Signature-256 does not match' } });
        }
      }
      const [stored] = await ctx.db.insert(webhookPayloads).values({ body: raw.toString('utf8') }).returning({ id: webhookPayloads.id });
      reply.send({ received: true });
      processor.enqueue(stored!.id);
      return reply;
    });
  });
}
