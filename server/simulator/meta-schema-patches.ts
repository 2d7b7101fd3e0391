/**
 * Corrections to Meta's OpenAPI document (v23.0) so that it validates what the Cloud API really
 * sends and accepts. Each patch names the defect it works around; everything else is Meta's text.
 * Applied to a deep copy of `components.schemas`, so the YAML on disk stays byte-identical.
 */

type Schema = Record<string, unknown>;
export type SchemaMap = Record<string, Schema>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function get(schemas: SchemaMap, name: string): Schema {
  const schema = schemas[name];
  if (!schema) throw new Error(`Meta's OpenAPI document has no schema ${name}`);
  return schema;
}

function props(schema: Schema): Record<string, Schema> {
  return schema.properties as Record<string, Schema>;
}

/** OpenAPI 3.0 `nullable` is not JSON Schema: turn it into a type union. */
export function normaliseNullable(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(normaliseNullable);
  if (!node || typeof node !== 'object') return;
  const schema = node as Schema;
  if (schema.nullable === true && typeof schema.type === 'string') schema.type = [schema.type, 'null'];
  for (const value of Object.values(schema)) normaliseNullable(value);
}

/**
 * Meta writes `allOf: [Base, {additionalProperties: false, ...}]`, which rejects every property of
 * Base (draft 2020 evaluates each member alone). Moving the restriction to the parent as
 * `unevaluatedProperties: false` keeps the intent: no property outside Base ∪ the member.
 */
function closeAllOfs(schemas: SchemaMap): void {
  for (const schema of Object.values(schemas)) {
    const members = schema.allOf as Schema[] | undefined;
    if (!members) continue;
    let closed = false;
    for (const member of members) {
      if (member.additionalProperties === false) {
        delete member.additionalProperties;
        closed = true;
      }
    }
    if (closed) schema.unevaluatedProperties = false;
  }
}

const latitudeOrLongitude = { type: ['number', 'string'] };

