// Mirrors server/lib/safe-pattern.ts so admins see the problem before a round trip; the server still
// decides, and it alone refuses patterns too large once compiled (the browser cannot measure that).
const MAX_PATTERN_LENGTH = 200;

export type PatternProblem = 'too_long' | 'lookaround' | 'backreference' | 'syntax';

/** Why the server's linear-time engine (RE2) would refuse a rule's regular expression, or null. */
export function patternProblem(pattern: string): PatternProblem | null {
  if (pattern.length > MAX_PATTERN_LENGTH) return 'too_long';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') {
      const next = pattern[i + 1] ?? '';
      if (!inClass && (/[1-9]/.test(next) || (next === 'k' && pattern[i + 2] === '<'))) return 'backreference';
      i++;
    } else if (inClass) {
      if (char === ']') inClass = false;
    } else if (char === '[') {
      inClass = true;
    } else if (char === '(' && /^\(\?(=|!|<=|<!)/.test(pattern.slice(i, i + 4))) {
      return 'lookaround';
    }
  }
  try {
    new RegExp(pattern, 'iu');
  } catch {
    return 'syntax';
  }
  return null;
}
