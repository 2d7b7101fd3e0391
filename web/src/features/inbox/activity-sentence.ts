import type { ActivityEntry, Member, RoutingReasonInfo, TeamItem } from '../../app/api-types.js';
import type { Translate } from '../../i18n/translate.js';
import { dueWhen, slaTargetLabel } from './sla.js';

type Directory = {
  members: Map<string, Member>;
  teams: Map<string, TeamItem>;
  /** Formats an instant for "snoozed until …". */
  moment: (iso: string) => string;
  /** Formats just the time of an instant. */
  time: (iso: string) => string;
};

const text = (value: unknown) => (typeof value === 'string' ? value : null);
const names = (value: unknown) =>
  Array.isArray(value) ? value.map((item) => text((item as { name?: unknown })?.name)).filter((name): name is string => Boolean(name)) : [];
const strings = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

const strategies = ['round_robin', 'least_loaded', 'sticky', 'queue'] as const;
const skipReasons = ['off_shift', 'at_capacity', 'away', 'offline', 'inactive'] as const;
export const isOneOf = <T extends string>(list: readonly T[], value: unknown): value is T => typeof value === 'string' && (list as readonly string[]).includes(value);

/** The routing explanation stored with an event, when it has the expected shape. */
function routingOf(payload: Record<string, unknown>): RoutingReasonInfo | null {
  const routing = payload.routing as Partial<RoutingReasonInfo> | undefined;
  if (!routing || typeof routing !== 'object' || !isOneOf(strategies, routing.strategy)) return null;
  return {
    ruleIds: strings(routing.ruleIds),
    ruleNames: strings(routing.ruleNames),
    teamId: text(routing.teamId),
    teamName: text(routing.teamName),
    strategy: routing.strategy,
    assignee: routing.assignee && typeof routing.assignee === 'object' ? routing.assignee : null,
    skipped: Array.isArray(routing.skipped) ? routing.skipped.filter((skip) => skip && typeof skip.name === 'string') : [],
    trigger: text(routing.trigger) ?? '',
    fallback: routing.fallback === 'team_empty' || routing.fallback === 'no_team' ? routing.fallback : undefined,
  };
}

/** "por la regla «Ventas»" / "by rules “A”, “B”", or '' without rules. */
function byRules(t: Translate, ruleNames: string[]): string {
  if (ruleNames.length === 0) return '';
  const rules = ruleNames.map((name) => t('activity.quoted', { name })).join(', ');
  return ruleNames.length === 1 ? t('activity.byRule', { rules }) : t('activity.byRules', { rules });
}

/** ' al recibir «…»' when a later customer message set the change off (routing quotes it), else ''. */
function onMessage(t: Translate, payload: Record<string, unknown>): string {
  const quote = payload.trigger === 'customer_message' ? text(payload.text) : null;
  return quote ? ` ${t('activity.onMessage', { text: quote.length > 80 ? `${quote.slice(0, 79)}…` : quote })}` : '';
}

/** The text with "por la regla «X»" appended when routing made the change (and the message that set it off). */
function withRules(t: Translate, sentence: string, payload: Record<string, unknown>): string {
  const by = payload.via === 'routing' ? byRules(t, strings(payload.ruleNames)) : '';
  return by ? `${sentence} ${by}${onMessage(t, payload)}` : sentence;
}

function routedSentence(t: Translate, routing: RoutingReasonInfo, to: string): string {
  const by = byRules(t, routing.ruleNames) || (routing.teamName ? t('activity.routedFromQueue', { team: routing.teamName }) : '');
  const assignee = routing.assignee;
  const details = t('activity.routedDetails', { strategy: t(`activity.strategy.${routing.strategy}`), open: assignee?.open ?? 0, capacity: assignee?.capacity ?? 0 });
  const sentence = t('activity.routed', { to: assignee?.name ?? to, by, details }).replace(/\s+/g, ' ');
  // The team had nobody in it, or there was no team: say so, and that anyone available got it.
  if (routing.fallback === 'team_empty' && routing.teamName) return `${sentence}. ${t('activity.teamEmptyFallback', { team: routing.teamName })}`;
  if (routing.fallback === 'no_team') return `${sentence}. ${t('activity.noTeamFallback')}`;
  return sentence;
}

function queuedSentence(t: Translate, routing: RoutingReasonInfo | null): string {
  if (!routing?.teamName) return t('activity.queuedNoTeam');
  if (routing.strategy !== 'queue') {
    // Nobody in the team (inactive members are not listed as skipped), or people who were all unavailable.
    if (routing.fallback === 'team_empty') return t('activity.queuedTeamEmptyNobody', { team: routing.teamName });
    if (routing.skipped.length === 0) return t('activity.queuedTeamEmpty', { team: routing.teamName });
    return t('activity.queuedNobody', { team: routing.teamName });
  }
  // A queue by design: members take from it; say which rule sent it there.
  const by = byRules(t, routing.ruleNames);
  const queued = t('activity.queued', { team: routing.teamName });
  return by ? `${queued} ${by}` : queued;
}

/**
 * One timeline line for a conversation change: "Ana took the conversation", "Ana handed off to Luis",
 * "snoozed until Monday 9:00", "Assigned to Ana by rule “Ventas” (…)". Unknown types return null and are not shown.
 */
