import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { EventType } from '../../../contracts/events.js';
import type { z } from 'zod';
import type { AssignInput, ConversationPatch, EscalateInput } from '../../../contracts/inbox.js';
import type { AppContext } from '../../context.js';
import type { Executor, Transaction } from '../../db/client.js';
import { conversationParticipants, conversations, conversationTags, memberships, messages, tags, teams, users } from '../../db/schema.js';
import { type EventInput, recordEvents, systemActor } from '../../events/event-log.js';
import { AppError, forbidden } from '../../http/errors.js';
import { type Actor, actorRef } from '../../http/policy.js';
import { notify } from '../notifications/notify.js';
import { refreshSla } from '../routing/sla.js';
import { findVisibleConversation, inboxSettingsOf, requireAssignRight, type Viewer, viewerOf, visibleTo } from './access.js';
import type { ConversationRow } from './conversations.repository.js';
import { wakeSnoozedJob } from './wake-snoozed.job.js';

const priorityRank = { low: 0, normal: 1, high: 2, urgent: 3 } as const;

export async function memberRef(db: Executor, workspaceId: string, membershipId: string | null) {
  if (!membershipId) return null;
  const [row] = await db
    .select({ id: memberships.id, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.id, membershipId)));
  return row ?? null;
}

/** The conversation, locked for this transaction, if the viewer may see it. */
async function lockVisible(tx: Transaction, viewer: Viewer, conversationId: string) {
  const [row] = await tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.workspaceId, viewer.workspaceId), eq(conversations.id, conversationId), visibleTo(viewer)))
    .for('update');
  if (!row) throw new AppError('not_found', 'Conversation not found');
  return row;
}

function eventOf(actor: Actor, conversationId: string, type: EventType, payload: Record<string, unknown>): EventInput {
  return { workspaceId: actor.workspaceId, actor: actorRef(actor), type, subjectType: 'conversation', subjectId: conversationId, payload };
}

const membershipOf = (actor: Actor) => (actor.kind === 'user' ? actor.membershipId : null);

/**
 * "Tomar": the caller becomes the owner of an unassigned conversation. Atomic: the update only
 * matches while nobody owns it, so of N members pressing at once exactly one wins; the others get
 * 409 `already_taken` naming the owner. Taking what you already own is a no-op.
 */
export async function takeConversation(ctx: AppContext, actor: Actor, conversationId: string): Promise<ConversationRow> {
  if (actor.kind !== 'user') throw forbidden('Only a member can take a conversation; integrations use POST /assign');
  await findVisibleConversation(ctx.db, actor, conversationId);
  return ctx.transaction(async (tx) => {
    const [taken] = await tx
      .update(conversations)
      .set({ assigneeMembershipId: actor.membershipId, lastActivityAt: new Date() })
      .where(and(eq(conversations.workspaceId, actor.workspaceId), eq(conversations.id, conversationId), isNull(conversations.assigneeMembershipId)))
      .returning();
    if (!taken) {
      const [current] = await tx.select().from(conversations).where(eq(conversations.id, conversationId));
      if (current!.assigneeMembershipId === actor.membershipId) return current!;
      const owner = await memberRef(tx, actor.workspaceId, current!.assigneeMembershipId);
      throw new AppError('already_taken', `${owner?.name ?? 'Someone'} already took this conversation`, { assignee: owner });
    }
    await recordEvents(tx, [eventOf(actor, taken.id, 'conversation.assigned', { from: null, to: actor.membershipId, fromTeamId: taken.teamId, toTeamId: taken.teamId, handoff: false, via: 'take' })]);
    return taken;
  });
}

async function requireActiveMember(tx: Executor, workspaceId: string, membershipId: string, path: string) {
  const [row] = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.id, membershipId), eq(memberships.status, 'active')));
  if (!row) throw new AppError('validation_failed', 'Unknown or deactivated member', { fields: [{ path, message: 'is not an active member of this workspace' }] });
}

