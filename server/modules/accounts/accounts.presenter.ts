import type { User } from '../../../contracts/auth.js';
import type { users } from '../../db/schema.js';

/** "Ana María López" → "AL"; used for avatars everywhere. */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const first = words[0]!;
  const last = words.length > 1 ? words.at(-1)! : '';
  return (first[0]! + (last[0] ?? first[1] ?? '')).toLocaleUpperCase();
}

export function presentUser(user: typeof users.$inferSelect): User {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    initials: initialsOf(user.name),
    language: user.language,
    timeZone: user.timeZone,
  };
}