export function activitySentence(t: Translate, entry: ActivityEntry, directory: Directory): string | null {
  const p = entry.payload;
  const actor = entry.actor.type === 'system' ? t('activity.system') : (entry.actor.name ?? t('activity.someone'));
  const member = (id: unknown) => (typeof id === 'string' ? (directory.members.get(id)?.name ?? t('activity.someone')) : null);
  const team = (id: unknown) => (typeof id === 'string' ? (directory.teams.get(id)?.name ?? t('activity.aTeam')) : null);
  const priority = (value: unknown) => (typeof value === 'string' && ['low', 'normal', 'high', 'urgent'].includes(value) ? t(`priority.${value as 'low'}`) : '');

  switch (entry.type) {
    case 'conversation.created':
      return t('activity.created');
    case 'conversation.assigned': {
      const to = member(p.to);
      const toSelf = typeof p.to === 'string' && directory.members.get(p.to)?.userId === entry.actor.id;
      const routing = routingOf(p);
      if (p.via === 'routing' && routing) return routedSentence(t, routing, to ?? t('activity.someone'));
      if (p.via === 'routing' && p.reason === 'owner_unavailable') {
        const status = isOneOf(skipReasons, p.ownerStatus) ? t(`activity.skip.${p.ownerStatus}`) : t('activity.skip.inactive');
        return t('activity.ownerUnavailable', { from: member(p.from) ?? t('activity.someone'), status });
      }
      if (p.via === 'shift_end') {
        const from = member(p.from) ?? t('activity.someone');
        return p.policy === 'reassign' ? t('activity.shiftEndReassign', { from }) : t('activity.shiftEndQueue', { from });
      }
      if (p.via === 'take') return t('activity.took', { actor });
      // Only the team changed: the owner kept it.
      if (to && p.to === p.from && p.toTeamId !== p.fromTeamId) return p.toTeamId ? t('activity.movedTeamKept', { actor, team: team(p.toTeamId) ?? '', to }) : t('activity.leftTeam', { actor });
      if (p.via === 'reply') return t('activity.tookByReplying', { actor: to ?? actor });
      if (p.handoff && to) return t('activity.handedOff', { actor, to });
      if (p.handoff && !to && p.toTeamId) return t('activity.handedOffTeam', { actor, team: team(p.toTeamId) ?? '' });
      if (to && toSelf) return t('activity.took', { actor });
      if (to) return t('activity.assigned', { actor, to });
      if (p.from && !to && p.toTeamId && p.toTeamId !== p.fromTeamId) return t('activity.movedTeam', { actor, team: team(p.toTeamId) ?? '' });
      if (!to && p.from) return t('activity.unassigned', { actor });
      if (p.toTeamId !== p.fromTeamId) return p.toTeamId ? t('activity.movedTeam', { actor, team: team(p.toTeamId) ?? '' }) : t('activity.leftTeam', { actor });
      return t('activity.unassigned', { actor });
    }
    case 'conversation.queued':
      return queuedSentence(t, routingOf(p));
    case 'conversation.resolved':
      return t('activity.resolved', { actor });
    case 'conversation.reopened':
      return entry.actor.type === 'system' ? t('activity.reopenedByCustomer') : t('activity.reopened', { actor });
    case 'conversation.woken':
      return t('activity.woken');
    case 'conversation.status_changed':
      if (p.to === 'snoozed' && text(p.snoozedUntil)) return t('activity.snoozed', { actor, time: directory.moment(text(p.snoozedUntil) ?? '') });
      if (p.to === 'pending') return t('activity.pending', { actor });
      return t('activity.opened', { actor });
    case 'conversation.priority_changed':
      return withRules(t, t('activity.priority', { actor, priority: priority(p.to) }), p);
    case 'conversation.intent_changed':
      return withRules(t, text(p.to) ? t('activity.intent', { actor, intent: text(p.to) ?? '' }) : t('activity.intentCleared', { actor }), p);
    case 'conversation.tagged': {
      const added = names(p.added);
      const removed = names(p.removed);
      if (added.length && removed.length) return withRules(t, t('activity.retagged', { actor, added: added.join(', '), removed: removed.join(', ') }), p);
      if (added.length) return withRules(t, t('activity.tagged', { actor, tags: added.join(', ') }), p);
      if (removed.length) return withRules(t, t('activity.untagged', { actor, tags: removed.join(', ') }), p);
      return null;
    }
    case 'conversation.escalated': {
      const by = p.reason === 'rule' ? byRules(t, strings(p.ruleNames)) : '';
      // An owned conversation stays with its owner and team: the supervisors are told, not handed it.
      if (by && p.toTeamId === p.fromTeamId) return `${t('activity.escalatedRuleKept', { actor, by, priority: priority(p.priority) })}${onMessage(t, p)}`;
      if (by) return `${t('activity.escalatedRule', { actor, by, priority: priority(p.priority) })}${onMessage(t, p)}`;
      if (p.reason === 'sla_breach') return t('activity.escalatedSla', { target: slaTargetLabel(t, p.target), priority: priority(p.priority) });
      return t('activity.escalated', { actor, priority: priority(p.priority) });
    }
    case 'conversation.sla_warning': {
      const due = text(p.dueAt);
      return due ? t('activity.slaWarning', { target: slaTargetLabel(t, p.target), when: dueWhen(t, due, directory) }) : null;
    }
    case 'conversation.sla_breached':
      return t('activity.slaBreached', { target: slaTargetLabel(t, p.target) });
    default:
      return null;
  }
}

/** A second, quieter line for a routing decision: who was skipped and why ("Skipped: Beto (off shift)"). */
export function activityDetail(t: Translate, entry: ActivityEntry): string | null {
  if (entry.type !== 'conversation.assigned' && entry.type !== 'conversation.queued') return null;
  const routing = routingOf(entry.payload);
  if (!routing || routing.skipped.length === 0) return null;
  const list = routing.skipped.map((skip) => (isOneOf(skipReasons, skip.reason) ? `${skip.name} (${t(`activity.skip.${skip.reason}`)})` : skip.name)).join(', ');
  return t('activity.skipped', { list });
}
