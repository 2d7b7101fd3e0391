import type { AuditEntry, ChannelHealthValue, Language, Member, Role } from '../../../app/api-types.js';
import { isMessageKey, type Translate } from '../../../i18n/translate.js';

const roles: readonly string[] = ['owner', 'admin', 'supervisor', 'agent'];

/** Who did it, in words: a person's name, "Bandeja" for the system, or the API token's name. */
export function actorName(entry: AuditEntry, t: Translate): string {
  if (entry.actor.type === 'system') return t('audit.system');
  if (entry.actor.type === 'api_token') return t('audit.apiToken', { name: entry.actor.name ?? '' });
  return entry.actor.name ?? t('audit.someone');
}

const healths: readonly string[] = ['unchecked', 'connected', 'token_expired', 'disconnected'];
const healthName = (value: string | undefined, t: Translate) =>
  value && healths.includes(value) ? t(`health.${value as ChannelHealthValue}`) : (value ?? '');

const availabilities: readonly string[] = ['online', 'away', 'offline'];
const availabilityReasons: readonly string[] = ['set_by_admin', 'idle', 'activity'];
const ruleChanges: readonly string[] = ['created', 'updated', 'deleted', 'reordered', 'defaults_added'];

/** The catalogue key of an entry's sentence: most types have one, a few have one per variant. */
function sentenceKey(entry: AuditEntry): string {
  const payload = entry.payload;
  if (entry.type === 'routing.rules_changed' && typeof payload.action === 'string' && ruleChanges.includes(payload.action)) return `audit.routing.rules_changed.${payload.action}`;
  if (entry.type === 'contact.consent_changed' && (payload.to === 'opted_in' || payload.to === 'opted_out')) return `audit.contact.consent_changed.${payload.to}`;
  if (entry.type === 'member.availability_changed' && typeof payload.reason === 'string' && availabilityReasons.includes(payload.reason)) return `audit.member.availability_changed.${payload.reason}`;
  return `audit.${entry.type}`;
}

/**
 * One readable sentence per event in the reader's language. Events record ids, so people are named
 * through the member list; things (teams, tags, rules, canned responses) by the name their event
 * carries. Every event type has a sentence (test/event-sentences.test.ts); a type from a newer
 * server falls back to its raw name.
 */
export function describeEntry(entry: AuditEntry, t: Translate, language: Language, members: Member[]): string {
  const key = sentenceKey(entry);
  if (!isMessageKey(key)) return entry.type;
  const payload = entry.payload;
  const text = (name: string) => (typeof payload[name] === 'string' && payload[name] ? (payload[name] as string) : undefined);
  const roleName = (value: string | undefined) =>
    value && roles.includes(value) ? t(`role.${value as Role}`).toLocaleLowerCase(language) : (value ?? '');
  const member =
    entry.subjectType === 'member'
      ? members.find((candidate) => candidate.id === entry.subjectId)
      : entry.subjectType === 'user'
        ? members.find((candidate) => candidate.userId === entry.subjectId)
        : undefined;
  const status = text('status');
  const thingName = text('name') ?? text('shortcut');

  return t(key, {
    actor: actorName(entry, t),
    subject: member?.name ?? text('email') ?? t('audit.someoneLower'),
    email: text('email') ?? '',
    name: text('name') ?? '',
    thing: thingName ? t('activity.quoted', { name: thingName }) : t('audit.unnamed'),
    role: roleName(text('role')),
    from: roleName(text('from')),
    to: roleName(text('to')),
    minutes: typeof payload.minutes === 'number' ? payload.minutes : 15,
    count: typeof payload.count === 'number' ? payload.count : 0,
    health: healthName(text('to'), t),
    status: status && availabilities.includes(status) ? t(`myStatus.${status as 'online'}`) : (status ?? ''),
    stage: text('stageName') ? t('activity.quoted', { name: text('stageName')! }) : t('audit.unnamed'),
    problem: text('title') ?? text('details') ?? (payload.code === undefined || payload.code === null ? t('audit.unknownProblem') : `#${String(payload.code)}`),
  });
}
