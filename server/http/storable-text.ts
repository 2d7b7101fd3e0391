import type { FastifyInstance } from 'fastify';
import { storableValue } from '../../contracts/text.js';

/**
 * Applies the text rule (`contracts/text.ts`) to the parsed body, query string and path parameters
 * of every request, before validation: routes with a schema and without one, so no route can
 * forget it. Raw bodies (the WhatsApp webhook's Buffer, whose bytes are signed) are left as they
 * are; headers need nothing, Node refuses a NUL in them. Multipart fields are read by the handler,
 * which applies the rule itself (media.routes.ts).
 */
export function registerStorableText(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    request.body = storableValue(request.body);
    request.query = storableValue(request.query);
    request.params = storableValue(request.params);
  });
}