async function requireTeam(tx: Executor, workspaceId: string, teamId: string, path: string) {
  const [row] = await tx.select({ id: teams.id }).from(teams).where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, teamId)));
  if (!row) throw new AppError('validation_failed', 'Unknown team', { fields: [{ path, message: 'is not a team of this workspace' }] });
}

/** An internal note (never sent to WhatsApp), e.g. the hand-off note pinned for the new owner. */
export async function insertNote(
  tx: Transaction,
  actor: Actor | null,
  conversation: ConversationRow,
  text: string,
  content: Record<string, unknown>,
  mentions: string[] = [],
  idempotencyKey?: string,
) {
  const [note] = await tx
    .insert(messages)
    .values({
      workspaceId: conversation.workspaceId,
      conversationId: conversation.id,
      channelId: conversation.channelId,
      direction: 'internal',
      type: 'note',
      text,
      content,
      status: 'received',
      senderMembershipId: actor ? membershipOf(actor) : null,
      senderApiTokenId: actor?.kind === 'api_token' ? actor.tokenId : null,
      mentions: mentions.length ? mentions : null,
      idempotencyKey: idempotencyKey ?? null,
    })
    .returning();
  return note!;
}

type AssignOptions = z.infer<typeof AssignInput> & { via?: string };

/**
 * Assign, unassign, reassign or hand off ("Derivar"). Each field left out stays as it is: without
 * `assigneeId` the owner is kept (a team change alone moves the conversation with its owner), and
 * `assigneeId: null` is what leaves it to nobody, i.e. in the team's queue. With a note it is a
 * hand-off: the note is pinned for the new owner, who is notified; the previous owner keeps read access.
 */
export async function assignConversation(ctx: AppContext, actor: Actor, conversationId: string, input: AssignOptions): Promise<ConversationRow> {
  const settings = await inboxSettingsOf(ctx.db, actor.workspaceId);
  const viewer = await viewerOf(ctx.db, actor, settings);
  return ctx.transaction(async (tx) => {
    const current = await lockVisible(tx, viewer, conversationId);
    const me = membershipOf(actor);
    const assignee = input.assigneeId !== undefined ? input.assigneeId : current.assigneeMembershipId;
    const teamId = input.teamId !== undefined ? input.teamId : current.teamId;
    // The owner may always move their own conversation (to someone else only with a note).
    const ownConversation = me !== null && current.assigneeMembershipId === me;
    if (!ownConversation) requireAssignRight(actor, settings);
    else if (assignee !== me && !input.note) {
      throw new AppError('validation_failed', 'A hand-off note is required: tell the next person what the customer needs', { fields: [{ path: 'body.note', message: 'is required when you hand off your conversation' }] });
    }
    if (assignee && assignee !== current.assigneeMembershipId) await requireActiveMember(tx, actor.workspaceId, assignee, 'body.assigneeId');
    if (teamId && teamId !== current.teamId) await requireTeam(tx, actor.workspaceId, teamId, 'body.teamId');
    if (assignee === current.assigneeMembershipId && teamId === current.teamId && !input.note) return current;

    const note = input.note
      ? await insertNote(tx, actor, current, input.note, { kind: 'handoff', fromMemberId: current.assigneeMembershipId, toMemberId: assignee, toTeamId: teamId })
      : null;
    const [updated] = await tx
      .update(conversations)
      .set({
        assigneeMembershipId: assignee,
        teamId,
        // A new team assigns from its queue by its own default strategy.
        ...(teamId !== current.teamId ? { routingStrategy: null } : {}),
        lastActivityAt: new Date(),
        ...(note ? { pinnedNoteId: note.id, lastMessageText: note.text, lastMessageDirection: 'internal' as const } : {}),
      })
      .where(eq(conversations.id, current.id))
      .returning();
    if (teamId !== current.teamId) await refreshSla(tx, current.id);
    // A note that leaves the owner in place (only the team moved) is not a hand-off.
    const handoff = note !== null && !(assignee !== null && assignee === current.assigneeMembershipId);
    if (current.assigneeMembershipId && current.assigneeMembershipId !== assignee) {
      await tx.insert(conversationParticipants).values({ conversationId: current.id, membershipId: current.assigneeMembershipId, reason: 'previous_owner' }).onConflictDoNothing();
    }
    await recordEvents(tx, [
      eventOf(actor, current.id, 'conversation.assigned', {
        from: current.assigneeMembershipId,
        to: assignee,
        fromTeamId: current.teamId,
        toTeamId: teamId,
        noteId: note?.id ?? null,
        handoff,
        via: input.via ?? (handoff ? 'handoff' : 'assign'),
      }),
    ]);
    if (assignee && assignee !== current.assigneeMembershipId) {
      await notify(tx, actorRef(actor), [
        { workspaceId: actor.workspaceId, membershipId: assignee, kind: note ? 'handed_off' : 'assigned', conversationId: current.id, messageId: note?.id, actorMembershipId: me, text: note?.text ?? null },
      ]);
    }
    return updated!;
  });
}