/** Schemas for `POST /{Version}/{Phone-Number-ID}/messages` requests. */
export function patchSendSchemas(schemas: SchemaMap): void {
  closeAllOfs(schemas);
  const base = get(schemas, 'BaseMessageProperties');
  // The API defaults recipient_type to "individual" and type to "text"; Meta's examples omit both.
  base.required = ['messaging_product', 'to'];
  // Documented send parameter missing from the schema (echoed back in status webhooks).
  props(base).biz_opaque_callback_data = { type: 'string', maxLength: 512 };

  // Meta's examples and the live API use numbers; the schema says string only.
  const locationMember = (get(schemas, 'LocationMessage').allOf as Schema[])[1]!;
  const locationProps = props(props(locationMember).location!);
  locationProps.latitude = latitudeOrLongitude;
  locationProps.longitude = latitudeOrLongitude;

  // `policy` is optional ("deterministic" is the only value and the default).
  get(schemas, 'LanguageObject').required = ['code'];

  // The pattern `^[2-6, 11-14]$` is a broken character class that rejects "0"; Meta's examples
  // also send the index as a number.
  const component = get(schemas, 'TemplateComponent');
  props(component).index = { type: ['string', 'integer'], pattern: '^[0-9]+$' };
  // Button sub-types are matched case-insensitively (Meta's examples send CATALOG) and the enum
  // lacks documented ones (flow, copy_code, mpm, voice_call).
  const subTypes = ['quick_reply', 'url', 'catalog', 'flow', 'copy_code', 'mpm', 'order_details', 'voice_call'];
  props(component).sub_type = { type: 'string', enum: [...subTypes, ...subTypes.map((value) => value.toUpperCase())] };
  const button = (get(schemas, 'ButtonComponent').allOf as Schema[])[1]!;
  props(button).index = props(component).index!;
  props(button).sub_type = props(component).sub_type!;
  // Ajv ignores `discriminator`, so header/body/button components and their parameters were never
  // checked past `type`. Dispatch on `type` where they are used (the members extend the base
  // schemas, so dispatching inside the base would recurse).
  const dispatch = (mapping: Record<string, string>): Schema => ({
    allOf: Object.entries(mapping).map(([type, target]) => ({ if: { properties: { type: { const: type } }, required: ['type'] }, then: ref(target.split('/').pop()!) })),
  });
  const mappingOf = (name: string) => (get(schemas, name).discriminator as { mapping: Record<string, string> }).mapping;
  props(get(schemas, 'TemplateObject')).components!.items = { ...ref('TemplateComponent'), ...dispatch(mappingOf('TemplateComponent')) };
  for (const name of ['HeaderComponent', 'BodyComponent']) {
    const parameters = props((get(schemas, name).allOf as Schema[])[1]!).parameters!;
    parameters.items = { ...ref('ParameterObject'), ...dispatch(mappingOf('ParameterObject')) };
  }
  props(button).parameters!.items = { ...ref('ButtonParameterObject'), ...dispatch(mappingOf('ButtonParameterObject')) };
  // Catalog, flow and multi-product buttons take an `action` parameter and copy-code buttons a
  // `coupon_code` (Meta's own catalog and flow examples); the enum lists payload and text only.
  (props(get(schemas, 'ButtonParameterObject')).type!.enum as string[]).push('action', 'coupon_code');
  // Meta's "Send Sample Issue Resolution Template" example sends quick-reply `text` as booleans.
  props((get(schemas, 'ButtonTextParameter').allOf as Schema[])[1]!).text = { type: ['string', 'boolean'] };

  // Documented interactive types missing from the enum and from the action's oneOf: cta_url,
  // location_request_message, voice_call, and order_details/order_status (Meta's own examples).
  const interactive = get(schemas, 'InteractiveObject');
  const typeEnum = props(interactive).type!.enum as string[];
  for (const extra of ['cta_url', 'location_request_message', 'voice_call', 'order_details', 'order_status']) if (!typeEnum.includes(extra)) typeEnum.push(extra);
  const actions = get(schemas, 'ActionObject').oneOf as Schema[];
  actions.push(
    {
      required: ['name', 'parameters'],
      properties: {
        name: { type: 'string', enum: ['cta_url'] },
        parameters: {
          type: 'object',
          required: ['display_text', 'url'],
          properties: { display_text: { type: 'string', maxLength: 20 }, url: { type: 'string', format: 'url' } },
        },
      },
    },
    { required: ['name'], properties: { name: { type: 'string', enum: ['send_location', 'voice_call'] } } },
    { required: ['name', 'parameters'], properties: { name: { type: 'string', enum: ['review_and_pay', 'review_order'] }, parameters: { type: 'object' } } },
  );
}

/** Base of an inbound message (`value.messages[]`), which Meta's document never defines. */
const inboundBase: Schema = {
  type: 'object',
  required: ['id', 'timestamp', 'type'],
  // A user who hides their number behind a username is identified by from_user_id only.
  anyOf: [{ required: ['from'] }, { required: ['from_user_id'] }],
  properties: {
    from: { type: 'string', pattern: '^[0-9]+$' },
    from_user_id: { type: 'string' },
    from_parent_user_id: { type: 'string' },
    id: { type: 'string', minLength: 1 },
    timestamp: { type: 'string', pattern: '^[0-9]+$' },
    type: { type: 'string' },
    context: {
      type: 'object',
      properties: {
        from: { type: 'string' },
        id: { type: 'string' },
        forwarded: { type: 'boolean' },
        frequently_forwarded: { type: 'boolean' },
        referred_product: {
          type: 'object',
          required: ['catalog_id', 'product_retailer_id'],
          properties: { catalog_id: { type: 'string' }, product_retailer_id: { type: 'string' } },
        },
      },
    },
    referral: {
      type: 'object',
      required: ['source_url', 'source_type'],
      properties: {
        source_url: { type: 'string' },
        source_id: { type: 'string' },
        source_type: { type: 'string' },
        body: { type: 'string' },
        headline: { type: 'string' },
        media_type: { type: 'string' },
        image_url: { type: 'string' },
        video_url: { type: 'string' },
        thumbnail_url: { type: 'string' },
        ctwa_clid: { type: 'string' },
        welcome_message: { type: 'object' },
      },
    },
    errors: { type: 'array', items: ref('StatusError') },
    identity: { type: 'object' },
  },
};

