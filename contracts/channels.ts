import { z } from 'zod';
import { Id } from './common.js';

const GraphId = z.string().trim().regex(/^\d{5,30}$/, 'must be the numeric id shown in Meta’s dashboard');
const Secret = z.string().trim().min(8, 'looks too short').max(1000);
const ApiVersion = z.string().regex(/^v\d+\.\d+$/, 'must look like v23.0');
const BaseUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(300);

export const ChannelCreate = z.object({
  type: z.literal('whatsapp'),
  name: z.string().trim().min(1, 'is required').max(100),
  phoneNumberId: GraphId,
  wabaId: GraphId,
  accessToken: Secret,
  appSecret: Secret,
  verifyToken: z.string().trim().min(8, 'must be at least 8 characters').max(200),
  apiBaseUrl: BaseUrl.optional(),
  apiVersion: ApiVersion.optional(),
  reopenPolicy: z.enum(['reopen', 'new']).optional(),
});

export const ChannelUpdate = ChannelCreate.omit({ type: true, phoneNumberId: true, wabaId: true })
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'send at least one field to change');

export const ChannelHealth = z.enum(['unchecked', 'connected', 'token_expired', 'disconnected']);
/** Why a number is not connected when no Graph code says it: Bandeja's own findings. */
export const ChannelProblemReason = z.enum(['not_in_waba', 'held_elsewhere', 'address_not_allowed']);

export const Channel = z.object({
  id: Id,
  type: z.literal('whatsapp'),
  name: z.string(),
  phoneNumberId: z.string(),
  wabaId: z.string(),
  displayPhoneNumber: z.string().nullable(),
  verifiedName: z.string().nullable(),
  apiBaseUrl: z.string(),
  apiVersion: z.string(),
  reopenPolicy: z.enum(['reopen', 'new']),
  health: ChannelHealth,
  lastError: z.object({ code: z.number().nullable(), reason: ChannelProblemReason.nullable(), message: z.string(), at: z.string() }).nullable(),
  lastCheckedAt: z.string().nullable(),
  verifiedAt: z.string().nullable().describe('When Graph confirmed the number with its token and WABA; only a verified number holds its phone number id'),
  webhookUrl: z.string().describe('Paste this as the callback URL in Meta’s dashboard'),
  createdAt: z.string(),
});
export type Channel = z.infer<typeof Channel>;

export const ChannelCheck = z.object({
  ok: z.boolean(),
  health: ChannelHealth,
  message: z.string().describe('The result in plain words'),
});

export const ChannelCreated = z.object({ channel: Channel, check: ChannelCheck, verifyToken: z.string() });
