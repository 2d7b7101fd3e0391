import { describe, expect, it } from 'vitest';
import { type EventType, eventTypes, isTimelineEvent } from '../contracts/events.js';
import type { Language } from '../contracts/common.js';
import type { AuditEntry } from '../contracts/members.js';
import { TIMELINE_EVENT_TYPES } from '../server/modules/conversations/activity.js';
import { activitySentence } from '../web/src/features/inbox/activity-sentence.js';
import { describeEntry } from '../web/src/features/settings/audit/audit-sentence.js';
import { type Translate, translate } from '../web/src/i18n/translate.js';

/** Shown as what they are (messages, notes, the bell), not as a sentence. */
const toldByTheirOwnView: EventType[] = ['message.received', 'message.queued', 'message.status_changed', 'note.added', 'notification.created'];

/** A payload like the server writes, for the types whose sentence reads it. */
const samplePayloads: Partial<Record<EventType, Record<string, unknown>>> = {
  'workspace.created': { name: 'Tienda Sur' },
  'member.joined': { role: 'agent' },
  'member.role_changed': { from: 'agent', to: 'supervisor' },
  'member.availability_changed': { status: 'away' },
  'invitation.created': { email: 'luis@example.com', role: 'agent' },
  'channel.connected': { name: 'Ventas' },
  'channel.health_changed': { to: 'token_expired' },
  'channel.templates_synced': { count: 3 },
  'channel.webhook_error': { code: 131047, title: 'Re-engagement message', details: null },
  'team.created': { name: 'Mayoristas' },
  'tag.created': { name: 'VIP' },
  'canned_response.created': { shortcut: 'saludo' },
  'routing.rules_changed': { action: 'created', name: 'Reclamos' },
  'conversation.assigned': { from: null, to: 'member-1', via: 'take' },
  'conversation.status_changed': { to: 'pending' },
  'conversation.priority_changed': { to: 'high' },
  'conversation.intent_changed': { to: 'compra' },
  'conversation.tagged': { added: [{ name: 'VIP' }], removed: [] },
  'conversation.escalated': { priority: 'urgent' },
  'conversation.sla_warning': { target: 'first_response', dueAt: '2026-12-07T12:00:00.000Z' },
  'conversation.sla_breached': { target: 'first_response' },
};

const member = { id: 'member-1', userId: 'user-1', name: 'Luis Gómez' };
const auditEntry = (type: EventType): AuditEntry => ({
  id: 1,
  type,
  actor: { type: 'user', id: 'user-2', name: 'Ana Pérez' },
  subjectType: 'member',
  subjectId: member.id,
  payload: samplePayloads[type] ?? {},
  createdAt: '2026-12-07T11:00:00.000Z',
});
const directory = { members: new Map([[member.id, member as never]]), teams: new Map(), moment: (iso: string) => iso, time: (iso: string) => iso };

describe.each(['es', 'en'] as Language[])('every event type has a sentence in %s', (language) => {
  const t: Translate = (key, vars) => translate(language, key, vars);
  const readable = (sentence: string | null, type: string) => {
    expect(sentence, type).toBeTruthy();
    expect(sentence, type).not.toContain(type);
    expect(sentence, type).not.toMatch(/\{\w+\}|undefined|null|\[object/);
  };

  it.each(eventTypes.filter((type) => !isTimelineEvent(type)))('the activity log tells %s', (type) => {
    readable(describeEntry(auditEntry(type), t, language, [member as never]), type);
  });

  it.each(eventTypes.filter((type) => isTimelineEvent(type) && !toldByTheirOwnView.includes(type)))('the conversation timeline tells %s', (type) => {
    expect(TIMELINE_EVENT_TYPES).toContain(type);
    const entry = { id: 1, type, actor: { type: 'user' as const, id: 'user-2', name: 'Ana Pérez' }, payload: samplePayloads[type] ?? {}, at: '2026-12-07T11:00:00.000Z' };
    readable(activitySentence(t, entry, directory), type);
  });

  it('gives each variant of a rule change and an availability change its own sentence', () => {
    const sentences = (type: EventType, payloads: Record<string, unknown>[]) =>
      new Set(payloads.map((payload) => describeEntry({ ...auditEntry(type), payload }, t, language, [member as never])));
    const rules = ['created', 'updated', 'deleted', 'reordered', 'defaults_added'].map((action) => ({ action, name: 'Reclamos' }));
    expect(sentences('routing.rules_changed', rules).size).toBe(rules.length);
    const availability = [{ status: 'away' }, { status: 'away', reason: 'set_by_admin' }, { status: 'away', reason: 'idle' }, { status: 'online', reason: 'activity' }];
    expect(sentences('member.availability_changed', availability).size).toBe(availability.length);
  });
});

describe('plurals follow the language rules (Intl.PluralRules)', () => {
  it('writes one and many in Spanish and English', () => {
    expect(translate('es', 'teams.memberCount', { count: 1 })).toBe('1 integrante');
    expect(translate('es', 'teams.memberCount', { count: 2 })).toBe('2 integrantes');
    expect(translate('es', 'teams.memberCount', { count: 0 })).toBe('0 integrantes');
    // Spanish CLDR has a "many" category for millions: it falls back to the "other" text.
    expect(translate('es', 'teams.memberCount', { count: 1_000_000 })).toBe('1.000.000 integrantes');
    expect(translate('en', 'teams.memberCount', { count: 1 })).toBe('1 member');
    expect(translate('en', 'teams.memberCount', { count: 1_234 })).toBe('1,234 members');
    expect(translate('en', 'ruleTest.none', { count: 1 })).toBe('No new conversations in the last day.');
    expect(translate('es', 'bulk.done', { count: 1 })).toBe('1 conversación actualizada');
  });
});
