/**
 * The one rule for text that comes from outside (requests, WhatsApp payloads): U+0000 and lone
 * UTF-16 surrogates become U+FFFD. PostgreSQL stores every other character in `text` and `jsonb`,
 * but refuses these two, and a refused value fails the whole statement: a 500 for a request, a
 * webhook payload retried in vain. Replaced rather than removed, so the reader sees that something
 * was there and two words are not glued together.
 */
export function storableText(text: string): string {
  const wellFormed = (text as WellFormedString).isWellFormed() ? text : (text as WellFormedString).toWellFormed();
  return wellFormed.includes('\u0000') ? wellFormed.replaceAll('\u0000', '\uFFFD') : wellFormed;
}

/**
 * `storableText` applied to every string of a JSON-like value, object keys included. Returns the
 * value itself when nothing needed replacing; anything but strings, arrays and plain objects
 * (a Buffer, a Date) is left as it is.
 */
export function storableValue<T>(value: T): T {
  if (typeof value === 'string') return storableText(value) as T;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, index) => {
      const clean = storableValue(item);
      if (clean === item) return;
      copy ??= [...value];
      copy[index] = clean;
    });
    return (copy ?? value) as T;
  }
  if (value !== null && typeof value === 'object' && isPlainObject(value)) {
    let changed = false;
    const entries = Object.entries(value).map(([key, item]) => {
      const cleanKey = storableText(key);
      const clean = storableValue(item);
      if (cleanKey !== key || clean !== item) changed = true;
      return [cleanKey, clean] as const;
    });
    return (changed ? Object.fromEntries(entries) : value) as T;
  }
  return value;
}

/**
 * JSON.parse with the rule applied. In JSON text a NUL or a lone surrogate can only be written as a
 * `\u` escape, so a body without `\u0000` or `\uD8xx`–`\uDFxx` escapes is parsed as it is.
 */
export function parseStorableJson(text: string): unknown {
  const parsed: unknown = JSON.parse(text);
  return /\\u(?:0000|[dD][89a-fA-F])/.test(text) ? storableValue(parsed) : parsed;
}

type WellFormedString = string & { isWellFormed(): boolean; toWellFormed(): string };

/** A JSON-like object: `{}`, or a dictionary without Object.prototype (Fastify's parsed query strings). */
function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null || Object.getPrototypeOf(prototype) === null;
}
