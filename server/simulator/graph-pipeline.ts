import type { FastifyReply, FastifyRequest } from 'fastify';
import { graphError, unknownObjectError } from './error-codes.js';
import { defaultCodeFor, type Fault } from './faults.js';
import type { GraphResult } from './send-message.js';
import type { SimulatorState } from './state.js';
import type { BusinessNumber, GraphEndpoint, RecordedRequest } from './types.js';

export const VERSION_PATTERN = /^v\d+\.\d+$/;

/** Who may call an object: the numbers whose token opens it (empty = unknown object). */
export type GraphCall = {
  endpoint: GraphEndpoint;
  owners: BusinessNumber[];
  /** Parsed body as recorded (multipart uploads give a summary). */
  body?: unknown;
  handle: (context: { number: BusinessNumber; fault?: Fault }) => Promise<GraphResult | RawResult> | GraphResult | RawResult;
};

/** A non-JSON answer (media bytes). */
export type RawResult = { status: number; raw: Buffer; headers: Record<string, string> };

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null;
  if (match) return match[1]!.trim();
  // Graph also takes the token as a query parameter.
  const query = request.query as { access_token?: unknown };
  return typeof query.access_token === 'string' ? query.access_token : undefined;
}

function maskedHeaders(request: FastifyRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers[name] = name === 'authorization' ? String(value).replace(/^(Bearer\s+).*$/i, '$1***') : String(value);
  }
  return headers;
}

/**
 * Every Graph call goes through here: version → token → record → scripted fault → handler.
 * A wrong or missing token is Meta's 401 with code 190; an unknown object is 100/33.
 */
export async function runGraphCall(state: SimulatorState, request: FastifyRequest, reply: FastifyReply, call: GraphCall): Promise<unknown> {
  const version = (request.params as { version?: string }).version;
  const recorded = state.requests.add({
    at: state.clock.now(),
    method: request.method,
    path: request.url,
    endpoint: call.endpoint,
    phoneNumberId: call.owners.length === 1 ? call.owners[0]!.phoneNumberId : undefined,
    headers: maskedHeaders(request),
    body: call.body ?? request.body,
  });
  const answer = (result: GraphResult | RawResult) => send(reply, recorded, result);

  if (version !== undefined && !VERSION_PATTERN.test(version)) {
    return answer(graphError(2500, { message: `Unknown path components: /${version}`, httpStatus: 400 }));
  }
  const token = bearerToken(request);
  const number = call.owners.find((owner) => owner.accessToken === token);
  if (!number) {
    if (call.owners.length === 0 && token && state.numbers.knowsToken(token)) {
      const id = request.url.split('?')[0]!.split('/').filter(Boolean)[1] ?? '';
      return answer(unknownObjectError(request.method, id));
    }
    reply.header('www-authenticate', 'OAuth "Facebook Platform" "invalid_token" "Invalid OAuth access token - Cannot parse access token"');
    return answer(graphError(190, token ? {} : { message: 'An active access token must be used to query information about the current user.' }));
  }
  recorded.phoneNumberId = number.phoneNumberId;

  const fault = state.faults.take(number.phoneNumberId, call.endpoint, call.body ?? request.body);
  if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
  if (fault?.timeout) return hang(state, reply, recorded);
  if (fault && fault.failAsync === undefined && (fault.status !== undefined || fault.code !== undefined)) {
    const code = fault.code ?? defaultCodeFor(fault.status ?? 500);
    return answer(graphError(code, { details: fault.details, message: fault.message, subcode: fault.subcode, httpStatus: fault.status }));
  }
  return answer(await call.handle({ number, fault }));
}

function send(reply: FastifyReply, recorded: RecordedRequest, result: GraphResult | RawResult) {
  if ('raw' in result) {
    recorded.response = { status: result.status, body: `<${result.raw.length} bytes>` };
    return reply.code(result.status).headers(result.headers).send(result.raw);
  }
  recorded.response = { status: result.status, body: result.body };
  return reply.code(result.status).header('content-type', 'application/json; charset=UTF-8').send(JSON.stringify(result.body));
}

/** Never answers: the client's own timeout is what ends the call (or the simulator stopping). */
async function hang(state: SimulatorState, reply: FastifyReply, recorded: RecordedRequest): Promise<void> {
  recorded.response = { status: 0, body: '(hung: timeout fault)' };
  reply.hijack();
  await new Promise<void>((resolve) => {
    const release = () => {
      state.hanging.delete(release);
      resolve();
    };
    state.hanging.add(release);
    reply.raw.once('close', release);
  });
  reply.raw.destroy();
}
