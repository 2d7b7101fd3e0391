import { graphError } from './error-codes.js';
import type { Fault } from './faults.js';
import { wamid } from './ids.js';
import { sendMessageRequestErrors } from './meta-schema.js';
import { scheduleFailure, scheduleStatuses } from './outbound-statuses.js';
import { digitsOf } from './payloads.js';
import { schemaProblem, sendLimitProblem } from './send-limits.js';
import type { SimulatorState } from './state.js';
import { templateParameterProblem } from './templates.js';
import type { BusinessNumber, OutboundRecord, TemplateDefinition } from './types.js';

export type GraphResult = { status: number; body: unknown };

type Json = Record<string, unknown>;

const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'document', 'sticker']);

/**
 * `POST /{version}/{phone-number-id}/messages`: validate like the Cloud API, answer 200 with a
 * wamid, then play out the customer's side as status webhooks. Outside the 24 h window a
 * non-template message is accepted and then fails with 131047, exactly as Meta does it.
 */
export function sendMessage(state: SimulatorState, number: BusinessNumber, body: unknown, version: string, fault?: Fault): GraphResult {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return graphError(100, { details: 'The request body must be a JSON object.' });
  const request = body as Json;
  if (request.status !== undefined) return markRead(state, number, request);

  const problem = sendLimitProblem(request);
  if (problem) return graphError(problem.code, { details: problem.details });
  const [schemaError] = sendMessageRequestErrors(request);
  if (schemaError) {
    const mapped = schemaProblem(schemaError);
    return graphError(mapped.code, { details: mapped.details });
  }

  const type = String(request.type ?? 'text');
  const to = String(request.to);
  if (digitsOf(to) === digitsOf(number.displayPhoneNumber)) return graphError(131021);
  let category = 'service';
  if (type === 'template') {
    const found = findTemplate(state, number, request.template as Json);
    if ('code' in found) return graphError(found.code, { details: found.details });
    category = found.category.toLowerCase();
  }

  const customer =
    state.customers.find(number.phoneNumberId, to) ??
    state.customers.ensure(number.phoneNumberId, { waId: digitsOf(to), name: `+${digitsOf(to)}` });
  const now = state.clock.now();
  const limited = state.rates.check(number, customer.key, now);
  if (limited) return graphError(limited, { httpStatus: number.rateLimitHttpStatus });
  state.rates.record(number, customer.key, now);

  const message: OutboundRecord = {
    direction: 'outbound',
    id: wamid(customer.waId, 'outbound'),
    phoneNumberId: number.phoneNumberId,
    customerKey: customer.key,
    to,
    type,
    at: now,
    version,
    request,
    ...(typeof request.biz_opaque_callback_data === 'string' ? { bizOpaqueCallbackData: request.biz_opaque_callback_data } : {}),
    category,
    status: 'accepted',
    statuses: [],
  };
  state.conversations.addOutbound(message);

  const mediaId = MEDIA_TYPES.has(type) ? (request[type] as Json).id : undefined;
  if (fault?.failAsync !== undefined) scheduleFailure(state, message, fault.failAsync, fault.details);
  else if (!customer.behaviour.onWhatsApp) scheduleFailure(state, message, 131026);
  else if (type !== 'template' && !state.customers.isWindowOpen(customer, now)) scheduleFailure(state, message, 131047);
  else if (typeof mediaId === 'string' && state.media.get(mediaId)?.ownerPhoneNumberId !== number.phoneNumberId) {
    scheduleFailure(state, message, 131053, `Media ${mediaId} was not found for this phone number: upload it first.`);
  } else scheduleStatuses(state, message);

  return {
    status: 200,
    body: { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: customer.waId }], messages: [{ id: message.id }] },
  };
}

/** Mark-as-read (and the typing indicator): marks this and earlier customer messages read. */
function markRead(state: SimulatorState, number: BusinessNumber, request: Json): GraphResult {
  const [schemaError] = sendMessageRequestErrors(request);
  if (schemaError) {
    const mapped = schemaProblem(schemaError);
    return graphError(mapped.code, { details: mapped.details });
  }
  const target = state.conversations.inbound.get(String(request.message_id));
  if (!target || target.phoneNumberId !== number.phoneNumberId) {
    return graphError(100, { details: `Param message_id is not a valid message id received by this phone number: ${String(request.message_id)}` });
  }
  const now = state.clock.now();
  for (const message of state.conversations.inbound.values()) {
    if (message.customerKey === target.customerKey && message.at <= target.at && message.readAt === undefined) {
      message.readAt = now;
      state.conversations.changed(message.id);
    }
  }
  if (request.typing_indicator) {
    target.typingIndicatorAt = now;
    state.conversations.changed(target.id);
  }
  return { status: 200, body: { success: true } };
}

type TemplateLookup = TemplateDefinition | { code: number; details: string };

/** The approved template this request names, or the error Meta answers with. */
function findTemplate(state: SimulatorState, number: BusinessNumber, template: Json): TemplateLookup {
  const name = String(template.name);
  const language = String((template.language as Json).code);
  const found = state.numbers.templatesOf(number.wabaId).find((t) => t.name === name && t.language === language);
  if (!found) return { code: 132001, details: `template name (${name}) does not exist in ${language}` };
  if (found.status === 'PAUSED') return { code: 132015, details: `Template ${name} is paused.` };
  if (found.status === 'DISABLED') return { code: 132016, details: `Template ${name} is disabled.` };
  if (found.status !== 'APPROVED') return { code: 132001, details: `template name (${name}) does not exist in ${language} (status ${found.status})` };
  const problem = templateParameterProblem(found, (template.components as Json[] | undefined) ?? []);
  if (problem) return problem;
  return found;
}
