import { sql } from 'drizzle-orm';
import type { RuleActions, RuleCondition, RoutingSettings, Schedule } from '../../contracts/routing.js';
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  customType,
  boolean,
  date,
  numeric,
  index,
  primaryKey,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const customBytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });
const id = () => uuid('id').primaryKey().defaultRandom();
const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
/** Every domain row belongs to a workspace; deleting the workspace deletes its rows. */
const workspaceRef = () =>
  uuid('workspace_id')
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' });

export const workspaces = pgTable('workspaces', {
  id: id(),
  name: text('name').notNull(),
  language: text('language', { enum: ['es', 'en'] }).notNull().default('es'),
  timeZone: text('time_zone').notNull().default('America/Argentina/Buenos_Aires'),
  /** Shared-inbox rules: who may assign, who may reply, what agents see. */
  inboxSettings: jsonb('inbox_settings').$type<Partial<InboxSettings>>().notNull().default({}),
  /** Routing: away timeout, default capacity, SLA targets, business hours without a team. */
  routingSettings: jsonb('routing_settings').$type<Partial<RoutingSettings>>().notNull().default({}),
  /** When an admin hid the inbox's getting-started checklist for everyone in the workspace. */
  setupChecklistDismissedAt: at('setup_checklist_dismissed_at'),
  /** When an admin first opened the routing rules page (the checklist's "review the rules"). */
  routingRulesReviewedAt: at('routing_rules_reviewed_at'),
  /** ISO 3166 country a phone written without +country code belongs to (contacts, imports, search). */
  defaultCountry: text('default_country').notNull().default('AR'),
  /** ISO 4217 currency a deal's value is in unless it says otherwise. */
  defaultCurrency: text('default_currency').notNull().default('ARS'),
  createdAt: createdAt(),
});

export type InboxSettings = {
  /** Agents may assign and reassign (not only take unassigned conversations). */
  agentsCanAssign: boolean;
  /** Only the assignee (and supervisors, admins, owners) may reply to a customer. */
  onlyAssigneeReplies: boolean;
  /** What agents see: every conversation, or only their teams', unteamed ones and their own. */
  agentVisibility: 'all' | 'team';
};
export const defaultInboxSettings: InboxSettings = { agentsCanAssign: false, onlyAssigneeReplies: false, agentVisibility: 'all' };

/** A person. Global: one login can belong to several workspaces through memberships. */
export const users = pgTable(
  'users',
  {
    id: id(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    language: text('language', { enum: ['es', 'en'] }).notNull().default('es'),
    timeZone: text('time_zone').notNull().default('America/Argentina/Buenos_Aires'),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('users_email_key').on(sql`lower(${table.email})`)],
);

/**
 * Failed sign-ins per normalised email, whether or not an account has it: an unknown email is
 * counted and locked exactly like a real one, so the answers do not tell which emails exist.
 */
export const loginFailures = pgTable('login_failures', {
  email: text('email').primaryKey(),
  /** Failures in a row since the last success, lock or quiet period. */
  failures: integer('failures').notNull().default(0),
  lastFailedAt: at('last_failed_at').notNull(),
  lockedUntil: at('locked_until'),
});

export const memberships = pgTable(
  'memberships',
  {
    id: id(),
    workspaceId: workspaceRef(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['owner', 'admin', 'supervisor', 'agent'] }).notNull(),
    status: text('status', { enum: ['active', 'deactivated'] }).notNull().default('active'),
    /** Routing: max open conversations (null: the workspace default). */
    capacity: integer('capacity'),
    /** When the agent works (null: always). */
    shift: jsonb('shift').$type<Schedule | null>(),
    /** What the agent chose; idle agents count as away (see `lastActivityAt`). */
    availability: text('availability', { enum: ['online', 'away', 'offline'] }).notNull().default('online'),
    lastActivityAt: at('last_activity_at'),
    /** When an agent who chose "online" went idle, once recorded as an event (null: not idle, or not online). */
    idleSince: at('idle_since'),
    lastAssignedAt: at('last_assigned_at'),
    /** Whether the agent was on shift at the last check (shift starts and ends are transitions of this). */
    onShift: boolean('on_shift'),
    createdAt: createdAt(),
    deactivatedAt: at('deactivated_at'),
  },
  (table) => [
    uniqueIndex('memberships_workspace_user_key').on(table.workspaceId, table.userId),
    index('memberships_user_idx').on(table.userId),
  ],
);

