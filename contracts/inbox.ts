import { z } from 'zod';
import { Id, Role } from './common.js';
import { ConversationStatus, Message, Priority } from './conversations.js';

export const TagColor = z
  .string()
  .regex(/^(slate|red|orange|amber|lime|green|teal|sky|blue|violet|pink|rose|#[0-9a-fA-F]{6})$/, 'must be a palette name (slate, red, orange, amber, lime, green, teal, sky, blue, violet, pink, rose) or #rrggbb');

export const Tag = z.object({ id: Id, name: z.string(), color: z.string(), createdAt: z.string() });
export const TagInput = z.object({ name: z.string().trim().min(1, 'is required').max(40), color: TagColor });

export const Team = z.object({ id: Id, name: z.string(), memberIds: z.array(Id), createdAt: z.string() });
export const TeamInput = z.object({ name: z.string().trim().min(1, 'is required').max(60), memberIds: z.array(Id).max(500).default([]) });

export const CannedResponse = z.object({ id: Id, shortcut: z.string(), title: z.string(), body: z.string(), createdAt: z.string(), updatedAt: z.string() });
export const CannedResponseInput = z.object({
  shortcut: z
    .string()
    .trim()
    .regex(/^[\p{L}\p{N}_-]{1,30}$/u, 'must be 1–30 letters, digits, - or _ (typed after "/")'),
  title: z.string().trim().min(1, 'is required').max(80),
  body: z.string().trim().min(1, 'is required').max(4096),
});


export const AssignInput = z
  .object({
    assigneeId: Id.nullable().optional().describe('The member who will own it; null leaves it to nobody (in its team’s queue); left out, the owner stays as is'),
    teamId: Id.nullable().optional().describe('The team; null takes it out of any team; left out, the team stays as is. To send it to a team’s queue give assigneeId: null too'),
    note: z.string().trim().min(1).max(4000).optional().describe('Hand-off note, pinned for the new owner (required when the owner hands off their own conversation)'),
  })
  .refine((value) => value.assigneeId !== undefined || value.teamId !== undefined, 'give assigneeId, teamId or both');

export const ConversationPatch = z
  .object({
    status: ConversationStatus.optional(),
    snoozedUntil: z.iso.datetime({ offset: true }).optional().describe('Required with status snoozed: when it wakes up'),
    priority: Priority.optional(),
    tagIds: z.array(Id).max(50).optional().describe('Replaces the tags'),
    addTagIds: z.array(Id).max(50).optional(),
    removeTagIds: z.array(Id).max(50).optional(),
    intent: z.string().trim().max(60).nullable().optional(),
  })
  .refine((value) => Object.values(value).some((v) => v !== undefined), 'give at least one field to change')
  .refine((value) => value.status !== 'snoozed' || value.snoozedUntil !== undefined, { message: 'is required when status is snoozed', path: ['snoozedUntil'] });

export const EscalateInput = z.object({
  note: z.string().trim().min(1).max(4000).optional(),
  priority: z.enum(['high', 'urgent']).default('urgent'),
});

export const BulkInput = z.object({
  conversationIds: z.array(Id).min(1).max(500),
  action: z.discriminatedUnion('type', [
    z.object({ type: z.literal('assign'), assigneeId: Id.nullable().optional(), teamId: Id.nullable().optional() }),
    z.object({ type: z.literal('tag'), addTagIds: z.array(Id).max(50).optional(), removeTagIds: z.array(Id).max(50).optional() }),
    z.object({ type: z.literal('resolve') }),
    z.object({ type: z.literal('priority'), priority: Priority }),
  ]),
});
export const BulkResult = z.object({
  results: z.array(z.object({ conversationId: Id, ok: z.boolean(), error: z.object({ code: z.string(), message: z.string() }).optional() })),
});

export const MemberRef = z.object({ id: Id, name: z.string() });
export const TakenConflict = z.object({ assignee: MemberRef.nullable() });
export const StaleReply = z.object({ newMessages: z.array(Message) });

/** One entry of a conversation's activity: who changed what, when. */
export const Activity = z.object({
  id: z.number().int(),
  type: z.string(),
  actor: z.object({ type: z.enum(['user', 'api_token', 'system']), id: z.string().nullable(), name: z.string().nullable() }),
  payload: z.record(z.string(), z.unknown()),
  at: z.string(),
});

export const View = z.enum(['mine', 'unassigned', 'all', 'mentions']);
export const Sort = z.enum(['waiting', 'newest', 'priority']);

/** Filters for the list, the counts and saved views. */
export const InboxFilters = z.object({
  view: View.optional(),
  status: z.array(ConversationStatus).max(4).optional(),
  priority: z.array(Priority).max(4).optional(),
  tagId: z.array(Id).max(20).optional(),
  intent: z.array(z.string().max(60)).max(20).optional(),
  assigneeId: z.array(Id).max(50).optional(),
  teamId: z.array(Id).max(50).optional(),
  channelId: z.array(Id).max(50).optional(),
  contactId: Id.optional(),
  since: z.iso.datetime({ offset: true }).optional().describe('Last activity at or after'),
  until: z.iso.datetime({ offset: true }).optional().describe('Last activity before'),
  q: z.string().trim().min(1).max(200).optional().describe('Search contact names, numbers and message text'),
  sort: Sort.optional(),
});
export type InboxFilters = z.infer<typeof InboxFilters>;

export const Counts = z.object({
  mine: z.number().int(),
  unassigned: z.number().int(),
  all: z.number().int(),
  mentions: z.number().int(),
  teams: z.record(z.string(), z.number().int()),
  channels: z.record(z.string(), z.number().int()),
});

export const SavedView = z.object({ id: Id, name: z.string(), filters: InboxFilters, createdAt: z.string() });
export const SavedViewInput = z.object({ name: z.string().trim().min(1, 'is required').max(60), filters: InboxFilters });

export const Notification = z.object({
  id: z.number().int(),
  kind: z.enum(['assigned', 'handed_off', 'mentioned', 'new_message', 'escalated', 'priority_raised', 'sla_warning', 'sla_breached']),
  conversationId: Id.nullable(),
  displayNumber: z.number().int().nullable(),
  actor: MemberRef.nullable(),
  count: z.number().int(),
  text: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

export const PresenceState = z.enum(['viewing', 'typing', 'left']);
export const Presence = z.object({ conversationId: Id, memberId: Id, name: z.string(), state: z.enum(['viewing', 'typing']), expiresAt: z.string() });

export const MemberSummary = z.object({ id: Id, name: z.string(), role: Role });


/** A query-string parameter given once or repeated (`status=open&status=pending`). */
const many = <T extends z.ZodType>(item: T, max: number) => z.preprocess((value) => (value === undefined || Array.isArray(value) ? value : [value]), z.array(item).max(max)).optional();

/** InboxFilters as query-string parameters. */
export const InboxQuery = InboxFilters.extend({
  status: many(ConversationStatus, 4),
  priority: many(Priority, 4),
  tagId: many(Id, 20),
  intent: many(z.string().max(60), 20),
  assigneeId: many(Id, 50),
  teamId: many(Id, 50),
  channelId: many(Id, 50),
});
