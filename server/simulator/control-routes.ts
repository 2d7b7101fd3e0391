import type { FastifyInstance, FastifyReply } from 'fastify';
import type { z } from 'zod';
import {
  AddNumberBody,
  AdvanceClockBody,
  CustomerBody,
  CustomerMessageBody,
  CustomerPatchBody,
  DeliverBody,
  FaultBody,
  ReadBody,
  UpdateNumberBody,
  ValueErrorBody,
  VerifyBody,
  WaitBody,
} from './control-schemas.js';
import { conversationView } from './conversation-view.js';
import type { Simulator } from './index.js';
import type { SimCustomer } from './sim-customer.js';
import type { SimulatorState } from './state.js';
import type { BusinessNumber, CustomerRecord, DeliveryRecord } from './types.js';

class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: { path: string; message: string }[],
  ) {
    super(message);
  }
}

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  throw new ControlError(400, 'invalid_input', `Invalid input: ${fields.map((f) => `${f.path || 'body'} ${f.message}`).join('; ')}`, fields);
}

/** The number as the control API shows it: never its token or app secret. */
function presentNumber(number: BusinessNumber) {
  const { accessToken: _token, appSecret: _secret, ...visible } = number;
  return visible;
}

function presentCustomer(record: CustomerRecord, now: number) {
  return { ...record, windowOpen: record.windowExpiresAt !== undefined && now < record.windowExpiresAt };
}

function presentDelivery(record: DeliveryRecord) {
  const { payload: _payload, ...rest } = record;
  return { ...rest, attemptCount: record.attempts.length };
}

async function sendAs(customer: SimCustomer, message: CustomerMessageBody): Promise<string> {
  const options = {
    replyTo: message.replyTo,
    forwarded: message.forwarded,
    frequentlyForwarded: message.frequentlyForwarded,
    referral: message.referral,
    waitForDelivery: message.waitForDelivery,
    delivery: { duplicates: message.duplicates, concurrentDuplicates: message.concurrentDuplicates },
  };
  const media = (m: { dataBase64?: string; mimeType?: string }) => ({
    ...(m.dataBase64 ? { bytes: Buffer.from(m.dataBase64, 'base64') } : {}),
    ...(m.mimeType ? { mimeType: m.mimeType } : {}),
  });
  switch (message.type) {
    case 'text':
      return customer.sendText(message.text, options);
    case 'image':
      return customer.sendImage({ ...media(message), caption: message.caption }, options);
    case 'video':
      return customer.sendVideo({ ...media(message), caption: message.caption }, options);
    case 'document':
      return customer.sendDocument({ ...media(message), caption: message.caption, filename: message.filename }, options);
    case 'sticker':
      return customer.sendSticker({ ...media(message), animated: message.animated }, options);
    case 'audio':
      return customer.sendAudio({ ...media(message), voice: message.voice }, options);
    case 'location':
      return customer.sendLocation({ latitude: message.latitude, longitude: message.longitude, name: message.name, address: message.address, url: message.url }, options);
    case 'contacts':
      return customer.sendContacts(message.contacts as never, options);
    case 'button_reply':
      return customer.sendButtonReply(message.id, message.title, options);
    case 'list_reply':
      return customer.sendListReply(message.id, message.title, message.description, options);
    case 'flow_reply':
      return customer.sendFlowReply(message.response, { ...options, body: message.body });
    case 'template_button':
      return customer.sendTemplateButton(message.payload, message.text, options);
    case 'reaction':
      return customer.react(message.messageId, message.emoji, options);
    case 'order':
      return customer.sendOrder({ catalogId: message.catalogId, items: message.items, text: message.text }, options);
    case 'unsupported':
      return customer.sendUnsupported(message.kind, options);
    case 'change_number':
      return customer.changeNumber(message.newWaId, options);
  }
}

/**
 * `/_sim/...`: the simulator's own JSON API, mirroring the programmatic one (see README.md).
 * Errors are `{ error: { code, message, fields? } }`.
 */
