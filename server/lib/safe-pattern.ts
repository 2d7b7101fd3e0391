import { RE2JS, RE2JSSyntaxException } from 're2js';

/**
 * Regular expressions written by a workspace's admins (routing rules today; the bot and flows
 * later) run on customers' text in the one process every workspace shares. JavaScript's RegExp
 * backtracks: `(a+)+$` on 40 `a`s and a `!` takes minutes and blocks everyone. These run on RE2JS
 * instead, whose time grows linearly with the text and the compiled program, and both are bounded
 * here: the pattern's length and program size when it is saved, the text's length when it runs.
 * RE2 has no lookaround and no backreferences; such patterns are refused with a reason.
 */

/** Longer patterns are refused (a rule's values are at most this long already). */
export const MAX_PATTERN_LENGTH = 200;
/**
 * Instructions in the compiled program. Matching costs at most text length × program size: with
 * 4,000 characters the worst pattern under this cap takes about a tenth of a second per text, most
 * ordinary ones well under a millisecond (docs/benchmarks.md). Ordinary patterns need a few dozen
 * instructions; counted repetitions like `\w{500}` are what exceed it.
 */
export const MAX_PATTERN_PROGRAM = 300;
/** A pattern looks at most at this many characters of a text: the rest is not read. */
export const MAX_SUBJECT_LENGTH = 4000;
/**
 * All the patterns of one workspace's rules together, in compiled instructions. One pattern is
 * bounded above; this bounds how many a workspace can make every message pay for (ordinary
 * patterns take 10–60 instructions, so this is a hundred or more of them).
 */
export const MAX_WORKSPACE_PROGRAM = 3000;
/**
 * How long one evaluation (one conversation's texts against every rule) may spend matching. A
 * single match is bounded by the caps above; this bounds their sum, so even a workspace whose rules
 * are all worst cases holds the shared event loop for a few hundredths of a second per message.
 * Patterns left unrun when it is spent count as not matching (and the evaluation says so).
 */
export const MATCH_BUDGET_MS = 25;

/** Time left for matching in one evaluation. */
export type MatchBudget = { deadline: number; exhausted: boolean };
export const newMatchBudget = (ms = MATCH_BUDGET_MS): MatchBudget => ({ deadline: performance.now() + ms, exhausted: false });

/** Runs a pattern unless the budget is spent; a spent budget is remembered and the pattern counts as not matching. */
export function testWithin(pattern: SafePattern, subject: string, budget: MatchBudget): boolean {
  if (budget.exhausted || performance.now() > budget.deadline) {
    budget.exhausted = true;
    return false;
  }
  return pattern.test(subject);
}

/** Why a pattern is refused. The messages are stable: the web app translates them. */
export const patternRefusals = {
  too_long: `is longer than ${MAX_PATTERN_LENGTH} characters`,
  lookaround: 'uses a lookahead or lookbehind ((?=, (?!, (?<=, (?<!), which is not supported',
  backreference: 'uses a backreference (\\1, \\k<name>), which is not supported',
  too_large: 'is too large once compiled: use smaller repetition counts (for example {1,20} rather than {500})',
  syntax: 'is not a valid regular expression',
} as const;

export type PatternRefusalReason = keyof typeof patternRefusals;

/** A pattern that cannot be used; `message` names the reason, with RE2's own words for a syntax error. */
export class PatternRefused extends Error {
  constructor(
    readonly reason: PatternRefusalReason,
    detail?: string,
  ) {
    super(detail ? `${patternRefusals[reason]} (${detail})` : patternRefusals[reason]);
  }
}

/** A compiled admin pattern: case-insensitive, matched anywhere in a text prepared by `patternSubject`. */
export type SafePattern = { test(subject: string): boolean; programSize: number };

const stripAccents = (text: string) => text.normalize('NFD').replace(/\p{M}+/gu, '');

/** The text patterns run on: its first `MAX_SUBJECT_LENGTH` characters without accents (punctuation kept, so `\d{3}-\d{4}` and `@` work). */
export function patternSubject(text: string): string {
  return stripAccents(text.slice(0, MAX_SUBJECT_LENGTH));
}

function reasonOf(error: RE2JSSyntaxException): PatternRefusalReason {
  const input = error.input ?? '';
  if (/^\(\?(=|!|<=|<!)/.test(input)) return 'lookaround';
  if (error.error === 'invalid escape sequence' && /^\\([1-9]|k)/.test(input)) return 'backreference';
  if (['invalid repeat count', 'expression too large', 'expression nests too deeply'].includes(error.error)) return 'too_large';
  return 'syntax';
}

function compile(pattern: string): SafePattern | PatternRefused {
  if (pattern.length > MAX_PATTERN_LENGTH) return new PatternRefused('too_long');
  let regex: RE2JS;
  try {
    // The pattern loses its accents as the text does, so «cotización» finds "cotizacion".
    regex = RE2JS.compile(stripAccents(pattern), RE2JS.CASE_INSENSITIVE);
  } catch (error) {
    if (error instanceof RE2JSSyntaxException) {
      const reason = reasonOf(error);
      // The input RE2 quotes may start with the (?i) the case-insensitive flag puts in front.
      const input = error.input?.startsWith('(?i)') ? error.input.slice(4) : error.input;
      return new PatternRefused(reason, reason === 'syntax' ? (input ? `${error.error}: \`${input}\`` : error.error) : undefined);
    }
    throw error;
  }
  if (regex.programSize() > MAX_PATTERN_PROGRAM) return new PatternRefused('too_large');
  return { test: (subject) => regex.test(subject.length > MAX_SUBJECT_LENGTH ? subject.slice(0, MAX_SUBJECT_LENGTH) : subject), programSize: regex.programSize() };
}

// Each compiled pattern keeps its DFA states (RE2JS allows a few MB for the worst ones), so the cache stays small.
const compiled = new Map<string, SafePattern | PatternRefused>();

/** Compiles an admin's pattern once (refusals are remembered too); throws `PatternRefused`. */
export function compileSafePattern(pattern: string): SafePattern {
  let entry = compiled.get(pattern);
  if (!entry) {
    entry = compile(pattern);
    if (compiled.size >= 500) compiled.clear();
    compiled.set(pattern, entry);
  }
  if (entry instanceof PatternRefused) throw entry;
  return entry;
}

/** Compiled instructions of a pattern (0 for one the engine refuses): what it costs every text it runs on. */
export function patternProgramSize(pattern: string): number {
  try {
    return compileSafePattern(pattern).programSize;
  } catch (error) {
    if (error instanceof PatternRefused) return 0;
    throw error;
  }
}

/** Why the pattern would be refused, or null when it can be used. */
export function patternRefusal(pattern: string): PatternRefused | null {
  try {
    compileSafePattern(pattern);
    return null;
  } catch (error) {
    if (error instanceof PatternRefused) return error;
    throw error;
  }
}