export const invitations = pgTable(
  'invitations',
  {
    id: id(),
    workspaceId: workspaceRef(),
    email: text('email').notNull(),
    role: text('role', { enum: ['admin', 'supervisor', 'agent'] }).notNull(),
    tokenHash: text('token_hash').notNull(),
    invitedByUserId: uuid('invited_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** Teams the person joins on accepting (those still existing then), so routing reaches them from day one. */
    teamIds: uuid('team_ids').array().notNull().default(sql`'{}'::uuid[]`),
    status: text('status', { enum: ['pending', 'accepted', 'revoked', 'expired'] })
      .notNull()
      .default('pending'),
    expiresAt: at('expires_at').notNull(),
    acceptedAt: at('accepted_at'),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('invitations_token_hash_key').on(table.tokenHash),
    index('invitations_workspace_idx').on(table.workspaceId, table.status),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    id: id(),
    tokenHash: text('token_hash').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    workspaceId: uuid('workspace_id').references(() => workspaces.id, { onDelete: 'set null' }),
    csrfToken: text('csrf_token').notNull(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    lastSeenAt: at('last_seen_at').notNull().defaultNow(),
    expiresAt: at('expires_at').notNull(),
  },
  (table) => [
    uniqueIndex('sessions_token_hash_key').on(table.tokenHash),
    index('sessions_user_idx').on(table.userId),
  ],
);

export const passwordResets = pgTable(
  'password_resets',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    /** The link, kept only while no mailer is configured so admins can hand it over. Cleared when used. */
    link: text('link'),
    createdAt: createdAt(),
    expiresAt: at('expires_at').notNull(),
    usedAt: at('used_at'),
  },
  (table) => [
    uniqueIndex('password_resets_token_hash_key').on(table.tokenHash),
    index('password_resets_user_idx').on(table.userId),
  ],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: id(),
    workspaceId: workspaceRef(),
    name: text('name').notNull(),
    role: text('role', { enum: ['admin', 'supervisor', 'agent'] }).notNull().default('admin'),
    tokenHash: text('token_hash').notNull(),
    tokenPrefix: text('token_prefix').notNull(),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    lastUsedAt: at('last_used_at'),
    revokedAt: at('revoked_at'),
  },
  (table) => [
    uniqueIndex('api_tokens_token_hash_key').on(table.tokenHash),
    index('api_tokens_workspace_idx').on(table.workspaceId),
  ],
);

/** Append-only log of every state change; feeds the audit log, realtime, webhooks and metrics. */
export const events = pgTable(
  'events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: uuid('workspace_id').references(() => workspaces.id, { onDelete: 'cascade' }),
    actorType: text('actor_type', { enum: ['user', 'api_token', 'system'] }).notNull(),
    actorId: uuid('actor_id'),
    type: text('type').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (table) => [
    index('events_workspace_id_idx').on(table.workspaceId, table.id),
    index('events_subject_idx').on(table.workspaceId, table.subjectType, table.subjectId),
    index('events_type_time_idx').on(table.workspaceId, table.type, table.createdAt),
  ],
);

