import { type FoldEvent, UUID } from './fold-cycles.js';

/** What the fold remembers of a conversation between events. */
export type LoadState = { conversationId: string; workspaceId: string; active: boolean; membershipId: string | null; teamId: string | null; since: Date };
/** A stretch of time a conversation was active (open or pending) with one owner and team; no end while it lasts. */
export type LoadSpan = { conversationId: string; workspaceId: string; startedAt: Date; endedAt: Date | null; membershipId: string | null; teamId: string | null };
export type MemberSpanKind = 'on_shift' | 'online';
/** A stretch of time a member was on shift, or online (chosen and not idle). */
export type MemberSpan = { membershipId: string; workspaceId: string; kind: MemberSpanKind; startedAt: Date; endedAt: Date | null };

const ACTIVE = new Set(['open', 'pending']);
export const spanKey = (span: { conversationId: string; startedAt: Date }) => `${span.conversationId}@${span.startedAt.toISOString()}`;
export const memberKey = (membershipId: string, kind: MemberSpanKind) => `${membershipId}:${kind}`;

/**
 * Folds conversation and member events, in id order, into the spans load over time is summed from.
 * Pure, like `foldCycles`: folding in batches or at once gives the same spans.
 *
 * - A conversation is active from its creation, a reopen or a wake, until it is resolved or snoozed
 *   (`status_changed` to anything but open or pending). Its owner and team follow assignments,
 *   queueing and escalations. Each change of (active, owner, team) ends one span and starts the next.
 * - A member is on shift between `member.shift_started` and `member.shift_ended`, and online between
 *   an availability change to online and one to away or offline (idle counts as away, at the moment
 *   the agent went idle). Deactivation ends both.
 *
 * `states` and `openMemberSpans` hold what is known before these events and are updated in place;
 * the spans created or ended are returned.
 */
export function foldLoad(states: Map<string, LoadState>, openMemberSpans: Map<string, MemberSpan>, events: FoldEvent[]) {
  const spans = new Map<string, LoadSpan>();
  const memberSpans = new Map<string, MemberSpan>();
  const changedStates = new Map<string, LoadState>();
  for (const event of events) {
    if (!event.workspaceId || !UUID.test(event.subjectId)) continue;
    if (event.subjectType === 'conversation') foldConversation(event, states, spans, changedStates);
    else if (event.subjectType === 'member') foldMember(event, openMemberSpans, memberSpans);
  }
  return { spans: [...spans.values()], memberSpans: [...memberSpans.values()], states: [...changedStates.values()] };
}

function foldConversation(event: FoldEvent, states: Map<string, LoadState>, spans: Map<string, LoadSpan>, changed: Map<string, LoadState>) {
  const id = event.subjectId;
  const payload = event.payload;
  const at = event.createdAt;
  const before = states.get(id) ?? { conversationId: id, workspaceId: event.workspaceId!, active: false, membershipId: null, teamId: null, since: at };
  const next = { ...before };
  switch (event.type) {
    case 'conversation.created':
    case 'conversation.reopened':
    case 'conversation.woken':
      next.active = true;
      break;
    case 'conversation.resolved':
      next.active = false;
      break;
    case 'conversation.status_changed':
      if (typeof payload.to === 'string') next.active = ACTIVE.has(payload.to);
      break;
    case 'conversation.assigned':
      next.membershipId = typeof payload.to === 'string' ? payload.to : null;
      if ('toTeamId' in payload) next.teamId = typeof payload.toTeamId === 'string' ? payload.toTeamId : null;
      break;
    case 'conversation.queued': {
      const routing = payload.routing as { teamId?: string | null } | undefined;
      if (routing && 'teamId' in routing) next.teamId = routing.teamId ?? null;
      break;
    }
    case 'conversation.escalated':
      if (typeof payload.toTeamId === 'string') next.teamId = payload.toTeamId;
      break;
    default:
      // A conversation first seen through another event (its creation folded before load existed) is active.
      if (states.has(id)) return;
      next.active = true;
  }
  const same = states.has(id) && before.active === next.active && before.membershipId === next.membershipId && before.teamId === next.teamId;
  if (same) return;
  const span = (from: LoadState, endedAt: Date | null): LoadSpan => ({ conversationId: id, workspaceId: from.workspaceId, startedAt: from.since, endedAt, membershipId: from.membershipId, teamId: from.teamId });
  if (states.has(id) && before.active) spans.set(spanKey(span(before, at)), span(before, at));
  next.since = at;
  // A span that ends where it starts is replaced by the one that follows it (same key).
  if (next.active) spans.set(spanKey(span(next, null)), span(next, null));
  states.set(id, next);
  changed.set(id, next);
}

function foldMember(event: FoldEvent, open: Map<string, MemberSpan>, changed: Map<string, MemberSpan>) {
  const id = event.subjectId;
  const at = typeof event.payload.at === 'string' ? new Date(event.payload.at) : event.createdAt;
  const start = (kind: MemberSpanKind) => {
    if (open.has(memberKey(id, kind))) return;
    const span: MemberSpan = { membershipId: id, workspaceId: event.workspaceId!, kind, startedAt: at, endedAt: null };
    open.set(memberKey(id, kind), span);
    changed.set(`${memberKey(id, kind)}@${at.toISOString()}`, span);
  };
  const end = (kind: MemberSpanKind) => {
    const span = open.get(memberKey(id, kind));
    if (!span) return;
    open.delete(memberKey(id, kind));
    const ended = { ...span, endedAt: at < span.startedAt ? span.startedAt : at };
    changed.set(`${memberKey(id, kind)}@${span.startedAt.toISOString()}`, ended);
  };
  switch (event.type) {
    case 'member.shift_started':
      start('on_shift');
      break;
    case 'member.shift_ended':
      end('on_shift');
      break;
    case 'member.availability_changed':
      if (event.payload.status === 'online') start('online');
      else end('online');
      break;
    case 'member.deactivated':
      end('on_shift');
      end('online');
      break;
  }
}
