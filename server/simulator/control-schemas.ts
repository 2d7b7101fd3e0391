import { z } from 'zod';

/** Bodies of the `/_sim` control API (the web page and other processes drive the simulator with it). */

const Behaviour = z
  .object({
    autoDeliver: z.boolean(),
    autoRead: z.boolean(),
    skipDelivered: z.boolean(),
    readBeforeDelivered: z.boolean(),
    playVoiceNotes: z.boolean(),
    onWhatsApp: z.boolean(),
    delaysMs: z.object({ sent: z.number().min(0), delivered: z.number().min(0), read: z.number().min(0), played: z.number().min(0) }).partial(),
  })
  .partial();

const Template = z.object({
  id: z.string().optional(),
  name: z.string().min(1),
  language: z.string().min(1),
  status: z.enum(['APPROVED', 'PENDING', 'REJECTED', 'PAUSED', 'DISABLED']),
  category: z.enum(['MARKETING', 'UTILITY', 'AUTHENTICATION']),
  components: z.array(z.record(z.string(), z.unknown())),
});

const NumberSettings = {
  displayPhoneNumber: z.string().min(1),
  verifiedName: z.string().min(1),
  accessToken: z.string().min(1),
  appSecret: z.string().min(1),
  webhookUrl: z.url(),
  verifyToken: z.string().optional(),
  throughputPerSecond: z.number().int().min(0).nullable().optional(),
  pairRate: z.union([z.literal(false), z.object({ burst: z.number().int().min(1), intervalMs: z.number().int().min(1) })]).optional(),
  rateLimitHttpStatus: z.union([z.literal(400), z.literal(429)]).optional(),
  qualityRating: z.enum(['GREEN', 'YELLOW', 'RED', 'NA']).optional(),
  webhookMediaUrl: z.boolean().optional(),
};

export const AddNumberBody = z.object({
  phoneNumberId: z.string().regex(/^\d+$/),
  wabaId: z.string().regex(/^\d+$/),
  ...NumberSettings,
  templates: z.array(Template).optional(),
});

export const UpdateNumberBody = z.object(NumberSettings).partial();

export const CustomerBody = z.object({
  waId: z.string().regex(/^\+?[\d\s()-]{6,20}$/, 'must be a phone number with country code'),
  name: z.string().min(1).max(100),
  userId: z.union([z.string().min(1), z.literal(true)]).optional(),
  parentUserId: z.string().optional(),
  username: z.string().optional(),
  hidePhoneNumber: z.boolean().optional(),
  behaviour: Behaviour.optional(),
});

export const CustomerPatchBody = z.object({ name: z.string().min(1).optional(), behaviour: Behaviour.optional() });

const Common = {
  replyTo: z.string().optional(),
  forwarded: z.boolean().optional(),
  frequentlyForwarded: z.boolean().optional(),
  referral: z.union([z.literal(true), z.record(z.string(), z.unknown())]).optional(),
  duplicates: z.number().int().min(1).max(20).optional(),
  concurrentDuplicates: z.boolean().optional(),
  waitForDelivery: z.boolean().optional(),
};

const base64 = z.string().regex(/^[A-Za-z0-9+/=_-]*$/, 'must be base64');

/** One message from the customer; `type` picks the SimCustomer method. */
export const CustomerMessageBody = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string().min(1).max(65_536), ...Common }),
  z.object({ type: z.enum(['image', 'video', 'document', 'sticker']), caption: z.string().optional(), filename: z.string().optional(), dataBase64: base64.optional(), mimeType: z.string().optional(), animated: z.boolean().optional(), ...Common }),
  z.object({ type: z.literal('audio'), voice: z.boolean().optional(), dataBase64: base64.optional(), mimeType: z.string().optional(), ...Common }),
  z.object({ type: z.literal('location'), latitude: z.number(), longitude: z.number(), name: z.string().optional(), address: z.string().optional(), url: z.string().optional(), ...Common }),
  z.object({ type: z.literal('contacts'), contacts: z.array(z.looseObject({ name: z.looseObject({ formatted_name: z.string() }) })).min(1), ...Common }),
  z.object({ type: z.literal('button_reply'), id: z.string(), title: z.string(), ...Common }),
  z.object({ type: z.literal('list_reply'), id: z.string(), title: z.string(), description: z.string().optional(), ...Common }),
  z.object({ type: z.literal('flow_reply'), response: z.record(z.string(), z.unknown()), body: z.string().optional(), ...Common }),
  z.object({ type: z.literal('template_button'), payload: z.string(), text: z.string().optional(), ...Common }),
  z.object({ type: z.literal('reaction'), messageId: z.string(), emoji: z.string().nullable(), ...Common }),
  z.object({
    type: z.literal('order'),
    catalogId: z.string(),
    text: z.string().optional(),
    items: z.array(z.object({ product_retailer_id: z.string(), quantity: z.number().int().min(1), item_price: z.number(), currency: z.string() })).min(1),
    ...Common,
  }),
  z.object({ type: z.literal('unsupported'), kind: z.string().optional(), ...Common }),
  z.object({ type: z.literal('change_number'), newWaId: z.string().regex(/^\+?\d{6,15}$/), ...Common }),
]);
export type CustomerMessageBody = z.infer<typeof CustomerMessageBody>;

export const ReadBody = z.object({ messageIds: z.array(z.string()).optional() });

export const DeliverBody = z.object({
  payload: z.record(z.string(), z.unknown()),
  duplicates: z.number().int().min(1).max(20).optional(),
  concurrentDuplicates: z.boolean().optional(),
});

export const ValueErrorBody = z.object({ code: z.number().int(), details: z.string().optional() });

const Endpoint = z.enum(['messages', 'media-upload', 'media-lookup', 'media-delete', 'media-download', 'phone-number', 'phone-numbers', 'templates', 'unknown']);

export const FaultBody = z.object({
  endpoint: z.union([Endpoint, z.array(Endpoint)]).optional(),
  status: z.number().int().min(100).max(599).optional(),
  code: z.number().int().optional(),
  subcode: z.number().int().optional(),
  message: z.string().optional(),
  details: z.string().optional(),
  failAsync: z.number().int().optional(),
  delayMs: z.number().int().min(0).max(600_000).optional(),
  timeout: z.boolean().optional(),
  times: z.number().int().min(1).optional(),
});

export const AdvanceClockBody = z.object({ ms: z.number().min(0) });
export const WaitBody = z.object({ timeoutMs: z.number().int().min(1).max(600_000).optional() });
export const VerifyBody = z.object({ verifyToken: z.string().optional(), challenge: z.string().optional() });