/** A connected WhatsApp number (Cloud API). Secrets are encrypted with SECRET_KEY. */
export const channels = pgTable(
  'channels',
  {
    id: id(),
    workspaceId: workspaceRef(),
    type: text('type', { enum: ['whatsapp'] }).notNull().default('whatsapp'),
    name: text('name').notNull(),
    phoneNumberId: text('phone_number_id').notNull(),
    wabaId: text('waba_id').notNull(),
    displayPhoneNumber: text('display_phone_number'),
    verifiedName: text('verified_name'),
    accessTokenSealed: text('access_token_sealed').notNull(),
    appSecretSealed: text('app_secret_sealed').notNull(),
    verifyTokenSealed: text('verify_token_sealed').notNull(),
    verifyTokenHash: text('verify_token_hash').notNull(),
    apiBaseUrl: text('api_base_url').notNull().default('https://graph.facebook.com'),
    apiVersion: text('api_version').notNull().default('v23.0'),
    health: text('health', { enum: ['unchecked', 'connected', 'token_expired', 'disconnected'] })
      .notNull()
      .default('unchecked'),
    lastError: jsonb('last_error').$type<{ code: number | null; message: string; at: string; reason?: 'not_in_waba' | 'held_elsewhere' | 'address_not_allowed' | null } | null>(),
    lastCheckedAt: at('last_checked_at'),
    /**
     * When Graph confirmed the number with this token and WABA. Only a verified number holds its
     * phone_number_id: an unverified claim never keeps the real owner out.
     */
    verifiedAt: at('verified_at'),
    /** What a customer message to a resolved conversation does: reopen it, or open a new one. */
    reopenPolicy: text('reopen_policy', { enum: ['reopen', 'new'] }).notNull().default('reopen'),
    /** The team a conversation on this number goes to when no rule picks one. */
    defaultTeamId: uuid('default_team_id').references((): AnyPgColumn => teams.id, { onDelete: 'set null' }),
    /** Out-of-hours auto-reply for this number (a team's own reply wins). */
    outOfHoursReply: text('out_of_hours_reply'),
    /** Incoming leads: a new contact's first conversation on this number opens a deal in this pipeline's first stage. */
    leadPipelineId: uuid('lead_pipeline_id').references((): AnyPgColumn => pipelines.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    deletedAt: at('deleted_at'),
  },
  (table) => [
    uniqueIndex('channels_verified_phone_number_id_key').on(table.phoneNumberId).where(sql`deleted_at is null and verified_at is not null`),
    index('channels_phone_number_id_idx').on(table.phoneNumberId).where(sql`deleted_at is null`),
    index('channels_workspace_idx').on(table.workspaceId),
  ],
);

/** Every verified webhook body, stored before the 200 so nothing Meta sends is ever lost. */
export const webhookPayloads = pgTable(
  'webhook_payloads',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    provider: text('provider', { enum: ['whatsapp'] }).notNull().default('whatsapp'),
    body: text('body').notNull(),
    /** `dead`: parked after every attempt failed, until an operator replays it (docs/operations.md). */
    status: text('status', { enum: ['pending', 'processed', 'failed', 'ignored', 'dead'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /**
     * The numbers whose app secret verified the signature when it arrived: only their changes are
     * processed, whoever holds the phone number id by then (null on rows stored before this column).
     */
    channelIds: uuid('channel_ids').array(),
    receivedAt: createdAt(),
    processedAt: at('processed_at'),
  },
  (table) => [index('webhook_payloads_pending_idx').on(table.status, table.id)],
);

export const contacts = pgTable(
  'contacts',
  {
    id: id(),
    workspaceId: workspaceRef(),
    name: text('name'),
    username: text('username'),
    /** E.164 with '+', canonical across the Brazil / Argentina / Mexico variants. */
    phone: text('phone'),
    /** The wa_id WhatsApp last used for this person: what we send to. */
    waId: text('wa_id'),
    /** Business-scoped user id (BSUID). */
    userId: text('user_id'),
    vip: boolean('vip').notNull().default(false),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    /** Values of the workspace's contact custom fields, by field key (see `customFields`). */
    customFields: jsonb('custom_fields').$type<CustomFieldValues>().notNull().default({}),
    /** Lower-cased, trimmed. */
    email: text('email'),
    /** The account manager; routing's sticky strategy may prefer them. */
    ownerMembershipId: uuid('owner_membership_id').references((): AnyPgColumn => memberships.id, { onDelete: 'set null' }),
    /** Marketing consent: unknown until the customer or an agent says; source says how (keyword, agent, import, api). */
    marketingConsent: text('marketing_consent', { enum: ['unknown', 'opted_in', 'opted_out'] }).notNull().default('unknown'),
    marketingConsentSource: text('marketing_consent_source'),
    marketingConsentAt: at('marketing_consent_at'),
    /** A blocked contact's messages are stored but open no conversation. */
    blockedAt: at('blocked_at'),
    /** Merged away into another contact: every read of this id points there. */
    mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => contacts.id),
    /** The import that created this contact (undo removes exactly these). */
    createdByImportId: uuid('created_by_import_id'),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (table) => [
    index('contacts_workspace_idx').on(table.workspaceId, table.createdAt),
    index('contacts_name_trgm_idx').using('gin', sql`name gin_trgm_ops`),
    index('contacts_phone_trgm_idx').using('gin', sql`phone gin_trgm_ops`),
    index('contacts_email_trgm_idx').using('gin', sql`email gin_trgm_ops`),
    index('contacts_email_idx').on(table.workspaceId, table.email),
    index('contacts_owner_idx').on(table.workspaceId, table.ownerMembershipId),
    index('contacts_custom_fields_idx').using('gin', sql`custom_fields jsonb_path_ops`),
    index('contacts_import_idx').on(table.createdByImportId).where(sql`created_by_import_id is not null`),
  ],
);

export type CustomFieldValue = string | number | boolean | string[] | null;
export type CustomFieldValues = Record<string, CustomFieldValue>;

/** A contact is found by any of its keys: wa_id, canonical phone, business-scoped user id. */
export const contactIdentities = pgTable(
  'contact_identities',
  {
    workspaceId: workspaceRef(),
    kind: text('kind', { enum: ['wa_id', 'phone', 'user_id'] }).notNull(),
    value: text('value').notNull(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('contact_identities_key').on(table.workspaceId, table.kind, table.value),
    index('contact_identities_contact_idx').on(table.contactId),
  ],
);

export const conversations = pgTable(
  'conversations',
  {
    id: id(),
    workspaceId: workspaceRef(),
    displayNumber: integer('display_number').notNull(),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => channels.id),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id),
    status: text('status', { enum: ['open', 'pending', 'snoozed', 'resolved'] }).notNull().default('open'),
    priority: text('priority', { enum: ['low', 'normal', 'high', 'urgent'] }).notNull().default('normal'),
    assigneeMembershipId: uuid('assignee_membership_id').references(() => memberships.id),
    teamId: uuid('team_id').references(() => teams.id, { onDelete: 'set null' }),
    intent: text('intent'),
    snoozedUntil: at('snoozed_until'),
    /** The hand-off note pinned at the top for the new owner (an internal note). */
    pinnedNoteId: uuid('pinned_note_id'),
    /** Preview for the list: the latest message's text and who wrote it. */
    lastMessageText: text('last_message_text'),
    lastMessageDirection: text('last_message_direction', { enum: ['inbound', 'outbound', 'internal'] }),
    waitingSince: at('waiting_since'),
    windowExpiresAt: at('window_expires_at'),
    lastMessageAt: at('last_message_at'),
    /** When the latest customer message arrived here (read state compares against it). */
    lastInboundAt: at('last_inbound_at'),
    lastActivityAt: at('last_activity_at').notNull().defaultNow(),
    createdAt: createdAt(),
    resolvedAt: at('resolved_at'),
    /** Set by ingest when a new or reopened conversation waits for the router; cleared when routed. */
    needsRouting: boolean('needs_routing').notNull().default(false),
    /** When the rules last classified it (once per cycle) and the strategy they chose for its queue. */
    routedAt: at('routed_at'),
    routingStrategy: text('routing_strategy', { enum: ['round_robin', 'least_loaded', 'sticky', 'queue'] }),
    /** The current care cycle (a reopen starts a new one) and its first human reply. */
    cycleStartedAt: at('cycle_started_at'),
    firstResponseAt: at('first_response_at'),
    /** The SLA target running now, when it is due, when to warn, and how it stands. */
    slaTarget: text('sla_target', { enum: ['first_response', 'next_response', 'resolution'] }),
    slaDueAt: at('sla_due_at'),
    slaWarnAt: at('sla_warn_at'),
    slaState: text('sla_state', { enum: ['ok', 'warning', 'breached'] }),
    /** The reopening instant of the closed period the out-of-hours reply was sent for. */
    autoRepliedUntil: at('auto_replied_until'),
  },
  (table) => [
    uniqueIndex('conversations_display_number_key').on(table.workspaceId, table.displayNumber),
    // At most one conversation per (number, contact) that is not resolved.
    uniqueIndex('conversations_active_key').on(table.channelId, table.contactId).where(sql`status <> 'resolved'`),
    index('conversations_activity_idx').on(table.workspaceId, table.lastActivityAt),
    index('conversations_contact_idx').on(table.contactId),
    index('conversations_waiting_idx').on(table.workspaceId, table.status, sql`coalesce(waiting_since, 'infinity'::timestamptz)`, table.id),
    // The default inbox (open + pending, longest waiting first) and its counts, without sorting or heap reads.
    index('conversations_active_waiting_idx')
      .on(table.workspaceId, sql`coalesce(waiting_since, 'infinity'::timestamptz)`, table.id)
      .where(sql`status in ('open', 'pending')`),
    index('conversations_active_counts_idx')
      .on(table.workspaceId, table.teamId, table.channelId, table.assigneeMembershipId)
      .where(sql`status in ('open', 'pending')`),
    index('conversations_assignee_idx').on(table.assigneeMembershipId, table.status),
    index('conversations_team_idx').on(table.teamId, table.status),
    index('conversations_snoozed_idx').on(table.snoozedUntil).where(sql`status = 'snoozed'`),
    index('conversations_routing_idx').on(table.workspaceId).where(sql`needs_routing`),
    index('conversations_queue_idx')
      .on(table.workspaceId, table.teamId, sql`coalesce(waiting_since, 'infinity'::timestamptz)`)
      .where(sql`assignee_membership_id is null and status in ('open', 'pending')`),
    index('conversations_sla_idx').on(table.slaDueAt).where(sql`sla_state in ('ok', 'warning')`),
  ],
);

/** Per-workspace counters (conversation display numbers). */
export const workspaceCounters = pgTable(
  'workspace_counters',
  {
    workspaceId: workspaceRef(),
    name: text('name').notNull(),
    value: integer('value').notNull().default(0),
  },
  (table) => [uniqueIndex('workspace_counters_key').on(table.workspaceId, table.name)],
);

export type MessageStatus = 'received' | 'pending' | 'sending' | 'sent' | 'delivered' | 'read' | 'played' | 'failed';

export const messages = pgTable(
  'messages',
  {
    id: id(),
    workspaceId: workspaceRef(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => channels.id),
    /** inbound (customer), outbound (to WhatsApp) or internal (a note: never sent). */
    direction: text('direction', { enum: ['inbound', 'outbound', 'internal'] }).notNull(),
    type: text('type').notNull(),
    /** Searchable text: the body, caption, title or a short description of the content. */
    text: text('text'),
    content: jsonb('content').$type<Record<string, unknown>>().notNull().default({}),
    /** The WhatsApp message id (wamid). */
    externalId: text('external_id'),
    status: text('status').$type<MessageStatus>().notNull(),
    error: jsonb('error').$type<{ code: number | null; title: string; details?: string } | null>(),
    replyToExternalId: text('reply_to_external_id'),
    senderMembershipId: uuid('sender_membership_id').references(() => memberships.id),
    senderApiTokenId: uuid('sender_api_token_id').references(() => apiTokens.id),
    idempotencyKey: text('idempotency_key'),
    attempts: integer('attempts').notNull().default(0),
    /** When WhatsApp says it happened (inbound) or when it was accepted by Graph (outbound). */
    occurredAt: at('occurred_at').notNull().defaultNow(),
    statusAt: at('status_at'),
    createdAt: createdAt(),
    raw: jsonb('raw').$type<Record<string, unknown>>(),
    /** Members @mentioned in a note. */
    mentions: jsonb('mentions').$type<string[]>(),
  },
  (table) => [
    uniqueIndex('messages_external_id_key').on(table.channelId, table.externalId),
    uniqueIndex('messages_idempotency_key').on(table.workspaceId, table.idempotencyKey),
    index('messages_conversation_idx').on(table.conversationId, table.occurredAt),
    index('messages_search_idx').using('gin', sql`(to_tsvector('spanish', coalesce(text, '')) || to_tsvector('english', coalesce(text, '')))`),
  ],
);

/** Status webhooks, kept even when their message is not stored yet (a race with the send response). */
export const messageStatusUpdates = pgTable(
  'message_status_updates',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => channels.id),
    externalId: text('external_id').notNull(),
    status: text('status').notNull(),
    occurredAt: at('occurred_at').notNull(),
    error: jsonb('error').$type<{ code: number | null; title: string; details?: string } | null>(),
    callbackData: text('callback_data'),
    appliedAt: at('applied_at'),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('message_status_updates_key').on(table.channelId, table.externalId, table.status),
    index('message_status_updates_unapplied_idx').on(table.channelId, table.externalId).where(sql`applied_at is null`),
  ],
);

