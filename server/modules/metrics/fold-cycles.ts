import type { metricCycles } from '../../db/schema.js';

/** The stored durations are derived from a cycle when it is saved (rollup.ts), not folded. */
type Derived = 'cycleStart' | 'firstResponseS' | 'firstResponseBs' | 'replyS' | 'replyBs' | 'assignmentS' | 'assignmentBs' | 'queueS' | 'queueBs' | 'resolutionS' | 'resolutionBs' | 'openWaits';

export type Cycle = Omit<typeof metricCycles.$inferInsert, Derived> & {
  conversationId: string;
  cycle: number;
  workspaceId: string;
  openedAt: Date;
  humanReplies: number;
  handoffs: number;
  escalations: number;
  slaBreaches: number;
  handledByUserIds: string[];
  waits: { startedAt: string; answeredAt: string | null; answeredBy: string | null }[];
};

/** The fields of an event the fold reads. */
export type FoldEvent = {
  id: number;
  workspaceId: string | null;
  type: string;
  actorType: string;
  actorId: string | null;
  subjectType: string;
  subjectId: string;
  payload: Record<string, unknown>;
  createdAt: Date;
};

const iso = (date: Date) => date.toISOString();
/** What a conversation or member id looks like (the fold skips events whose subject is not one). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const later = (a: Date | null | undefined, b: Date) => (!a || b > a ? b : a);

/**
 * Folds conversation events, in id order, into care cycles. Pure: the same events give the same
 * cycles, whether folded at once (`bandeja metrics rebuild`) or a batch at a time (the rollup job).
 * `latest` holds each conversation's latest cycle so far; changed cycles are returned.
 *
 * - A conversation starts cycle 1 when created; a reopen after a resolve starts the next one.
 * - A customer message starts the cycle's clock (its first one) and a wait, if none is open.
 * - A human reply (a member's outbound message; not notes, not automatic messages, not API tokens)
 *   answers the open wait; the first one is the cycle's first response.
 * - Assignment, queueing, hand-offs (ownership moving from one member to another, or with a
 *   hand-off note), escalations, SLA breaches and the resolution are counted from their events.
 */
export function foldCycles(latest: Map<string, Cycle>, events: FoldEvent[]): Map<string, Cycle> {
  const changed = new Map<string, Cycle>();
  for (const event of events) {
    // Only real conversations (a malformed subject must not stop the rollup forever).
    if (event.subjectType !== 'conversation' || !event.workspaceId || !UUID.test(event.subjectId)) continue;
    const id = event.subjectId;
    const payload = event.payload;
    let cycle = latest.get(id);
    const open = (number: number, from?: Cycle): Cycle => ({
      conversationId: id,
      cycle: number,
      workspaceId: event.workspaceId!,
      channelId: from?.channelId ?? (typeof payload.channelId === 'string' ? payload.channelId : null),
      teamId: from?.teamId ?? null,
      assigneeMembershipId: from?.assigneeMembershipId ?? null,
      priority: from?.priority ?? 'normal',
      openedAt: event.createdAt,
      startedAt: null,
      lastCustomerAt: null,
      queuedAt: null,
      firstAssignedAt: null,
      firstResponseAt: null,
      firstResponderUserId: null,
      resolvedAt: null,
      humanReplies: 0,
      handoffs: 0,
      escalations: 0,
      slaBreaches: 0,
      handledByUserIds: [],
      waits: [],
    });
    if (event.type === 'conversation.created') cycle = open(1);
    else if (event.type === 'conversation.reopened') cycle = cycle ? (cycle.resolvedAt ? open(cycle.cycle + 1, cycle) : cycle) : open(1);
    else if (!cycle) cycle = open(1);
    const at = event.createdAt;
    switch (event.type) {
      case 'message.received': {
        const sentAt = typeof payload.at === 'string' ? new Date(payload.at) : at;
        cycle.startedAt ??= sentAt;
        cycle.lastCustomerAt = later(cycle.lastCustomerAt, sentAt);
        if (!cycle.waits.some((wait) => wait.answeredAt === null)) cycle.waits = [...cycle.waits, { startedAt: iso(sentAt), answeredAt: null, answeredBy: null }];
        break;
      }
      case 'message.queued': {
        if (event.actorType !== 'user' || !event.actorId || payload.automatic) break;
        cycle.humanReplies += 1;
        if (!cycle.firstResponseAt) {
          cycle.firstResponseAt = at;
          cycle.firstResponderUserId = event.actorId;
        }
        if (!cycle.handledByUserIds.includes(event.actorId)) cycle.handledByUserIds = [...cycle.handledByUserIds, event.actorId];
        cycle.waits = cycle.waits.map((wait) => (wait.answeredAt === null ? { ...wait, answeredAt: iso(at), answeredBy: event.actorId } : wait));
        break;
      }
      case 'conversation.assigned': {
        const from = typeof payload.from === 'string' ? payload.from : null;
        const to = typeof payload.to === 'string' ? payload.to : null;
        if (to) cycle.firstAssignedAt ??= at;
        if ((from && to && from !== to) || payload.handoff === true) cycle.handoffs += 1;
        cycle.assigneeMembershipId = to;
        if ('toTeamId' in payload) cycle.teamId = typeof payload.toTeamId === 'string' ? payload.toTeamId : null;
        break;
      }
      case 'conversation.queued': {
        cycle.queuedAt ??= at;
        const routing = payload.routing as { teamId?: string | null } | undefined;
        if (routing && 'teamId' in routing) cycle.teamId = routing.teamId ?? null;
        break;
      }
      case 'conversation.escalated':
        cycle.escalations += 1;
        if (typeof payload.priority === 'string') cycle.priority = payload.priority;
        if (typeof payload.toTeamId === 'string') cycle.teamId = payload.toTeamId;
        break;
      case 'conversation.priority_changed':
        if (typeof payload.to === 'string') cycle.priority = payload.to;
        break;
      case 'conversation.sla_breached':
        cycle.slaBreaches += 1;
        break;
      case 'conversation.resolved':
        cycle.resolvedAt = at;
        break;
    }
    latest.set(id, cycle);
    changed.set(`${id}#${cycle.cycle}`, cycle);
  }
  return changed;
}