const inboundMedia = (extra: Record<string, Schema>): Schema => ({
  type: 'object',
  required: ['id', 'mime_type', 'sha256'],
  properties: { id: { type: 'string' }, mime_type: { type: 'string' }, sha256: { type: 'string' }, url: { type: 'string' }, ...extra },
});

/**
 * Schemas for webhook payloads. Meta's `IncomingMessage` reuses the *send* schemas (which demand
 * `to` and `recipient_type` and forbid `from`/`id`/`timestamp`), so no real inbound message
 * validates. We keep Meta's per-type members and put them on an inbound base instead.
 */
export function patchWebhookSchemas(schemas: SchemaMap): void {
  schemas.InboundMessageBase = inboundBase;
  const mapping = (get(schemas, 'IncomingMessage').discriminator as { mapping: Record<string, string> }).mapping;
  const inboundNames = new Set<string>();
  for (const target of [...Object.values(mapping), '#/components/schemas/SystemMessage']) {
    const name = target.split('/').pop()!;
    if (inboundNames.has(name)) continue;
    inboundNames.add(name);
    const member = structuredClone((get(schemas, name).allOf as Schema[])[1]!);
    delete member.additionalProperties;
    // Context is optional on template button replies and interactive replies (pywa fixtures).
    if (Array.isArray(member.required)) member.required = (member.required as string[]).filter((key) => key !== 'context');
    delete props(member).context;
    schemas[`Inbound${name}`] = { allOf: [ref('InboundMessageBase'), member], unevaluatedProperties: false };
  }
  const member = (name: string) => (get(schemas, `Inbound${name}`).allOf as Schema[])[1]!;

  for (const [name, key] of [['AudioMessage', 'audio'], ['DocumentMessage', 'document'], ['ImageMessage', 'image'], ['VideoMessage', 'video'], ['StickerMessage', 'sticker']] as const) {
    // Inbound media carries mime_type/sha256 (and filename, voice, animated), never a link.
    props(member(name))[key] = inboundMedia({
      caption: { type: 'string' },
      filename: { type: 'string' },
      voice: { type: 'boolean' },
      animated: { type: 'boolean' },
    });
  }
  const location = props(props(member('LocationMessage')).location!);
  location.latitude = { type: 'number' };
  location.longitude = { type: 'number' };
  location.url = { type: 'string' };
  // Shared contacts come with phone types such as MOBILE or CELL, not only HOME/WORK.
  props(get(schemas, 'PhoneObject')).type = { type: 'string' };
  // Inbound errors are {code,title,message,error_data}: no `type`.
  props(member('UnsupportedMessage')).errors = { type: 'array', items: ref('StatusError') };
  props(member('UnsupportedMessage')).unsupported = { type: 'object', properties: { type: { type: 'string' } } };
  // Flow replies (nfm_reply) are missing and the reply contents are never referenced; a list
  // reply's description is optional (rows need not have one).
  const listReply = props(get(schemas, 'InteractiveListReplyContent')).list_reply!;
  listReply.required = ['id', 'title'];
  props(member('InteractiveMessageReply')).interactive = {
    type: 'object',
    required: ['type'],
    oneOf: [
      { allOf: [{ properties: { type: { const: 'button_reply' } } }, ref('InteractiveButtonReplyContent')] },
      { allOf: [{ properties: { type: { const: 'list_reply' } } }, ref('InteractiveListReplyContent')] },
      {
        properties: {
          type: { const: 'nfm_reply' },
          nfm_reply: {
            type: 'object',
            required: ['response_json'],
            properties: { name: { type: 'string' }, body: { type: 'string' }, response_json: { type: 'string' } },
          },
        },
        required: ['nfm_reply'],
      },
    ],
  };
  // The API sometimes posts an interactive message without its object (pywa's
  // "interactive_message_with_err"): real traffic, so it must validate.
  const interactiveMember = member('InteractiveMessageReply');
  interactiveMember.required = (interactiveMember.required as string[]).filter((key) => key !== 'interactive');
  const system = props(props(member('SystemMessage')).system!);
  system.type = { type: 'string', enum: ['user_changed_number', 'customer_identity_changed', 'customer_changed_number'] };

  // Dispatch on `type` ourselves: Ajv ignores `discriminator` and a failed oneOf explains nothing.
  const incoming = get(schemas, 'IncomingMessage');
  delete incoming.oneOf;
  incoming.required = ['type'];
  const types = { ...mapping, system: '#/components/schemas/SystemMessage' };
  incoming.allOf = Object.entries(types).map(([type, target]) => ({
    if: { properties: { type: { const: type } } },
    then: ref(`Inbound${target.split('/').pop()}`),
  }));
  incoming.properties = { type: { enum: Object.keys(types) } };
  // The number-change system webhook has no contacts; identity changes come with contacts.
  props(get(schemas, 'IncomingMessageValueSystem')).messages = { type: 'array', items: ref('InboundSystemMessage') };

  const statuses = get(schemas, 'Statuses');
  // `played` (voice notes) is a documented status missing from the enum; v25 adds user ids.
  props(statuses).status = { type: 'string', enum: ['sent', 'delivered', 'read', 'played', 'failed'] };
  Object.assign(props(statuses), {
    recipient_user_id: { type: 'string' },
    parent_recipient_user_id: { type: 'string' },
    biz_opaque_callback_data: { type: 'string' },
  });
  props(get(schemas, 'Pricing')).type = { type: 'string' };
  props(get(schemas, 'StatusMessageValue')).contacts = { type: 'array', items: ref('ContactProfile') };
  const profile = props(get(schemas, 'ContactProfile'));
  Object.assign(props(profile.profile!), { username: { type: 'string' } });
  Object.assign(profile, { user_id: { type: 'string' }, parent_user_id: { type: 'string' } });

  // Value-level errors (`value.errors[]`, e.g. 130429) have no schema at all.
  schemas.ErrorValue = {
    type: 'object',
    required: ['messaging_product', 'metadata', 'errors'],
    properties: {
      messaging_product: { type: 'string' },
      metadata: ref('Metadata'),
      errors: { type: 'array', minItems: 1, items: { allOf: [ref('StatusError')], required: ['code'] } },
    },
  };
  // Pick the value schema by the keys present instead of a oneOf whose failures explain nothing.
  const change = get(schemas, 'Change');
  props(change).value = {
    type: 'object',
    anyOf: ['messages', 'statuses', 'errors', 'groups'].map((key) => ({ required: [key] })),
    allOf: [
      { if: { required: ['messages', 'contacts'] }, then: ref('IncomingMessageValueGeneral') },
      { if: { required: ['messages'], not: { required: ['contacts'] } }, then: ref('IncomingMessageValueSystem') },
      { if: { required: ['statuses'] }, then: ref('StatusMessageValue') },
      { if: { required: ['errors'] }, then: ref('ErrorValue') },
      { if: { required: ['groups'] }, then: ref('GroupValue') },
    ],
  };
  // Meta's own group examples send string timestamps and the field `group_participants_update`.
  props(get(schemas, 'Groups')).timestamp = { type: ['string', 'integer'] };
  (props(change).field!.enum as string[]).push('group_participants_update');
  props(get(schemas, 'GroupParticipant')).input = { type: ['string', 'integer'] };
  props(get(schemas, 'GroupParticipant')).wa_id = { type: ['string', 'integer'] };
}