export const messageTemplates = pgTable(
  'message_templates',
  {
    id: id(),
    workspaceId: workspaceRef(),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    externalId: text('external_id'),
    name: text('name').notNull(),
    language: text('language').notNull(),
    status: text('status').notNull(),
    category: text('category').notNull(),
    components: jsonb('components').$type<unknown[]>().notNull().default([]),
    syncedAt: at('synced_at').notNull().defaultNow(),
  },
  (table) => [uniqueIndex('message_templates_key').on(table.channelId, table.name, table.language)],
);

export const mediaFiles = pgTable(
  'media_files',
  {
    id: id(),
    workspaceId: workspaceRef(),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => channels.id),
    messageId: uuid('message_id').references(() => messages.id),
    externalMediaId: text('external_media_id'),
    mimeType: text('mime_type'),
    sha256: text('sha256'),
    size: integer('size'),
    filename: text('filename'),
    storageKey: text('storage_key'),
    status: text('status', { enum: ['pending', 'stored', 'failed'] }).notNull().default('pending'),
    lastError: text('last_error'),
    createdAt: createdAt(),
  },
  (table) => [index('media_files_message_idx').on(table.messageId)],
);

/** A group of members (Ventas, Soporte, Supervisores) with its hours and routing policy. */
export const teams = pgTable(
  'teams',
  {
    id: id(),
    workspaceId: workspaceRef(),
    name: text('name').notNull(),
    businessHours: jsonb('business_hours').$type<Schedule | null>(),
    /** What happens to an agent's open conversations when their shift ends. */
    shiftEndPolicy: text('shift_end_policy', { enum: ['keep', 'queue', 'reassign'] }).notNull().default('keep'),
    defaultStrategy: text('default_strategy', { enum: ['round_robin', 'least_loaded', 'sticky', 'queue'] }).notNull().default('round_robin'),
    outOfHoursReply: text('out_of_hours_reply'),
    /** Round-robin pointer: the member who got the last conversation (kept across restarts and processes). */
    roundRobinLastId: uuid('round_robin_last_id'),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('teams_name_key').on(table.workspaceId, sql`lower(${table.name})`)],
);

