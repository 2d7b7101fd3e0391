import type { RuleActions, RuleCondition, RuleInput, Strategy } from '../../../contracts/routing.js';
import { compileSafePattern, type MatchBudget, newMatchBudget, PatternRefused, patternSubject, type SafePattern, testWithin } from '../../lib/safe-pattern.js';

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
  /** The evaluation's matching time ran out (MATCH_BUDGET_MS): some regular expressions were not run and counted as not matching. */
  patternsSkipped: boolean;
  /** The rule that set the intent, for the timeline (the router credits priority and tags per rule itself). */
  by: { intent: string | null };
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

/** A stored pattern the engine refuses (saved before the engine changed) matches nothing rather than stopping routing. */
function safePatternOrNull(pattern: string): SafePattern | null {
  try {
    return compileSafePattern(pattern);
  } catch (error) {
    if (error instanceof PatternRefused) return null;
    throw error;
  }
}

type Texts = { words: string[]; plain: string[]; budget: MatchBudget };

function conditionHolds(condition: RuleCondition, facts: Facts, texts: Texts): boolean {
  const normalized = texts.words;
  switch (condition.kind) {
    case 'channel':
      return condition.channelIds.includes(facts.channelId);
    case 'text':
      if (condition.mode === 'regex') {
        const patterns = condition.values.map(safePatternOrNull).filter((pattern) => pattern !== null);
        return texts.plain.some((text) => patterns.some((pattern) => testWithin(pattern, text, texts.budget)));
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
      // The same message sent again and again in a row, just now: the customer's latest messages.
      const last = normalized.at(-1);
      if (!last) return false;
      let run = 0;
      for (let i = normalized.length - 1; i >= 0 && normalized[i] === last; i--) run++;
      return run >= condition.times;
    }
  }
}

function textsOf(facts: Facts): Texts {
  const cut = facts.texts.map((text) => text.slice(0, MAX_TEXT));
  return { words: cut.map(normalizeText), plain: facts.texts.map(patternSubject), budget: newMatchBudget() };
}

export function ruleMatches(rule: RuleLike, facts: Facts, texts = textsOf(facts)): boolean {
  if (!rule.enabled) return false;
  if (rule.conditions.length === 0) return true;
  return rule.match === 'all' ? rule.conditions.every((c) => conditionHolds(c, facts, texts)) : rule.conditions.some((c) => conditionHolds(c, facts, texts));
}

/**
 * Runs the ordered rules. Every matching rule contributes: the first to set a team (or intent, or
 * strategy) wins it, priority takes the highest, tags add up, any rule can escalate; a matching
 * rule with `stop` ends the evaluation.
 */
export function evaluateRules(rules: RuleLike[], facts: Facts): RuleOutcome {
  const texts = textsOf(facts);
  const outcome: RuleOutcome = { matched: [], teamId: null, decisive: null, priority: null, tagIds: [], intent: null, strategy: null, escalate: false, patternsSkipped: false, by: { intent: null } };
  for (const rule of rules) {
    if (!ruleMatches(rule, facts, texts)) continue;
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
    if (actions.priority && (!outcome.priority || priorityRank[actions.priority] > priorityRank[outcome.priority])) outcome.priority = actions.priority;
    for (const tagId of actions.tagIds) if (!outcome.tagIds.includes(tagId)) outcome.tagIds.push(tagId);
    if (actions.intent && !outcome.intent) {
      outcome.intent = actions.intent;
      outcome.by.intent = rule.name;
    }
    if (actions.escalate) outcome.escalate = true;
    if (rule.stop) break;
  }
  outcome.decisive ??= outcome.matched[0] ?? null;
  outcome.patternsSkipped = texts.budget.exhausted;
  return outcome;
}
