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

/** Filters shared by the list, the board and the reports; the UI keeps them in the URL. */
export const DealFilters = z.object({
  pipelineId: Id.optional(),
  stageId: Id.optional(),
  status: StageKind.optional(),
  ownerId: z.union([Id, z.literal('none')]).optional().describe('A member id, or none for deals nobody owns'),
  contactId: Id.optional(),
  tag: z.string().trim().min(1).max(40).optional(),
  minValue: Money.optional(),
  maxValue: Money.optional(),
  createdFrom: DateOnly.optional(),
  createdTo: DateOnly.optional(),
  expectedCloseFrom: DateOnly.optional(),
  expectedCloseTo: DateOnly.optional(),
  q: z.string().trim().min(1).max(200).optional().describe('Matches the title and the contact name'),
});
export type DealFilters = z.infer<typeof DealFilters>;

export const DealListQuery = DealFilters.extend({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(200).optional(),
  expand: z.enum(['contact']).optional(),
});
export type DealListQuery = z.infer<typeof DealListQuery>;

export const DealPage = z.object({ deals: z.array(Deal), nextCursor: z.string().nullable() });
export type DealPage = z.infer<typeof DealPage>;

export const MoneyTotal = z.object({ currency: Currency, amount: Money });

/** A board column: its stage, how many deals it holds and their value per currency, and the first page of them. */
export const BoardColumn = z.object({
  stage: PipelineStage,
  count: z.number().int(),
  totals: z.array(MoneyTotal),
  deals: z.array(Deal),
  nextCursor: z.string().nullable(),
});
export const Board = z.object({ pipeline: Pipeline, columns: z.array(BoardColumn) });
export type Board = z.infer<typeof Board>;

export const DealMove = z.object({
  stageId: Id,
  /** Place it right after this deal of the target column; null or absent puts it first. */
  afterDealId: Id.nullable().optional(),
  version: z.number().int().min(1).describe('The version the mover saw'),
  lostReasonId: Id.nullable().optional(),
  lostNote: z.string().trim().max(1000).nullable().optional(),
  conversationId: Id.optional().describe('The conversation the move was made from, for the stage history'),
});
export type DealMove = z.infer<typeof DealMove>;
