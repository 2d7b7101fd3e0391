import type { RoutingRuleInput, RuleCondition } from '../../../app/api-types.js';
import { useI18n, type Translate } from '../../../i18n/i18n.js';
import { useChannels } from '../channels/channels-api.js';
import { useTags } from '../tags/tags-api.js';
import { useTeams } from '../teams/teams-api.js';

type Names = { team: (id: string) => string; tag: (id: string) => string; channel: (id: string) => string };
type Lists = { or: (items: string[]) => string; and: (items: string[]) => string; quote: (value: string) => string };

const MAX_VALUES = 4;

function values(t: Translate, lists: Lists, items: string[], quote = true): string {
  const shown = items.slice(0, MAX_VALUES).map((item) => (quote ? lists.quote(item) : item));
  if (items.length > MAX_VALUES) shown.push(t('ruleSummary.more', { count: items.length - MAX_VALUES }));
  return lists.or(shown);
}

function conditionText(t: Translate, lists: Lists, names: Names, condition: RuleCondition): string {
  switch (condition.kind) {
    case 'text':
      return condition.mode === 'regex'
        ? t('ruleSummary.regex', { patterns: values(t, lists, condition.values.map((value) => `/${value}/`), false) })
        : t('ruleSummary.keywords', { words: values(t, lists, condition.values) });
    case 'channel':
      return t('ruleSummary.channel', { numbers: values(t, lists, condition.channelIds.map(names.channel), false) });
    case 'intent':
      return t('ruleSummary.intent', { intents: values(t, lists, condition.values) });
    case 'vip':
      return t(condition.value ? 'ruleSummary.vip' : 'ruleSummary.notVip');
    case 'contact_tag':
      return t('ruleSummary.contactTag', { tags: values(t, lists, condition.values) });
    case 'contact_field':
      if (condition.op === 'exists') return t('ruleSummary.fieldExists', { field: lists.quote(condition.field) });
      return t(condition.op === 'equals' ? 'ruleSummary.fieldEquals' : 'ruleSummary.fieldContains', { field: lists.quote(condition.field), value: lists.quote(condition.value) });
    case 'priority':
      return t('ruleSummary.priority', { priorities: lists.or(condition.values.map((priority) => t(`priority.${priority}`))) });
    case 'business_hours':
      return t(condition.state === 'open' ? 'ruleSummary.open' : 'ruleSummary.closed');
    case 'contact_history':
      return t(condition.value === 'first' ? 'ruleSummary.firstContact' : 'ruleSummary.returning');
    case 'repeated':
      return t('ruleSummary.repeated', { times: condition.times });
  }
}

/** "Si el mensaje contiene «precio» o «comprar»" / "When the message contains “price”". */
export function conditionsSentence(t: Translate, lists: Lists, names: Names, rule: Pick<RoutingRuleInput, 'conditions' | 'match'>): string {
  if (rule.conditions.length === 0) return t('ruleSummary.always');
  const parts = rule.conditions.map((condition) => conditionText(t, lists, names, condition));
  return t('ruleSummary.when', { conditions: rule.match === 'all' ? lists.and(parts) : lists.or(parts) });
}

/** "equipo Ventas, prioridad Alta, reparto por turnos" / "team Sales, priority High, round-robin". */
export function actionsSentence(t: Translate, lists: Lists, names: Names, rule: Pick<RoutingRuleInput, 'actions' | 'stop'>): string {
  const { actions } = rule;
  const parts: string[] = [];
  if (actions.teamId) parts.push(t('ruleSummary.team', { team: names.team(actions.teamId) }));
  if (actions.priority) parts.push(t('ruleSummary.setPriority', { priority: t(`priority.${actions.priority}`) }));
  if (actions.tagIds.length) parts.push(t('ruleSummary.tags', { tags: lists.and(actions.tagIds.map(names.tag)) }));
  if (actions.intent) parts.push(t('ruleSummary.setIntent', { intent: lists.quote(actions.intent) }));
  if (actions.strategy) parts.push(t(`ruleSummary.strategy.${actions.strategy}`));
  if (actions.escalate) parts.push(t('ruleSummary.escalate'));
  if (rule.stop) parts.push(t('ruleSummary.stop'));
  return parts.length ? lists.and(parts) : t('ruleSummary.nothing');
}

/** Turns rules into one line in the reader's language, naming teams, tags and numbers. */
export function useRuleSummary() {
  const { t, locale } = useI18n();
  const teams = useTeams().data?.teams ?? [];
  const tags = useTags().data?.tags ?? [];
  const channels = useChannels().data?.channels ?? [];
  const disjunction = new Intl.ListFormat(locale, { type: 'disjunction' });
  const conjunction = new Intl.ListFormat(locale, { type: 'conjunction' });
  const lists: Lists = { or: (items) => disjunction.format(items), and: (items) => conjunction.format(items), quote: (value) => t('ruleSummary.quoted', { value }) };
  const unknown = t('ruleSummary.unknown');
  const names: Names = {
    team: (id) => teams.find((team) => team.id === id)?.name ?? unknown,
    tag: (id) => tags.find((tag) => tag.id === id)?.name ?? unknown,
    channel: (id) => channels.find((channel) => channel.id === id)?.name ?? unknown,
  };
  return {
    conditions: (rule: Pick<RoutingRuleInput, 'conditions' | 'match'>) => conditionsSentence(t, lists, names, rule),
    actions: (rule: Pick<RoutingRuleInput, 'actions' | 'stop'>) => actionsSentence(t, lists, names, rule),
  };
}
