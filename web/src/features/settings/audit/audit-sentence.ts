import type { AuditEntry, ChannelHealthValue, Language, Member, Role } from '../../../app/api-types.js';
import { isMessageKey, type Translate } from '../../../i18n/i18n.js';

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

/**
 * One readable sentence per event in the reader's language. Events record ids, so people are named
 * through the member list; unknown event types fall back to their raw type.
 */
export function describeEntry(entry: AuditEntry, t: Translate, language: Language, members: Member[]): string {
  const key = `audit.${entry.type}`;
  if (!isMessageKey(key)) return entry.type;
  const payload = entry.payload;
  const text = (name: string) => (typeof payload[name] === 'string' ? (payload[name] as string) : undefined);
  const roleName = (value: string | undefined) =>
    value && roles.includes(value) ? t(`role.${value as Role}`).toLocaleLowerCase(language) : (value ?? '');
  const member =
    entry.subjectType === 'member'
      ? members.find((candidate) => candidate.id === entry.subjectId)
      : entry.subjectType === 'user'
        ? members.find((candidate) => candidate.userId === entry.subjectId)
        : undefined;

  return t(key, {
    actor: actorName(entry, t),
    subject: member?.name ?? text('email') ?? t('audit.someoneLower'),
    email: text('email') ?? '',
    name: text('name') ?? '',
    role: roleName(text('role')),
    from: roleName(text('from')),
    to: roleName(text('to')),
    minutes: typeof payload.minutes === 'number' ? payload.minutes : 15,
    count: typeof payload.count === 'number' ? payload.count : 0,
    health: healthName(text('to'), t),
  });
}