async function tagsById(tx: Executor, workspaceId: string, ids: string[], path: string) {
  if (ids.length === 0) return [];
  const rows = await tx.select().from(tags).where(and(eq(tags.workspaceId, workspaceId), inArray(tags.id, ids)));
  if (rows.length !== new Set(ids).size) throw new AppError('validation_failed', 'Unknown tag', { fields: [{ path, message: 'contains a tag that is not in this workspace' }] });
  return rows;
}

/** Status (resolve, reopen, pending, snooze), priority, tags and intent; one event per kind of change. */
export async function updateConversation(ctx: AppContext, actor: Actor, conversationId: string, patch: z.infer<typeof ConversationPatch>): Promise<ConversationRow> {
  const viewer = await viewerOf(ctx.db, actor);
  try {
    return await ctx.transaction(async (tx) => {
      const current = await lockVisible(tx, viewer, conversationId);
      const set: Partial<typeof conversations.$inferInsert> = {};
      const events: EventInput[] = [];
      const now = new Date();

      const nextStatus = patch.status ?? current.status;
      const snoozedUntil = patch.snoozedUntil ? new Date(patch.snoozedUntil) : null;
      if (patch.status === 'snoozed' && snoozedUntil!.getTime() <= now.getTime()) {
        throw new AppError('validation_failed', 'Snooze until a time in the future', { fields: [{ path: 'body.snoozedUntil', message: 'must be in the future' }] });
      }
      if (patch.snoozedUntil && nextStatus !== 'snoozed') {
        throw new AppError('validation_failed', 'snoozedUntil only goes with status snoozed', { fields: [{ path: 'body.snoozedUntil', message: 'needs status snoozed' }] });
      }
      const statusChanged = nextStatus !== current.status || (nextStatus === 'snoozed' && snoozedUntil?.getTime() !== current.snoozedUntil?.getTime());
      if (statusChanged && current.status === 'resolved') await refuseIfSuperseded(tx, current);
      if (statusChanged) {
        set.status = nextStatus;
        set.snoozedUntil = nextStatus === 'snoozed' ? snoozedUntil : null;
        if (nextStatus === 'resolved') Object.assign(set, { resolvedAt: now, waitingSince: null });
        if (current.status === 'resolved') Object.assign(set, { resolvedAt: null, cycleStartedAt: now, firstResponseAt: null, routedAt: null, routingStrategy: null });
        const type = nextStatus === 'resolved' ? 'conversation.resolved' : current.status === 'resolved' ? 'conversation.reopened' : 'conversation.status_changed';
        events.push(eventOf(actor, current.id, type, { from: current.status, to: nextStatus, snoozedUntil: set.snoozedUntil?.toISOString() ?? null }));
        if (nextStatus === 'snoozed') await ctx.jobs.send(wakeSnoozedJob, { conversationId: current.id }, { tx, startAfter: snoozedUntil! });
      }
      if (patch.priority && patch.priority !== current.priority) {
        set.priority = patch.priority;
        events.push(eventOf(actor, current.id, 'conversation.priority_changed', { from: current.priority, to: patch.priority }));
      }
      if (patch.intent !== undefined && patch.intent !== current.intent) {
        set.intent = patch.intent || null;
        events.push(eventOf(actor, current.id, 'conversation.intent_changed', { from: current.intent, to: set.intent }));
      }
      if (patch.tagIds || patch.addTagIds || patch.removeTagIds) {
        const tagEvent = await changeTags(tx, actor, current.id, patch);
        if (tagEvent) events.push(tagEvent);
      }
      if (events.length === 0) return current;
      const [updated] = await tx
        .update(conversations)
        .set({ ...set, lastActivityAt: now })
        .where(eq(conversations.id, current.id))
        .returning();
      await recordEvents(tx, events);
      if (set.status || set.priority) await refreshSla(tx, current.id);
      return updated!;
    });
  } catch (error) {
    // Reopening while a newer conversation with the same customer on the same number is active.
    if ((error as { code?: string; cause?: { code?: string } }).code === '23505' || (error as { cause?: { code?: string } }).cause?.code === '23505') {
      throw new AppError('conflict', 'This customer already has an active conversation on this number: continue there');
    }
    throw error;
  }
}