export const teamMembers = pgTable(
  'team_members',
  {
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    membershipId: uuid('membership_id')
      .notNull()
      .references(() => memberships.id, { onDelete: 'cascade' }),
    /** Max open conversations for this member inside this team (null: their own capacity). */
    capacity: integer('capacity'),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.teamId, table.membershipId] }), index('team_members_membership_idx').on(table.membershipId)],
);

export const tags = pgTable(
  'tags',
  {
    id: id(),
    workspaceId: workspaceRef(),
    name: text('name').notNull(),
    /** A colour from the palette the UI offers (e.g. "amber"), or a #rrggbb value. */
    color: text('color').notNull(),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('tags_name_key').on(table.workspaceId, sql`lower(${table.name})`)],
);

export const conversationTags = pgTable(
  'conversation_tags',
  {
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    tagId: uuid('tag_id')
      .notNull()
      .references(() => tags.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.conversationId, table.tagId] }), index('conversation_tags_tag_idx').on(table.tagId)],
);

/** Members who keep read access to a conversation they do not own (previous owners, mentioned). */
export const conversationParticipants = pgTable(
  'conversation_participants',
  {
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    membershipId: uuid('membership_id')
      .notNull()
      .references(() => memberships.id, { onDelete: 'cascade' }),
    reason: text('reason', { enum: ['previous_owner', 'mentioned'] }).notNull(),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.conversationId, table.membershipId] }), index('conversation_participants_membership_idx').on(table.membershipId)],
);

