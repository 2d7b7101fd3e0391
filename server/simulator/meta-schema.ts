import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { normaliseNullable, patchSendSchemas, patchWebhookSchemas, type SchemaMap } from './meta-schema-patches.js';
import { projectRoot } from '../lib/project-root.js';

/**
 * Validators built from Meta's own OpenAPI document (copied into ./meta-openapi, MIT). The
 * simulator checks its output and Bandeja's requests with them, and Bandeja's tests import them.
 */

export type ValidationResult = { valid: boolean; errors: string[] };
export type Validator = (body: unknown) => ValidationResult;

type Schema = Record<string, unknown>;
/** The part of Meta's document the validators use (what gets cached). */
type MetaSubset = { schemas: SchemaMap; responses: Record<ResponseName, Schema> };
type ResponseName = keyof typeof RESPONSES;

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const YAML_FILE = path.join(projectRoot, 'server', 'simulator', 'meta-openapi', 'business-messaging-api_v23.0.yaml');
const SEND_ID = 'meta-send.json';
const WEBHOOK_ID = 'meta-webhook.json';

/** Component schemas the validators start from (the rest of the document is not loaded into Ajv). */
const ROOTS = ['Message', 'MessageResponsePayload', 'GraphAPIError', 'PhoneNumberInfo', 'WebhookPayload', 'InteractiveListReplyContent', 'InteractiveButtonReplyContent'];

/** Inline 200-response schemas of the Graph paths the simulator serves. */
const RESPONSES = {
  mediaUpload: ['/{Version}/{Phone-Number-ID}/media', 'post'],
  mediaLookup: ['/{Version}/{Media-ID}', 'get'],
  mediaDelete: ['/{Version}/{Media-ID}', 'delete'],
  templates: ['/{Version}/{WABA-ID}/message_templates', 'get'],
} as const;

let compiled: ReturnType<typeof compileAll> | undefined;

function referencedNames(node: unknown, found: Set<string>): void {
  if (Array.isArray(node)) return node.forEach((item) => referencedNames(item, found));
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')) found.add(value.slice(21));
    // Discriminator mappings name schemas without a $ref; the patches use them.
    else if (key === 'mapping' && value && typeof value === 'object') Object.values(value).forEach((target) => found.add(String(target).split('/').pop()!));
    else referencedNames(value, found);
  }
}

function extractSubset(doc: { components: { schemas: SchemaMap }; paths: Record<string, Record<string, Schema>> }): MetaSubset {
  const responses = {} as Record<ResponseName, Schema>;
  for (const [name, [pathKey, method]] of Object.entries(RESPONSES) as [ResponseName, readonly [string, string]][]) {
    const operation = doc.paths[pathKey]?.[method] as { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> } | undefined;
    const schema = operation?.responses?.['200']?.content?.['application/json']?.schema;
    if (!schema) throw new Error(`Meta's OpenAPI document has no ${method.toUpperCase()} ${pathKey} 200 JSON schema`);
    responses[name] = schema;
  }
  const wanted = new Set(ROOTS);
  referencedNames(responses, wanted);
  const schemas: SchemaMap = {};
  for (let pending = [...wanted]; pending.length > 0; ) {
    const name = pending.pop()!;
    const schema = doc.components.schemas[name];
    if (!schema || schemas[name]) continue;
    schemas[name] = schema;
    const next = new Set<string>();
    referencedNames(schema, next);
    pending.push(...[...next].filter((n) => !schemas[n]));
  }
  const subset = { schemas, responses };
  normaliseNullable(subset);
  return subset;
}

/**
 * Parsing the 30,000-line YAML takes about a second and each test worker needs it, so the subset
 * the validators use is cached as JSON in the temp dir, keyed by the YAML's hash.
 */
function loadSubset(): MetaSubset {
  const text = readFileSync(YAML_FILE, 'utf8');
  const cache = path.join(os.tmpdir(), `bandeja-meta-openapi-${createHash('sha1').update(text).digest('hex').slice(0, 16)}.json`);
  try {
    return JSON.parse(readFileSync(cache, 'utf8')) as MetaSubset;
  } catch {
    // uniqueKeys/prettyErrors off: the document is trusted and this halves the parse time.
    const subset = extractSubset(parse(text, { uniqueKeys: false, prettyErrors: false }));
    try {
      const partial = `${cache}.${process.pid}.tmp`;
      writeFileSync(partial, JSON.stringify(subset));
      renameSync(partial, cache);
    } catch {
      // A read-only temp dir only costs the parse next time.
    }
    return subset;
  }
}

/** Inline path schemas reference components of the document; point them at the send copy. */
function rebase(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rebase);
  if (!node || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = key === '$ref' && typeof value === 'string' && value.startsWith('#/') ? `${SEND_ID}${value}` : rebase(value);
  }
  return out;
}