/**
 * New customer messages go to the newest conversation with that customer on that number, so an
 * older one must stay resolved once a newer one exists: reopen the newer one instead.
 */
async function refuseIfSuperseded(tx: Transaction, current: ConversationRow) {
  const [newer] = await tx
    .select({ displayNumber: conversations.displayNumber })
    .from(conversations)
    .where(
      and(
        eq(conversations.channelId, current.channelId),
        eq(conversations.contactId, current.contactId),
        ne(conversations.id, current.id),
        // Compared in SQL: a JavaScript Date would drop the microseconds.
        sql`${conversations.createdAt} > (select c.created_at from ${conversations} c where c.id = ${current.id})`,
      ),
    )
    .limit(1);
  if (newer) throw new AppError('conflict', `A newer conversation with this customer exists (#${newer.displayNumber}): continue there`, { conversationDisplayNumber: newer.displayNumber });
}

async function changeTags(tx: Transaction, actor: Actor, conversationId: string, patch: { tagIds?: string[]; addTagIds?: string[]; removeTagIds?: string[] }) {
  const currentIds = new Set((await tx.select({ tagId: conversationTags.tagId }).from(conversationTags).where(eq(conversationTags.conversationId, conversationId))).map((row) => row.tagId));
  const target = new Set(patch.tagIds ?? currentIds);
  for (const id of patch.addTagIds ?? []) target.add(id);
  for (const id of patch.removeTagIds ?? []) target.delete(id);
  const added = [...target].filter((id) => !currentIds.has(id));
  const removed = [...currentIds].filter((id) => !target.has(id));
  if (added.length === 0 && removed.length === 0) return null;
  const addedTags = await tagsById(tx, actor.workspaceId, added, patch.tagIds ? 'body.tagIds' : 'body.addTagIds');
  const removedTags = removed.length ? await tx.select().from(tags).where(inArray(tags.id, removed)) : [];
  if (added.length) await tx.insert(conversationTags).values(added.map((tagId) => ({ conversationId, tagId }))).onConflictDoNothing();
  if (removed.length) await tx.delete(conversationTags).where(and(eq(conversationTags.conversationId, conversationId), inArray(conversationTags.tagId, removed)));
  return eventOf(actor, conversationId, 'conversation.tagged', {
    added: addedTags.map((tag) => ({ id: tag.id, name: tag.name })),
    removed: removedTags.map((tag) => ({ id: tag.id, name: tag.name })),
  });
}

export const ESCALATION_TAG = 'Requiere humano';
/** Escalations go to the team with one of these names (lower case). */
export const SUPERVISOR_TEAM_NAMES = ['supervisores', 'supervisors', 'supervisión', 'supervision'];

/** The "Requiere humano" tag, recreated if an admin deleted it. */
async function escalationTag(tx: Transaction, workspaceId: string) {
  const named = () => tx.select().from(tags).where(and(eq(tags.workspaceId, workspaceId), sql`lower(${tags.name}) = lower(${ESCALATION_TAG})`));
  const [existing] = await named();
  if (existing) return existing;
  await tx.insert(tags).values({ workspaceId, name: ESCALATION_TAG, color: 'rose' }).onConflictDoNothing();
  return (await named())[0]!;
}

