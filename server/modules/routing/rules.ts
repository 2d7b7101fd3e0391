import type { RuleActions, RuleCondition, RuleInput, Strategy } from '../../../contracts/routing.js';

type Priority = 'low' | 'normal' | 'high' | 'urgent';
export const priorityRank: Record<Priority, number> = { low: 0, normal: 1, high: 2, urgent: 3 };

/** What rules look at, gathered once per conversation. */
export type Facts = {
  channelId: string;
  /** The customer's messages of this cycle, oldest first. */
  texts: string[];
  intent: string | null;
  priority: Priority;
  contact: { vip: boolean; tags: string[]; customFields: Record<string, unknown> };
  businessOpen: boolean;
  firstContact: boolean;
};

export type RuleLike = RuleInput & { id?: string };

export type RuleOutcome = {
  matched: RuleLike[];
  teamId: string | null;
  /** The rule that chose the team (or strategy): the one named in the explanation. */
  decisive: RuleLike | null;
  priority: Priority | null;
  tagIds: string[];
  intent: string | null;
  strategy: Strategy | null;
  escalate: boolean;
  /** Which rule decided each action, for the timeline ("prioridad alta por la regla «VIP»"). */
  by: { priority: string | null; intent: string | null; tags: string[] };
};

/** Lower case, no accents, punctuation as spaces: "¿Cotización?" and "cotizacion" are the same word. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const MAX_TEXT = 4000;

function containsPhrase(normalizedText: string, phrase: string): boolean {
  const needle = normalizeText(phrase);
  return needle.length > 0 && ` ${normalizedText} `.includes(` ${needle} `);
}

/** Compiles a rule's regular expression (case-insensitive, over accent-free text); throws on a bad one. */
export function compilePattern(pattern: string): RegExp {
  return new RegExp(pattern.normalize('NFD').replace(/\p{M}+/gu, ''), 'iu');
}

function conditionHolds(condition: RuleCondition, facts: Facts, normalized: string[]): boolean {
  switch (condition.kind) {
    case 'channel':
      return condition.channelIds.includes(facts.channelId);
    case 'text':
      if (condition.mode === 'regex') {
        const patterns = condition.values.map(compilePattern);
        return normalized.some((text) => patterns.some((pattern) => pattern.test(text)));
      }
      return normalized.some((text) => condition.values.some((value) => containsPhrase(text, value)));
    case 'intent':
      return facts.intent !== null && condition.values.some((value) => normalizeText(value) === normalizeText(facts.intent!));
    case 'vip':
      return facts.contact.vip === condition.value;
    case 'contact_tag': {
      const tags = facts.contact.tags.map(normalizeText);
      return condition.values.some((value) => tags.includes(normalizeText(value)));
    }
    case 'contact_field': {
      const value = facts.contact.customFields[condition.field];
      if (condition.op === 'exists') return value !== undefined && value !== null && value !== '';
      if (value === undefined || value === null) return false;
      const have = normalizeText(String(value));
      const want = normalizeText(condition.value);
      return condition.op === 'equals' ? have === want : have.includes(want);
    }
    case 'priority':
      return condition.values.includes(facts.priority);
    case 'business_hours':
      return facts.businessOpen === (condition.state === 'open');
    case 'contact_history':
      return facts.firstContact === (condition.value === 'first');
    case 'repeated': {
      const counts = new Map<string, number>();
      for (const text of normalized) if (text) counts.set(text, (counts.get(text) ?? 0) + 1);
      return [...counts.values()].some((count) => count >= condition.times);
    }
  }
}

export function ruleMatches(rule: RuleLike, facts: Facts, normalized = facts.texts.map((text) => normalizeText(text.slice(0, MAX_TEXT)))): boolean {
  if (!rule.enabled) return false;
  if (rule.conditions.length === 0) return true;
  return rule.match === 'all' ? rule.conditions.every((c) => conditionHolds(c, facts, normalized)) : rule.conditions.some((c) => conditionHolds(c, facts, normalized));
}

/**
 * Runs the ordered rules. Every matching rule contributes: the first to set a team (or intent, or
 * strategy) wins it, priority takes the highest, tags add up, any rule can escalate; a matching
 * rule with `stop` ends the evaluation.
 */
export function evaluateRules(rules: RuleLike[], facts: Facts): RuleOutcome {
  const normalized = facts.texts.map((text) => normalizeText(text.slice(0, MAX_TEXT)));
  const outcome: RuleOutcome = { matched: [], teamId: null, decisive: null, priority: null, tagIds: [], intent: null, strategy: null, escalate: false, by: { priority: null, intent: null, tags: [] } };
  for (const rule of rules) {
    if (!ruleMatches(rule, facts, normalized)) continue;
    outcome.matched.push(rule);
    const actions: RuleActions = rule.actions;
    if (actions.teamId && !outcome.teamId) {
      outcome.teamId = actions.teamId;
      outcome.decisive ??= rule;
    }
    if (actions.strategy && !outcome.strategy) {
      outcome.strategy = actions.strategy;
      outcome.decisive ??= rule;
    }
    if (actions.priority && (!outcome.priority || priorityRank[actions.priority] > priorityRank[outcome.priority])) {
      outcome.priority = actions.priority;
      outcome.by.priority = rule.name;
    }
    if (actions.tagIds.some((tagId) => !outcome.tagIds.includes(tagId))) outcome.by.tags.push(rule.name);
    for (const tagId of actions.tagIds) if (!outcome.tagIds.includes(tagId)) outcome.tagIds.push(tagId);
    if (actions.intent && !outcome.intent) {
      outcome.intent = actions.intent;
      outcome.by.intent = rule.name;
    }
    if (actions.escalate) outcome.escalate = true;
    if (rule.stop) break;
  }
  outcome.decisive ??= outcome.matched[0] ?? null;
  return outcome;
}
