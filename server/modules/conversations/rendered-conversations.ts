/** A conversation as the list prints it, for one version of its row. */
export type Rendered = {
  /** The row's version: PostgreSQL's `xmin`, which every UPDATE of the row changes. */
  version: string;
  /** The conversation's JSON without the fields read live (contact, tags, unread, windowOpen) and without its closing brace. */
  head: string;
  /** When the customer service window closes (ms since the epoch), for `windowOpen` at the time of the request. */
  windowExpiresMs: number | null;
};

export const RENDERED_MAX_ENTRIES = 20_000;
/** Message previews have no length limit: the JSON kept is bounded too (UTF-16 code units, so at most ~32 MB). */
export const RENDERED_MAX_CHARS = 16_000_000;
/** Hygiene only: a version never changes meaning, so entries need no invalidation. */
export const RENDERED_TTL_MS = 10 * 60_000;

/**
 * Conversations as the inbox list renders them, by id and row version, in this process. The page query
 * reads each row's `xmin` (plus what can change without the row changing: the contact, tag ids and
 * the caller's unread state); a row whose version is here is not read, presented or serialised again.
 * A version names one committed state of the row, so nothing needs to be invalidated, in this process
 * or any other: a changed conversation simply has a new version. Kept per booted context (per
 * database), bounded, oldest first out.
 */
export class RenderedConversations {
  private readonly entries = new Map<string, Rendered & { storedAt: number }>();
  private chars = 0;

  constructor(
    private readonly maxEntries = RENDERED_MAX_ENTRIES,
    private readonly ttlMs = RENDERED_TTL_MS,
    private readonly clock: () => number = Date.now,
    private readonly maxChars = RENDERED_MAX_CHARS,
  ) {}

  get(id: string, version: string): Rendered | undefined {
    const entry = this.entries.get(id);
    if (!entry || entry.version !== version) return undefined;
    if (this.clock() - entry.storedAt >= this.ttlMs) {
      this.remove(id);
      return undefined;
    }
    return entry;
  }

  set(id: string, rendered: Rendered) {
    this.remove(id);
    if (rendered.head.length > this.maxChars) return;
    while (this.entries.size >= this.maxEntries || this.chars + rendered.head.length > this.maxChars) this.remove(this.entries.keys().next().value!);
    this.entries.set(id, { ...rendered, storedAt: this.clock() });
    this.chars += rendered.head.length;
  }

  get size() {
    return this.entries.size;
  }

  private remove(id: string) {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.chars -= entry.head.length;
  }
}
