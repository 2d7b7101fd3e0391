import { z } from 'zod';
import { Id } from './common.js';
import { CustomFieldValues, decimalPattern } from './custom-fields.js';

/** An exact decimal amount as a string with at most 2 places ("1500", "1500.50"): never a float. */
export const Money = z.string().trim().regex(decimalPattern, 'must be an amount such as 1500.50 (a dot before the cents)');
export const Currency = z
  .string()
  .trim()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as ARS, MXN, EUR, USD');
export const DateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD');

export const StageKind = z.enum(['open', 'won', 'lost']);
export type StageKind = z.infer<typeof StageKind>;

export const PipelineStage = z.object({
  id: Id,
  name: z.string(),
  kind: StageKind,
  position: z.number().int(),
  conversationTagId: Id.nullable().describe('The conversation tag this stage puts on the contact’s open conversations when the pipeline syncs tags'),
});
export type PipelineStage = z.infer<typeof PipelineStage>;

export const Pipeline = z.object({
  id: Id,
  name: z.string(),
  position: z.number().int(),
  syncConversationTags: z.boolean(),
  stages: z.array(PipelineStage).describe('In board order'),
});
export type Pipeline = z.infer<typeof Pipeline>;

export const LostReason = z.object({ id: Id, label: z.string(), position: z.number().int() });
export type LostReason = z.infer<typeof LostReason>;

export const DealContact = z.object({ id: Id, name: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable() });

export const Deal = z.object({
  id: Id,
  title: z.string(),
  pipelineId: Id,
  stageId: Id,
  status: StageKind.describe('The kind of its stage: open, won or lost'),
  contactId: Id,
  contact: DealContact.optional().describe('With expand=contact'),
  value: Money.nullable(),
  currency: Currency,
  ownerId: Id.nullable().describe('Member id of the seller who owns it'),
  expectedCloseOn: DateOnly.nullable(),
  customFields: CustomFieldValues,
  tags: z.array(z.string()),
  source: z.object({ conversationId: Id.nullable(), channelId: Id.nullable(), intent: z.string().nullable(), flowId: Id.nullable() }),
  lostReasonId: Id.nullable(),
  lostNote: z.string().nullable(),
  leadStatus: z.enum(['accepted', 'pending']).describe('pending: an incoming lead nobody has accepted yet'),
  version: z.number().int().describe('Send it back with a change: a change made on an older version is refused with 409 version_conflict'),
  stageEnteredAt: z.string(),
  closedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Deal = z.infer<typeof Deal>;

/**
 * What an event about a deal carries in its payload (the reports fold these). `name` is the title,
 * so the activity log can tell it without another read.
 */
export type DealEventPayload = {
  name: string;
  pipelineId: string;
  contactId: string;
  value: string | null;
  currency: string;
  ownerId: string | null;
  fromStageId?: string | null;
  fromStageName?: string | null;
  stageId: string;
  stageName: string;
  stageKind: StageKind;
  /** Where the change came from: a conversation, a bot flow, a rule. */
  conversationId?: string | null;
  flowId?: string | null;
  lostReasonId?: string | null;
  fields?: string[];
};