/** Per-member read state: a conversation is unread when it has activity after lastReadAt. */
export const conversationReads = pgTable(
  'conversation_reads',
  {
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    membershipId: uuid('membership_id')
      .notNull()
      .references(() => memberships.id, { onDelete: 'cascade' }),
    lastReadAt: at('last_read_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.membershipId, table.conversationId] })],
);

export type NotificationKind = 'assigned' | 'handed_off' | 'mentioned' | 'new_message' | 'escalated' | 'priority_raised' | 'sla_warning' | 'sla_breached';

/** In-app notifications. New messages collapse into one unread row per conversation. */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: workspaceRef(),
    membershipId: uuid('membership_id')
      .notNull()
      .references(() => memberships.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<NotificationKind>().notNull(),
    conversationId: uuid('conversation_id').references(() => conversations.id, { onDelete: 'cascade' }),
    messageId: uuid('message_id'),
    actorMembershipId: uuid('actor_membership_id'),
    count: integer('count').notNull().default(1),
    text: text('text'),
    createdAt: createdAt(),
    readAt: at('read_at'),
  },
  (table) => [
    index('notifications_member_idx').on(table.membershipId, table.id),
    index('notifications_mentions_idx').on(table.membershipId, table.conversationId).where(sql`kind = 'mentioned'`),
    uniqueIndex('notifications_unread_message_key')
      .on(table.membershipId, table.conversationId, table.kind)
      .where(sql`read_at is null and kind = 'new_message'`),
  ],
);

/** Canned responses, inserted with "/shortcut"; bodies may use {{contact.first_name}} and friends. */
export const cannedResponses = pgTable(
  'canned_responses',
  {
    id: id(),
    workspaceId: workspaceRef(),
    shortcut: text('shortcut').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (table) => [uniqueIndex('canned_responses_shortcut_key').on(table.workspaceId, sql`lower(${table.shortcut})`)],
);

/** A member's saved filter set for the inbox. */
export const savedViews = pgTable(
  'saved_views',
  {
    id: id(),
    workspaceId: workspaceRef(),
    membershipId: uuid('membership_id')
      .notNull()
      .references(() => memberships.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    filters: jsonb('filters').$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (table) => [index('saved_views_member_idx').on(table.membershipId)],
);

/** Ordered routing rules: conditions → team, priority, tags, intent, strategy, escalation. */
export const routingRules = pgTable(
  'routing_rules',
  {
    id: id(),
    workspaceId: workspaceRef(),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    match: text('match', { enum: ['all', 'any'] }).notNull().default('all'),
    conditions: jsonb('conditions').$type<RuleCondition[]>().notNull().default([]),
    actions: jsonb('actions').$type<RuleActions>().notNull(),
    stop: boolean('stop').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (table) => [index('routing_rules_workspace_idx').on(table.workspaceId, table.position)],
);

/**
 * Metrics: one row per care cycle of a conversation (a reopen starts a new cycle), folded from the
 * append-only events by `modules/metrics` — never written by request handlers. Only instants are
 * stored; durations (clock and business hours) are computed when reported.
 */
export const metricCycles = pgTable(
  'metric_cycles',
  {
    conversationId: uuid('conversation_id').notNull(),
    cycle: integer('cycle').notNull(),
    workspaceId: workspaceRef(),
    channelId: uuid('channel_id'),
    teamId: uuid('team_id'),
    assigneeMembershipId: uuid('assignee_membership_id'),
    priority: text('priority').notNull().default('normal'),
    openedAt: at('opened_at').notNull(),
    /** The first customer message of the cycle (the cycle's start for response times). */
    startedAt: at('started_at'),
    lastCustomerAt: at('last_customer_at'),
    queuedAt: at('queued_at'),
    firstAssignedAt: at('first_assigned_at'),
    firstResponseAt: at('first_response_at'),
    /** Users (not memberships): the event log records people. */
    firstResponderUserId: uuid('first_responder_user_id'),
    resolvedAt: at('resolved_at'),
    humanReplies: integer('human_replies').notNull().default(0),
    handoffs: integer('handoffs').notNull().default(0),
    escalations: integer('escalations').notNull().default(0),
    slaBreaches: integer('sla_breaches').notNull().default(0),
    handledByUserIds: uuid('handled_by_user_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** Each customer wait: when it began, when a human answered (null: not yet / never), who. */
    waits: jsonb('waits').$type<{ startedAt: string; answeredAt: string | null; answeredBy: string | null }[]>().notNull().default([]),
    /**
     * Durations in seconds (clock `_s`, business hours `_bs`), computed when the cycle is folded from
     * the instants above with the team's hours at that time, so reports aggregate them in SQL.
     */
    cycleStart: at('cycle_start').notNull(),
    firstResponseS: integer('first_response_s'),
    firstResponseBs: integer('first_response_bs'),
    replyS: integer('reply_s').array().notNull().default(sql`'{}'::int[]`),
    replyBs: integer('reply_bs').array().notNull().default(sql`'{}'::int[]`),
    /** Who answered each of those waits (users), in the same order. */
    replyBy: uuid('reply_by').array().notNull().default(sql`'{}'::uuid[]`),
    assignmentS: integer('assignment_s'),
    assignmentBs: integer('assignment_bs'),
    queueS: integer('queue_s'),
    queueBs: integer('queue_bs'),
    resolutionS: integer('resolution_s'),
    resolutionBs: integer('resolution_bs'),
    /** Customer waits not answered (yet): lost once the window closes or the cycle is resolved. */
    openWaits: integer('open_waits').notNull().default(0),
  },
  (table) => [
    primaryKey({ columns: [table.conversationId, table.cycle] }),
    index('metric_cycles_workspace_idx').on(table.workspaceId, table.cycleStart),
  ],
);

/**
 * Metrics: one row per answered customer wait of a cycle (its reply time), written with the cycle.
 * Narrow on purpose: reply-time percentiles sort these rather than unnesting the cycles' arrays.
 */
export const metricReplies = pgTable(
  'metric_replies',
  {
    conversationId: uuid('conversation_id').notNull(),
    cycle: integer('cycle').notNull(),
    /** The wait's position in the cycle, from 1. */
    position: integer('position').notNull(),
    workspaceId: workspaceRef(),
    cycleStart: at('cycle_start').notNull(),
    seconds: integer('seconds').notNull(),
    businessSeconds: integer('business_seconds').notNull(),
    /** Who answered (a user). */
    byUserId: uuid('by_user_id'),
  },
  (table) => [primaryKey({ columns: [table.conversationId, table.cycle, table.position] }), index('metric_replies_workspace_idx').on(table.workspaceId, table.cycleStart)],
);

/**
 * Metrics: each stretch of time a conversation was active (open or pending) with one owner and team,
 * folded from the events. The current stretch has no end. Load over time is summed from these.
 */
export const metricLoadSpans = pgTable(
  'metric_load_spans',
  {
    conversationId: uuid('conversation_id').notNull(),
    startedAt: at('started_at').notNull(),
    endedAt: at('ended_at'),
    workspaceId: workspaceRef(),
    membershipId: uuid('membership_id'),
    teamId: uuid('team_id'),
  },
  (table) => [primaryKey({ columns: [table.conversationId, table.startedAt] }), index('metric_load_spans_workspace_idx').on(table.workspaceId, table.endedAt)],
);

/** The fold's memory of each conversation between events: whether it is active, its owner and team. */
export const metricLoadState = pgTable('metric_load_state', {
  conversationId: uuid('conversation_id').primaryKey(),
  workspaceId: workspaceRef(),
  active: boolean('active').notNull(),
  membershipId: uuid('membership_id'),
  teamId: uuid('team_id'),
  since: at('since').notNull(),
});

/** Metrics: each stretch of time a member was on shift, or online (chosen and not idle), folded from the events. */
export const metricMemberSpans = pgTable(
  'metric_member_spans',
  {
    membershipId: uuid('membership_id').notNull(),
    kind: text('kind').$type<'on_shift' | 'online'>().notNull(),
    startedAt: at('started_at').notNull(),
    endedAt: at('ended_at'),
    workspaceId: workspaceRef(),
  },
  (table) => [primaryKey({ columns: [table.membershipId, table.kind, table.startedAt] }), index('metric_member_spans_workspace_idx').on(table.workspaceId, table.endedAt)],
);

/**
 * How far the metrics fold has read the event log, when it last had folded everything committed
 * (what reports say their figures are as of), and the hole it is waiting on: ids up to `holeUpTo`
 * that may still commit until every transaction running when it was seen (`holeXmax`) has ended.
 */
export const metricCursor = pgTable('metric_cursor', {
  name: text('name').primaryKey(),
  lastEventId: bigint('last_event_id', { mode: 'number' }).notNull().default(0),
  updatedAt: at('updated_at').notNull().defaultNow(),
  caughtUpAt: at('caught_up_at'),
  holeUpTo: bigint('hole_up_to', { mode: 'number' }),
  holeXmax: bigint('hole_xmax', { mode: 'bigint' }),
  holeSeenAt: at('hole_seen_at'),
});

// ─── CRM: custom fields, contact notes, segments, imports, pipelines and deals ───

/** A field the workspace adds to its contacts or deals; values live in the row's `custom_fields` by `key`. */
export const customFields = pgTable(
  'custom_fields',
  {
    id: id(),
    workspaceId: workspaceRef(),
    entity: text('entity', { enum: ['contact', 'deal'] }).notNull(),
    /** Stable machine name (`talle`, `cuit`): what rules, flows, imports and the API use. */
    key: text('key').notNull(),
    label: text('label').notNull(),
    type: text('type', {
      enum: ['text', 'number', 'money', 'date', 'single_choice', 'multiple_choice', 'boolean', 'email', 'phone', 'url'],
    }).notNull(),
    /** The choices of a single or multiple choice field. */
    options: jsonb('options').$type<string[]>().notNull().default([]),
    required: boolean('required').notNull().default(false),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (table) => [uniqueIndex('custom_fields_key').on(table.workspaceId, table.entity, table.key)],
);

/** A note about a customer (not tied to one conversation). */
export const contactNotes = pgTable(
  'contact_notes',
  {
    id: id(),
    workspaceId: workspaceRef(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    authorMembershipId: uuid('author_membership_id').references(() => memberships.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (table) => [index('contact_notes_contact_idx').on(table.contactId, table.createdAt)],
);

/** A saved contacts list: its filters and the columns shown; shared with the workspace or personal. */
export const contactSegments = pgTable(
  'contact_segments',
  {
    id: id(),
    workspaceId: workspaceRef(),
    membershipId: uuid('membership_id')
      .notNull()
      .references(() => memberships.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    shared: boolean('shared').notNull().default(false),
    filters: jsonb('filters').$type<Record<string, unknown>>().notNull().default({}),
    columns: jsonb('columns').$type<string[]>().notNull().default([]),
    createdAt: createdAt(),
  },
  (table) => [index('contact_segments_workspace_idx').on(table.workspaceId)],
);

/** A CSV import: the uploaded file, its column mapping, and how far the background job got. */
export const contactImports = pgTable(
  'contact_imports',
  {
    id: id(),
    workspaceId: workspaceRef(),
    createdByMembershipId: uuid('created_by_membership_id').references(() => memberships.id, { onDelete: 'set null' }),
    fileName: text('file_name').notNull(),
    /** The file as uploaded (≤ 10 MB), read again by the job; cleared when the import ends. */
    file: customBytea('file'),
    encoding: text('encoding').notNull().default('utf-8'),
    delimiter: text('delimiter').notNull().default(','),
    /** CSV column header → contact attribute (`name`, `phone`, `email`, `tags`, `field:<key>`) or null to skip. */
    mapping: jsonb('mapping').$type<Record<string, string | null>>().notNull().default({}),
    dedupeKey: text('dedupe_key', { enum: ['phone', 'email'] }).notNull().default('phone'),
    mode: text('mode', { enum: ['create_or_update', 'create_only'] }).notNull().default('create_or_update'),
    status: text('status', { enum: ['draft', 'queued', 'running', 'done', 'failed', 'undone'] }).notNull().default('draft'),
    totalRows: integer('total_rows').notNull().default(0),
    processedRows: integer('processed_rows').notNull().default(0),
    createdCount: integer('created_count').notNull().default(0),
    updatedCount: integer('updated_count').notNull().default(0),
    rejectedCount: integer('rejected_count').notNull().default(0),
    error: text('error'),
    createdAt: createdAt(),
    startedAt: at('started_at'),
    finishedAt: at('finished_at'),
    undoneAt: at('undone_at'),
  },
  (table) => [index('contact_imports_workspace_idx').on(table.workspaceId, table.createdAt)],
);

/** A row an import refused, with why (the downloadable report). */
export const contactImportRejects = pgTable(
  'contact_import_rejects',
  {
    importId: uuid('import_id')
      .notNull()
      .references(() => contactImports.id, { onDelete: 'cascade' }),
    rowNumber: integer('row_number').notNull(),
    reason: text('reason').notNull(),
    raw: jsonb('raw').$type<Record<string, string>>().notNull().default({}),
  },
  (table) => [primaryKey({ columns: [table.importId, table.rowNumber] })],
);

/** A contact an import updated, with what it was before (undo puts it back). */
export const contactImportChanges = pgTable(
  'contact_import_changes',
  {
    importId: uuid('import_id')
      .notNull()
      .references(() => contactImports.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    previous: jsonb('previous').$type<Record<string, unknown>>().notNull(),
  },
  (table) => [primaryKey({ columns: [table.importId, table.contactId] })],
);

export const pipelines = pgTable(
  'pipelines',
  {
    id: id(),
    workspaceId: workspaceRef(),
    name: text('name').notNull(),
    position: integer('position').notNull().default(0),
    /** When on, a deal entering a stage with a conversation tag puts that tag on the contact's open conversations. */
    syncConversationTags: boolean('sync_conversation_tags').notNull().default(false),
    createdAt: createdAt(),
  },
  (table) => [index('pipelines_workspace_idx').on(table.workspaceId, table.position)],
);

export const pipelineStages = pgTable(
  'pipeline_stages',
  {
    id: id(),
    workspaceId: workspaceRef(),
    pipelineId: uuid('pipeline_id')
      .notNull()
      .references(() => pipelines.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['open', 'won', 'lost'] }).notNull().default('open'),
    position: integer('position').notNull(),
    /** The conversation tag (e.g. "Esperando pago") this stage puts on the conversations, when the pipeline syncs tags. */
    conversationTagId: uuid('conversation_tag_id').references(() => tags.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (table) => [index('pipeline_stages_pipeline_idx').on(table.pipelineId, table.position)],
);

/** Why deals are lost: a list the admin edits. */
export const lostReasons = pgTable(
  'lost_reasons',
  {
    id: id(),
    workspaceId: workspaceRef(),
    label: text('label').notNull(),
    position: integer('position').notNull().default(0),
    archivedAt: at('archived_at'),
    createdAt: createdAt(),
  },
  (table) => [index('lost_reasons_workspace_idx').on(table.workspaceId, table.position)],
);

export const deals = pgTable(
  'deals',
  {
    id: id(),
    workspaceId: workspaceRef(),
    pipelineId: uuid('pipeline_id')
      .notNull()
      .references(() => pipelines.id),
    stageId: uuid('stage_id')
      .notNull()
      .references(() => pipelineStages.id),
    /** The stage's kind, kept with the deal: open deals are what the board and the side panel list. */
    status: text('status', { enum: ['open', 'won', 'lost'] }).notNull().default('open'),
    title: text('title').notNull(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id),
    /** Exact decimal (never a float); null when nobody has put a value on it yet. */
    value: numeric('value', { precision: 18, scale: 2 }),
    currency: text('currency').notNull(),
    ownerMembershipId: uuid('owner_membership_id').references(() => memberships.id, { onDelete: 'set null' }),
    expectedCloseOn: date('expected_close_on', { mode: 'string' }),
    customFields: jsonb('custom_fields').$type<CustomFieldValues>().notNull().default({}),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    sourceConversationId: uuid('source_conversation_id').references(() => conversations.id, { onDelete: 'set null' }),
    sourceChannelId: uuid('source_channel_id').references(() => channels.id, { onDelete: 'set null' }),
    sourceIntent: text('source_intent'),
    /** The bot flow that created it (issue 17), as an id. */
    sourceFlowId: uuid('source_flow_id'),
    lostReasonId: uuid('lost_reason_id').references(() => lostReasons.id, { onDelete: 'set null' }),
    lostNote: text('lost_note'),
    /** An incoming lead made automatically: pending until a seller accepts, merges or discards it. */
    leadStatus: text('lead_status', { enum: ['accepted', 'pending'] }).notNull().default('accepted'),
    /** Place in its column: lower first; a move between two deals takes a value between theirs. */
    rank: numeric('rank', { precision: 30, scale: 15 }).notNull().default('0'),
    /** Optimistic concurrency: every change bumps it; a change sent with an older version is refused. */
    version: integer('version').notNull().default(1),
    stageEnteredAt: at('stage_entered_at').notNull().defaultNow(),
    closedAt: at('closed_at'),
    createdByMembershipId: uuid('created_by_membership_id').references(() => memberships.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (table) => [
    index('deals_board_idx').on(table.workspaceId, table.pipelineId, table.stageId, table.rank, table.id),
    index('deals_contact_idx').on(table.contactId, table.status),
    index('deals_owner_idx').on(table.workspaceId, table.ownerMembershipId, table.status),
    index('deals_workspace_idx').on(table.workspaceId, table.createdAt),
  ],
);

/** A client's Idempotency-Key: the first response to it is replayed for 24 h; another body with it is a 422. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    workspaceId: workspaceRef(),
    /** Who sent it (a user or a token id): two callers may pick the same key. */
    callerId: text('caller_id').notNull(),
    key: text('key').notNull(),
    route: text('route').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code'),
    response: jsonb('response'),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.callerId, table.key] }), index('idempotency_keys_created_idx').on(table.createdAt)],
);