/**
 * Escalate to supervisors in one action: tag "Requiere humano", raise the priority, move to the
 * supervisors' team when there is one, pin the note, and notify every supervisor and admin.
 */
export async function escalateConversation(ctx: AppContext, actor: Actor, conversationId: string, input: z.infer<typeof EscalateInput>): Promise<ConversationRow> {
  const viewer = await viewerOf(ctx.db, actor);
  return ctx.transaction(async (tx) => {
    const current = await lockVisible(tx, viewer, conversationId);
    return applyEscalation(tx, actor, current, { priority: input.priority, note: input.note ?? null, toSupervisors: true, reason: 'manual' });
  });
}

/**
 * The escalation itself, on a conversation the caller has locked: shared by the manual action,
 * routing's escalation rules (actor null: Bandeja) and SLA breaches.
 */
export async function applyEscalation(
  tx: Transaction,
  actor: Actor | null,
  current: ConversationRow,
  options: {
    priority: 'normal' | 'high' | 'urgent';
    note: string | null;
    toSupervisors: boolean;
    reason: string;
    details?: Record<string, unknown>;
    /** How the people told hear of it (an SLA breach is its own kind); and the text they see. */
    notification?: { kind: 'escalated' | 'sla_breached'; text: string | null };
  },
): Promise<ConversationRow> {
  const workspaceId = current.workspaceId;
  const tag = await escalationTag(tx, workspaceId);
  await tx.insert(conversationTags).values({ conversationId: current.id, tagId: tag!.id }).onConflictDoNothing();
  const [supervisorsTeam] = options.toSupervisors
    ? await tx
        .select({ id: teams.id })
        .from(teams)
        .where(and(eq(teams.workspaceId, workspaceId), inArray(sql`lower(${teams.name})`, SUPERVISOR_TEAM_NAMES)))
    : [];
  const priority = priorityRank[options.priority] > priorityRank[current.priority] ? options.priority : current.priority;
  const note = options.note ? await insertNote(tx, actor, current, options.note, { kind: 'escalation' }) : null;
  const [updated] = await tx
    .update(conversations)
    .set({
      priority,
      teamId: supervisorsTeam?.id ?? current.teamId,
      // A new team assigns by its own default strategy.
      ...(supervisorsTeam && supervisorsTeam.id !== current.teamId ? { routingStrategy: null } : {}),
      lastActivityAt: new Date(),
      ...(note ? { pinnedNoteId: note.id, lastMessageText: note.text, lastMessageDirection: 'internal' as const } : {}),
    })
    .where(eq(conversations.id, current.id))
    .returning();
  if (priority !== current.priority || updated!.teamId !== current.teamId) await refreshSla(tx, current.id);
  const by = actor ? actorRef(actor) : systemActor;
  await recordEvents(tx, [
    {
      workspaceId,
      actor: by,
      type: 'conversation.escalated',
      subjectType: 'conversation',
      subjectId: current.id,
      payload: { priorityFrom: current.priority, priority, tagId: tag!.id, fromTeamId: current.teamId, toTeamId: updated!.teamId, noteId: note?.id ?? null, reason: options.reason, ...options.details },
    },
  ]);
  const overseers = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.status, 'active'), inArray(memberships.role, ['supervisor', 'admin', 'owner'])));
  const recipients = new Set([...overseers.map((member) => member.id), ...(current.assigneeMembershipId ? [current.assigneeMembershipId] : [])]);
  await notify(
    tx,
    by,
    [...recipients].map((membershipId) => ({
      workspaceId,
      membershipId,
      kind: options.notification?.kind ?? ('escalated' as const),
      conversationId: current.id,
      messageId: note?.id,
      actorMembershipId: actor ? membershipOf(actor) : null,
      text: note?.text ?? options.notification?.text ?? null,
    })),
  );
  return updated!;
}

