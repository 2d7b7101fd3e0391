import { and, asc, eq, gt, inArray, isNull, lte } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { apiTokens, conversationParticipants, conversations, events, memberships, sessions } from '../db/schema.js';
import type { PresenceSignal } from '../events/event-bus.js';
import type { StoredEvent } from '../events/event-log.js';
import { canSee, oversees, type Viewer, viewerOf } from '../modules/conversations/access.js';
import type { Actor } from '../http/policy.js';
import { EventSequencer, type SequencerOptions } from './event-sequencer.js';
import { PresenceBoard } from './presence.js';

/** What a stream client receives for one stored event. */
export type StreamEvent = {
  id: number;
  type: string;
  subjectType: string;
  subjectId: string;
  conversationId: string | null;
  actor: { type: string; id: string | null };
  payload: Record<string, unknown>;
  at: string;
};

export type StreamConnection = {
  actor: Actor;
  viewer: Viewer;
  /** Highest event id sent: nothing at or below it is sent again. */
  cursor: number;
  /** Events that arrived while the backlog was being replayed. */
  buffered: StoredEvent[] | null;
  send(event: StreamEvent): void;
  sendSignal(name: string, data: unknown): void;
  close(): void;
};

/** Everyone in the workspace sees these; security-relevant events (sessions, tokens…) only admins. */
const SHARED_PREFIXES = ['channel.', 'tag.', 'team.', 'canned_response.', 'member.', 'workspace.updated'];
const REPLAY_LIMIT = 10_000;
const REVALIDATE_MS = 30_000;

type ConversationAccess = { teamId: string | null; assigneeMembershipId: string | null; participantIds: string[] };

/**
 * Pushes each committed event, in id order, to every connected stream allowed to see it; replays what
 * a reconnecting client missed from the event log. Authorisation is decided per event and per
 * connection, with the conversation's current team, owner and participants.
 */
export class RealtimeHub {
  readonly connections = new Set<StreamConnection>();
  readonly sequencer: EventSequencer;
  readonly presence = new PresenceBoard();
  private unsubscribeSignals: (() => void) | null = null;
  /** Batches are dispatched one after another: a later batch never overtakes an earlier one. */
  private dispatching: Promise<void> = Promise.resolve();
  private revalidator: NodeJS.Timeout | null = null;

  constructor(
    private readonly ctx: AppContext,
    options: SequencerOptions = {},
  ) {
    this.sequencer = new EventSequencer(ctx.db, ctx.logger, options);
  }

  async start() {
    this.sequencer.onEvents((batch) => void this.serialised(() => this.dispatch(batch)).catch(() => {}));
    this.unsubscribeSignals = this.ctx.eventBus.onSignal((signal) => {
      if (signal.kind !== 'presence') return;
      this.relay(signal).catch((error) => this.ctx.logger.error({ err: error }, 'realtime: presence relay failed'));
    });
    await this.sequencer.start(this.ctx.eventBus);
    this.revalidator = setInterval(() => void this.revalidate(), REVALIDATE_MS);
    this.revalidator.unref();
  }

  stop() {
    if (this.revalidator) clearInterval(this.revalidator);
    this.sequencer.stop();
    this.unsubscribeSignals?.();
    for (const connection of this.connections) connection.close();
    this.connections.clear();
  }

  /** Registers a stream; with a last event id, first replays everything after it that the viewer may see. */
  async connect(connection: StreamConnection, lastEventId: number | null) {
    connection.cursor = lastEventId ?? this.sequencer.position;
    connection.buffered = lastEventId === null ? null : [];
    this.connections.add(connection);
    if (lastEventId === null) return;
    const upTo = this.sequencer.position;
    let replayed = 0;
    while (connection.cursor < upTo && this.connections.has(connection)) {
      const rows = await this.ctx.db
        .select()
        .from(events)
        .where(and(eq(events.workspaceId, connection.viewer.workspaceId), gt(events.id, connection.cursor), lte(events.id, upTo)))
        .orderBy(asc(events.id))
        .limit(500);
      if (rows.length === 0) break;
      replayed += rows.length;
      if (replayed > REPLAY_LIMIT) {
        // Too far behind to replay: the client reloads its state instead.
        connection.cursor = upTo;
        connection.sendSignal('reset', { reason: 'too_far_behind' });
        break;
      }
      await this.deliver([connection], rows.map((row) => ({ ...row, id: Number(row.id) })));
    }
    connection.cursor = Math.max(connection.cursor, upTo);
    // Hand over to live delivery in the dispatch queue, so no batch can overtake the buffered events.
    await this.serialised(async () => {
      const waiting = connection.buffered ?? [];
      connection.buffered = null;
      await this.deliver([connection], waiting);
    });
  }

  /** Runs work after every batch already queued, never letting one failure stop the queue. */
  private serialised(work: () => Promise<void>) {
    const run = this.dispatching.then(work);
    this.dispatching = run.catch((error) => this.ctx.logger.error({ err: error }, 'realtime: delivery failed'));
    return run;
  }

  disconnect(connection: StreamConnection) {
    this.connections.delete(connection);
  }

  private async dispatch(batch: StoredEvent[]) {
    const byWorkspace = new Map<string, StoredEvent[]>();
    for (const event of batch) {
      if (!event.workspaceId) continue;
      byWorkspace.set(event.workspaceId, [...(byWorkspace.get(event.workspaceId) ?? []), event]);
    }
    for (const [workspaceId, list] of byWorkspace) {
      const targets = [...this.connections].filter((connection) => connection.viewer.workspaceId === workspaceId);
      if (targets.length === 0) continue;
      const live = targets.filter((connection) => {
        if (connection.buffered) connection.buffered.push(...list);
        return !connection.buffered;
      });
      try {
        await this.deliver(live, list);
        await this.refreshViewers(targets, list);
      } catch (error) {
        this.ctx.logger.error({ err: error }, 'realtime: delivering events failed');
      }
    }
  }

