import type { ActivityEntry, Member, TeamItem } from '../../app/api-types.js';
import type { Translate } from '../../i18n/i18n.js';

type Directory = {
  members: Map<string, Member>;
  teams: Map<string, TeamItem>;
  /** Formats an instant for "snoozed until …". */
  moment: (iso: string) => string;
};

const text = (value: unknown) => (typeof value === 'string' ? value : null);
const names = (value: unknown) =>
  Array.isArray(value) ? value.map((item) => text((item as { name?: unknown })?.name)).filter((name): name is string => Boolean(name)) : [];

/**
 * One timeline line for a conversation change: "Ana took the conversation", "Ana handed off to Luis",
 * "snoozed until Monday 9:00". Unknown types return null and are not shown.
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
      if (p.via === 'take') return t('activity.took', { actor });
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
      return t('activity.priority', { actor, priority: priority(p.to) });
    case 'conversation.intent_changed':
      return text(p.to) ? t('activity.intent', { actor, intent: text(p.to) ?? '' }) : t('activity.intentCleared', { actor });
    case 'conversation.tagged': {
      const added = names(p.added);
      const removed = names(p.removed);
      if (added.length && removed.length) return t('activity.retagged', { actor, added: added.join(', '), removed: removed.join(', ') });
      if (added.length) return t('activity.tagged', { actor, tags: added.join(', ') });
      if (removed.length) return t('activity.untagged', { actor, tags: removed.join(', ') });
      return null;
    }
    case 'conversation.escalated':
      return t('activity.escalated', { actor, priority: priority(p.priority) });
    default:
      return null;
  }
}