export function registerControlRoutes(app: FastifyInstance, state: SimulatorState, sim: Simulator): void {
  const numberOf = (id: string) => {
    const number = state.numbers.get(id);
    if (!number) throw new ControlError(404, 'number_not_found', `No simulated number ${id}`);
    return number;
  };
  const customerOf = (numberId: string, waId: string) => {
    numberOf(numberId);
    const record = state.customers.find(numberId, waId, { exact: true });
    if (!record) throw new ControlError(404, 'customer_not_found', `No customer ${waId} on number ${numberId}`);
    return sim.customer(numberId, { waId: record.waId, name: record.name });
  };
  const guard =
    <P>(handler: (params: P, body: unknown, query: Record<string, string | undefined>) => unknown) =>
    async (request: { params: unknown; body: unknown; query: unknown }, reply: FastifyReply) => {
      try {
        return await handler(request.params as P, request.body, request.query as Record<string, string | undefined>);
      } catch (error) {
        if (error instanceof ControlError) return reply.code(error.status).send({ error: { code: error.code, message: error.message, fields: error.fields } });
        return reply.code(400).send({ error: { code: 'simulator_error', message: (error as Error).message } });
      }
    };
  type NumberParams = { id: string };
  type CustomerParams = { id: string; waId: string };

  app.get('/_sim/state', guard(() => ({
    url: sim.url,
    now: state.clock.now(),
    numbers: state.numbers.all().map(presentNumber),
    pendingDeliveries: sim.pending().length,
    faults: state.faults.list().map(({ match: _match, ...fault }) => fault),
  })));
  app.get('/_sim/numbers', guard(() => ({ numbers: state.numbers.all().map(presentNumber) })));
  app.post('/_sim/numbers', guard((_, body) => presentNumber(sim.addNumber(parse(AddNumberBody, body)))));
  app.patch('/_sim/numbers/:id', guard<NumberParams>(({ id }, body) => presentNumber(sim.updateNumber(numberOf(id).phoneNumberId, parse(UpdateNumberBody, body)))));
  app.post('/_sim/numbers/:id/verify-webhook', guard<NumberParams>(({ id }, body) => sim.verifyWebhook(numberOf(id).phoneNumberId, parse(VerifyBody, body))));

  app.get('/_sim/numbers/:id/customers', guard<NumberParams>(({ id }) => ({
    customers: state.customers.list(numberOf(id).phoneNumberId).map((c) => presentCustomer(c, state.clock.now())),
  })));
  app.post('/_sim/numbers/:id/customers', guard<NumberParams>(({ id }, body) => presentCustomer(sim.customer(numberOf(id).phoneNumberId, parse(CustomerBody, body)).record, state.clock.now())));
  app.patch('/_sim/numbers/:id/customers/:waId', guard<CustomerParams>(({ id, waId }, body) => {
    const customer = customerOf(id, waId);
    const changes = parse(CustomerPatchBody, body);
    if (changes.name) customer.record.name = changes.name;
    if (changes.behaviour) customer.setBehaviour(changes.behaviour);
    return presentCustomer(customer.record, state.clock.now());
  }));
  app.get('/_sim/numbers/:id/customers/:waId/conversation', guard<CustomerParams>(({ id, waId }) => {
    const customer = customerOf(id, waId);
    return { customer: presentCustomer(customer.record, state.clock.now()), messages: conversationView(state, customer.record) };
  }));
  app.post('/_sim/numbers/:id/customers/:waId/messages', guard<CustomerParams>(async ({ id, waId }, body) => ({
    id: await sendAs(customerOf(id, waId), parse(CustomerMessageBody, body)),
  })));
  app.post('/_sim/numbers/:id/customers/:waId/read', guard<CustomerParams>(({ id, waId }, body) => ({
    read: customerOf(id, waId).markRead(parse(ReadBody, body).messageIds),
  })));
  app.post('/_sim/numbers/:id/deliver', guard<NumberParams>(({ id }, body) => {
    const { payload, ...options } = parse(DeliverBody, body);
    return { wamids: sim.deliver(numberOf(id).phoneNumberId, payload, options) };
  }));
  app.post('/_sim/numbers/:id/value-errors', guard<NumberParams>(({ id }, body) => {
    const { code, details } = parse(ValueErrorBody, body);
    sim.emitValueError(numberOf(id).phoneNumberId, code, details);
    return { ok: true };
  }));
  app.post('/_sim/numbers/:id/faults', guard<NumberParams>(({ id }, body) => sim.injectFault(numberOf(id).phoneNumberId, parse(FaultBody, body))));
  app.get('/_sim/faults', guard(() => ({ faults: state.faults.list().map(({ match: _match, ...fault }) => fault) })));
  app.delete('/_sim/faults', guard((_, __, query) => ({ cleared: state.faults.clear(query.phoneNumberId) })));

  app.get('/_sim/requests', guard((_, __, query) => ({
    requests: sim.requests({ phoneNumberId: query.phoneNumberId, endpoint: query.endpoint as never, method: query.method }),
  })));
  app.delete('/_sim/requests', guard(() => (sim.clearRequests(), { ok: true })));
  app.get('/_sim/sent', guard((_, __, query) => ({ messages: sim.sentMessages({ phoneNumberId: query.phoneNumberId }) })));
  app.get('/_sim/deliveries', guard((_, __, query) => ({
    deliveries: sim.deliveries({ phoneNumberId: query.phoneNumberId, state: query.state as DeliveryRecord['state'] | undefined }).map(presentDelivery),
  })));
  app.get('/_sim/pending', guard(() => ({ deliveries: sim.pending().map(presentDelivery) })));
  app.post('/_sim/wait-for-idle', guard(async (_, body) => {
    try {
      await sim.waitForIdle(parse(WaitBody, body));
      return { idle: true };
    } catch (error) {
      throw new ControlError(408, 'not_idle', (error as Error).message);
    }
  }));
  app.get('/_sim/clock', guard(() => ({ now: state.clock.now() })));
  app.post('/_sim/clock/advance', guard((_, body) => ({ now: sim.advanceClock(parse(AdvanceClockBody, body).ms) })));

  // The page shows media without a token; Graph downloads still need one.
  app.get('/_sim/media/:mediaId', async (request, reply) => {
    const media = state.media.get((request.params as { mediaId: string }).mediaId);
    if (!media) return reply.code(404).send({ error: { code: 'media_not_found', message: 'No such media' } });
    return reply.header('content-type', media.mimeType.split(';')[0]!).send(media.bytes);
  });
}