function compileAll() {
  const doc = loadSubset();
  const sendSchemas = structuredClone(doc.schemas);
  const webhookSchemas = structuredClone(doc.schemas);
  patchSendSchemas(sendSchemas);
  patchWebhookSchemas(webhookSchemas);

  // strict: false — the document carries `example`, `discriminator` and other OpenAPI keywords.
  // validateSchema: false — checking Meta's document against the draft meta-schema costs 300 ms
  // and tells us nothing the tests of the validators do not.
  const ajv = new Ajv2020({ strict: false, allErrors: true, logger: false, validateSchema: false });
  addFormats(ajv);
  for (const numeric of ['float', 'double', 'int32', 'int64']) ajv.addFormat(numeric, true);
  ajv.addFormat('url', /^https?:\/\/\S+$/i);
  ajv.addSchema({ $id: SEND_ID, components: { schemas: sendSchemas } });
  ajv.addSchema({ $id: WEBHOOK_ID, components: { schemas: webhookSchemas } });

  const component = (id: string, name: string) => ajv.compile({ $ref: `${id}#/components/schemas/${name}` });
  const mapping = (doc.schemas.Message!.discriminator as { mapping: Record<string, string> }).mapping;
  const messageByType = new Map<string, ValidateFunction>();
  for (const [type, target] of Object.entries(mapping)) messageByType.set(type, component(SEND_ID, target.split('/').pop()!));

  return {
    messageByType,
    // Mark-as-read has an example in Meta's document but no schema: this one follows the example.
    markRead: ajv.compile({
      type: 'object',
      required: ['messaging_product', 'status', 'message_id'],
      additionalProperties: false,
      properties: {
        messaging_product: { const: 'whatsapp' },
        recipient_type: { const: 'individual' },
        status: { const: 'read' },
        message_id: { type: 'string', minLength: 1 },
        typing_indicator: { type: 'object', required: ['type'], additionalProperties: false, properties: { type: { const: 'text' } } },
      },
    }),
    sendResponse: component(SEND_ID, 'MessageResponsePayload'),
    webhook: component(WEBHOOK_ID, 'WebhookPayload'),
    graphError: component(SEND_ID, 'GraphAPIError'),
    phoneNumber: component(SEND_ID, 'PhoneNumberInfo'),
    mediaUpload: ajv.compile(rebase(doc.responses.mediaUpload) as Schema),
    mediaLookup: ajv.compile(rebase(doc.responses.mediaLookup) as Schema),
    mediaDelete: ajv.compile(rebase(doc.responses.mediaDelete) as Schema),
    templates: ajv.compile(rebase(doc.responses.templates) as Schema),
  };
}

function validators() {
  compiled ??= compileAll();
  return compiled;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath || '(root)';
  if (error.keyword === 'required') return `${where}: missing required property ${(error.params as { missingProperty: string }).missingProperty}`;
  if (error.keyword === 'unevaluatedProperties' || error.keyword === 'additionalProperties') {
    const params = error.params as { unevaluatedProperty?: string; additionalProperty?: string };
    return `${where}: unexpected property ${params.unevaluatedProperty ?? params.additionalProperty}`;
  }
  if (error.keyword === 'enum') return `${where}: must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
  return `${where}: ${error.message ?? error.keyword}`;
}

/** The errors worth reading: Ajv repeats each failure once per enclosing oneOf/if. */
export function ajvErrors(errors: ErrorObject[] | null | undefined): ErrorObject[] {
  return (errors ?? []).filter((error) => !['oneOf', 'anyOf', 'if', 'allOf'].includes(error.keyword));
}

function run(validate: ValidateFunction, body: unknown): ValidationResult {
  const valid = validate(body) as boolean;
  return { valid, errors: valid ? [] : [...new Set(ajvErrors(validate.errors).map(describe))] };
}

/** Raw Ajv errors of a send request (the Graph routes map them to Meta error codes). */
export function sendMessageRequestErrors(body: unknown): ErrorObject[] {
  const { messageByType, markRead } = validators();
  const record = body as { type?: unknown; status?: unknown } | null;
  if (record && typeof record === 'object' && record.status !== undefined) return markRead(body) ? [] : ajvErrors(markRead.errors);
  // The API treats a request without `type` as text (Meta's "preview URL" example relies on it).
  const type = record && typeof record === 'object' ? (record.type ?? 'text') : undefined;
  const validate = typeof type === 'string' ? messageByType.get(type) : undefined;
  if (!validate) {
    const allowed = [...messageByType.keys()].join(', ');
    return [{ keyword: 'enum', instancePath: '/type', schemaPath: '#/type', params: { allowedValues: [...messageByType.keys()] }, message: `must be one of ${allowed}` }];
  }
  return validate(body) ? [] : ajvErrors(validate.errors);
}

/** A send request (any message type, or mark-as-read / typing indicator). */
export const validateSendMessageRequest: Validator = (body) => {
  const errors = sendMessageRequestErrors(body);
  return { valid: errors.length === 0, errors: [...new Set(errors.map(describe))] };
};
export const validateSendMessageResponse: Validator = (body) => run(validators().sendResponse, body);
/** `{"success": true}` answers mark-as-read; Meta documents only the send response for it. */
export const validateMarkReadResponse: Validator = (body) => {
  const result = run(validators().sendResponse, body);
  const ok = (body as { success?: unknown } | null)?.success === true;
  return ok ? result : { valid: false, errors: [...result.errors, '/success: must be true'] };
};
export const validateWebhookPayload: Validator = (body) => run(validators().webhook, body);
export const validateGraphError: Validator = (body) => run(validators().graphError, body);
export const validatePhoneNumberResponse: Validator = (body) => run(validators().phoneNumber, body);
export const validateMediaUploadResponse: Validator = (body) => run(validators().mediaUpload, body);
export const validateMediaLookupResponse: Validator = (body) => run(validators().mediaLookup, body);
export const validateMediaDeleteResponse: Validator = (body) => run(validators().mediaDelete, body);
export const validateTemplatesResponse: Validator = (body) => run(validators().templates, body);

/** Compiles everything now rather than on the first request (about half a second). */
export function warmUpMetaSchemas(): void {
  validators();
}
