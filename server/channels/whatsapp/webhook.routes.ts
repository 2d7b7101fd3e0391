import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { sha256 } from '../../lib/crypto.js';
import { type ChannelRow, findChannelByPhoneNumberId, findChannelsByVerifyTokenHash } from '../../modules/channels/channels.repository.js';
import { createPayloadWriter } from './payload-writer.js';
import { verifyWebhookSignature } from './signature.js';
import type { WebhookProcessor } from './webhook-processor.js';
import { phoneNumberIdsOf, type WebhookEnvelope } from './webhook-payload.js';

const MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;
const CHANNEL_CACHE_MS = 5_000;

/**
 * One endpoint for every number of every workspace. POST: verify the signature on the raw bytes,
 * store the payload, answer 200, then process. No per-address rate limit: Meta sends bursts.
 */
export async function whatsappWebhookRoutes(app: FastifyInstance, ctx: AppContext, processor: WebhookProcessor) {
  const writer = createPayloadWriter(ctx);
  // The ack path looks numbers up on every POST: a few seconds of cache saves a query each time.
  // A rotated app secret or a disconnected number takes effect within CHANNEL_CACHE_MS.
  const channelCache = new Map<string, { channel: ChannelRow | undefined; appSecret: string | null; at: number }>();
  const lookup = async (phoneNumberId: string) => {
    const cached = channelCache.get(phoneNumberId);
    if (cached && Date.now() - cached.at < CHANNEL_CACHE_MS) return cached;
    const channel = await findChannelByPhoneNumberId(ctx.database.ingestDb, phoneNumberId);
    const entry = { channel, appSecret: channel ? ctx.secrets.decrypt(channel.appSecretSealed) : null, at: Date.now() };
    // Unknown numbers are not cached: a number connected a moment ago must not have its messages dropped.
    if (channel) channelCache.set(phoneNumberId, entry);
    return entry;
  };

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
      const secrets = new Set<string>();
      const channelIds: string[] = [];
      for (const id of phoneNumberIdsOf(envelope)) {
        const { channel, appSecret } = await lookup(id);
        if (appSecret) secrets.add(appSecret);
        if (channel && !channelIds.includes(channel.id)) channelIds.push(channel.id);
      }
      if (secrets.size === 0) {
        request.log.warn({ phoneNumberIds: phoneNumberIdsOf(envelope) }, 'webhook for an unknown number: acknowledged and dropped');
        return reply.send({ received: true });
      }
      const signature = request.headers['x-hub-signature-256'];
      const header = Array.isArray(signature) ? signature[0] : signature;
      for (const secret of secrets) {
        if (!verifyWebhookSignature(raw, header, secret)) {
          return reply.code(401).send({ error: { code: 'invalid_signature', message: 'X-Hub-Signature-256 does not match' } });
        }
      }
      const body = raw.toString('utf8');
      // Processed for the numbers that were verified here, whoever holds the ids when it is processed.
      const id = await writer.write(body, channelIds);
      reply.send({ received: true });
      processor.enqueue({ id, body, channelIds });
      return reply;
    });
  });
}
