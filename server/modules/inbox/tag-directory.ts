import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { tags } from '../../db/schema.js';
import type { EventBus } from '../../events/event-bus.js';

export type TagRef = { id: string; name: string; color: string };

/** A safety net only: tag events clear an entry at once, in every process. */
export const TAG_DIRECTORY_TTL_MS = 60_000;

/** `unknown`: ids a load did not find (a tag deleted meanwhile), so that they do not reload on every request. */
type Entry = { byId: Map<string, { tag: TagRef; rank: number }>; unknown: Set<string>; loadedAt: number };

/**
 * Each workspace's tags by id, in memory: the inbox list reads only tag ids per conversation (not a
 * join and a JSON object per row, which was most of the page query's time) and names them here. A
 * workspace has tens of tags. Every `tag.*` event clears its workspace's entry (in every process,
 * through the event bus); an id the entry does not know (a tag created a moment ago) reloads it once;
 * a load that raced with a change of its workspace is not kept; concurrent requests share one load.
 */
export class TagDirectory {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<Entry>>();
  private readonly generations = new Map<string, number>();
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly db: Database,
    private readonly ttlMs = TAG_DIRECTORY_TTL_MS,
    private readonly clock: () => number = Date.now,
  ) {}

  start(eventBus: EventBus) {
    this.unsubscribe = eventBus.subscribe((event) => {
      if (event.workspaceId && event.type.startsWith('tag.')) this.forget(event.workspaceId);
    });
  }

  stop() {
    this.unsubscribe?.();
    this.entries.clear();
  }

  /** The tags of each conversation, by the ids the database gave, sorted by name; ids of deleted tags are left out. */
  async name(workspaceId: string, idLists: readonly (readonly string[])[]): Promise<TagRef[][]> {
    let entry = this.fresh(workspaceId);
    const knows = (current: Entry) => idLists.every((ids) => ids.every((id) => current.byId.has(id) || current.unknown.has(id)));
    if (!entry || !knows(entry)) {
      entry = await this.load(workspaceId);
      for (const ids of idLists) for (const id of ids) if (!entry.byId.has(id)) entry.unknown.add(id);
    }
    const { byId } = entry;
    return idLists.map((ids) => {
      if (ids.length === 0) return [];
      const found = ids.flatMap((id) => byId.get(id) ?? []);
      if (found.length > 1) found.sort((a, b) => a.rank - b.rank);
      return found.map((item) => item.tag);
    });
  }

  private fresh(workspaceId: string) {
    const entry = this.entries.get(workspaceId);
    if (entry && this.clock() - entry.loadedAt < this.ttlMs) return entry;
    if (entry) this.entries.delete(workspaceId);
    return undefined;
  }

  private load(workspaceId: string): Promise<Entry> {
    const pending = this.loading.get(workspaceId);
    if (pending) return pending;
    const generation = this.generations.get(workspaceId) ?? 0;
    const load = (async () => {
      // Ordered by the database, so that names sort as they did in SQL (the database's collation).
      const rows = await this.db.select({ id: tags.id, name: tags.name, color: tags.color }).from(tags).where(eq(tags.workspaceId, workspaceId)).orderBy(asc(tags.name));
      const entry: Entry = { byId: new Map(rows.map((tag, rank) => [tag.id, { tag, rank }] as const)), unknown: new Set(), loadedAt: this.clock() };
      if (generation === (this.generations.get(workspaceId) ?? 0)) this.entries.set(workspaceId, entry);
      return entry;
    })();
    this.loading.set(workspaceId, load);
    const done = () => {
      if (this.loading.get(workspaceId) === load) this.loading.delete(workspaceId);
    };
    load.then(done, done);
    return load;
  }

  private forget(workspaceId: string) {
    this.generations.set(workspaceId, (this.generations.get(workspaceId) ?? 0) + 1);
    this.entries.delete(workspaceId);
    // A load already under way read the old tags: the next request starts its own.
    this.loading.delete(workspaceId);
  }
}