  private async deliver(targets: StreamConnection[], list: StoredEvent[]) {
    if (targets.length === 0 || list.length === 0) return;
    const access = targets.some((connection) => connection.viewer.restricted) ? await this.accessOf(list) : new Map<string, ConversationAccess>();
    for (const connection of targets) {
      for (const event of list) {
        if (event.id <= connection.cursor) continue;
        connection.cursor = event.id;
        if (mayReceive(connection.viewer, event, access.get(event.subjectId))) connection.send(toStreamEvent(event));
      }
    }
  }

  private async accessOf(list: StoredEvent[]) {
    const ids = [...new Set(list.filter((event) => event.subjectType === 'conversation').map((event) => event.subjectId))];
    const result = new Map<string, ConversationAccess>();
    if (ids.length === 0) return result;
    const rows = await this.ctx.db
      .select({ id: conversations.id, teamId: conversations.teamId, assigneeMembershipId: conversations.assigneeMembershipId })
      .from(conversations)
      .where(inArray(conversations.id, ids));
    const participants = await this.ctx.db.select().from(conversationParticipants).where(inArray(conversationParticipants.conversationId, ids));
    for (const row of rows) {
      result.set(row.id, { ...row, participantIds: participants.filter((p) => p.conversationId === row.id).map((p) => p.membershipId) });
    }
    return result;
  }

  /**
   * A stream outlives the request that opened it: every REVALIDATE_MS each one is checked again, and
   * closed when its session ended (logout, expiry), its token was revoked or its member deactivated.
   */
  async revalidate() {
    for (const connection of [...this.connections]) {
      try {
        const { actor } = connection;
        const valid =
          actor.kind === 'user'
            ? (
                await this.ctx.db
                  .select({ id: sessions.id })
                  .from(sessions)
                  .innerJoin(memberships, and(eq(memberships.id, actor.membershipId), eq(memberships.status, 'active')))
                  .where(and(eq(sessions.id, actor.sessionId), gt(sessions.expiresAt, new Date())))
              ).length > 0
            : (await this.ctx.db.select({ id: apiTokens.id }).from(apiTokens).where(and(eq(apiTokens.id, actor.tokenId), isNull(apiTokens.revokedAt)))).length > 0;
        if (!valid) {
          connection.close();
          this.disconnect(connection);
        }
      } catch (error) {
        this.ctx.logger.warn({ err: error }, 'realtime: could not revalidate a stream');
      }
    }
  }

  /** Team, role and visibility changes take effect on open streams; a deactivated member's streams close. */
  private async refreshViewers(targets: StreamConnection[], list: StoredEvent[]) {
    const relevant = list.some((event) => event.type.startsWith('team.') || event.type === 'workspace.updated' || event.type.startsWith('member.'));
    if (!relevant) return;
    for (const connection of targets) {
      const member = connection.viewer.membershipId;
      if (member && list.some((event) => event.subjectId === member && (event.type === 'member.deactivated' || event.type === 'member.role_changed'))) {
        connection.close();
        continue;
      }
      connection.viewer = await viewerOf(this.ctx.db, connection.actor);
    }
  }

  /** Presence and typing from any process, to the streams that may see the conversation. */
  private async relay(signal: PresenceSignal) {
    this.presence.apply(signal);
    const targets = [...this.connections].filter((connection) => connection.viewer.workspaceId === signal.workspaceId && connection.viewer.membershipId !== signal.memberId);
    if (targets.length === 0) return;
    const restricted = targets.some((connection) => connection.viewer.restricted);
    const access = restricted ? await this.accessOf([{ subjectType: 'conversation', subjectId: signal.conversationId } as StoredEvent]) : new Map<string, ConversationAccess>();
    const conversation = access.get(signal.conversationId);
    const { kind: _kind, workspaceId: _workspaceId, ...data } = signal;
    for (const connection of targets) {
      if (!connection.viewer.restricted || (conversation && canSee(connection.viewer, conversation))) connection.sendSignal('presence', data);
    }
  }
}

export function mayReceive(viewer: Viewer, event: StoredEvent, conversation: ConversationAccess | undefined) {
  if (event.workspaceId !== viewer.workspaceId) return false;
  if (event.type.startsWith('notification.')) return event.subjectType === 'member' && event.subjectId === viewer.membershipId;
  if (event.subjectType === 'conversation') {
    if (!viewer.restricted) return true;
    if (!conversation) return false;
    if (canSee(viewer, conversation)) return true;
    // A member who could see it before this change (it left their team or them) learns that it left.
    const payload = event.payload as { from?: unknown; fromTeamId?: unknown };
    return payload.from === viewer.membershipId || (typeof payload.fromTeamId === 'string' && viewer.teamIds.has(payload.fromTeamId));
  }
  if (SHARED_PREFIXES.some((prefix) => event.type.startsWith(prefix))) return true;
  return oversees(viewer.role) && viewer.role !== 'supervisor';
}

export function toStreamEvent(event: StoredEvent): StreamEvent {
  return {
    id: event.id,
    type: event.type,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    conversationId: event.subjectType === 'conversation' ? event.subjectId : ((event.payload as { conversationId?: string }).conversationId ?? null),
    actor: { type: event.actorType, id: event.actorId },
    payload: event.payload,
    at: event.createdAt.toISOString(),
  };
}
