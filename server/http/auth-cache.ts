import type { EventBus } from '../events/event-bus.js';
import type { Actor } from './policy.js';

/** How long a resolved credential is trusted without reading the database again. */
export const AUTH_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

/** What a credential resolved to, with the row fields auth needs to decide without a query. */
export type CachedCaller =
  | { kind: 'api_token'; actor: Extract<Actor, { kind: 'api_token' }>; lastUsedAt: number | null }
  | {
      kind: 'session';
      actor: Actor;
      session: { sessionId: string; userId: string; workspaceId: string | null; csrfToken: string; expiresAt: Date };
      lastSeenAt: number;
    };

/**
 * Credential hash → caller, for a few seconds. Every write that can change who a credential is
 * (revoking a token, a member's role or status, logout, password change, switching workspace) calls
 * `invalidate()` after it commits: this process forgets everything at once and the others through the
 * event bus (Redis pub/sub with REDIS_URL). The TTL bounds what a lost broadcast or a manual database
 * edit can leave behind. A lookup that started before an invalidation never stores its (stale) result.
 */
export class AuthCache {
  private readonly entries = new Map<string, { caller: CachedCaller; storedAt: number }>();
  private generation = 0;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly eventBus: EventBus,
    private readonly ttlMs = AUTH_CACHE_TTL_MS,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Listens for other processes' invalidations. */
  start() {
    this.unsubscribe = this.eventBus.onSignal((signal) => {
      if (signal.kind === 'auth_changed') this.forget();
    });
  }

  stop() {
    this.unsubscribe?.();
    this.forget();
  }

  get(credentialHash: string): CachedCaller | undefined {
    const entry = this.entries.get(credentialHash);
    if (!entry) return undefined;
    if (this.clock() - entry.storedAt >= this.ttlMs) {
      this.entries.delete(credentialHash);
      return undefined;
    }
    return entry.caller;
  }

  /** A token for `store`: taken before reading the database. */
  ticket() {
    return this.generation;
  }

  /** Stores a caller read from the database, unless an invalidation happened since `ticket`. */
  store(credentialHash: string, caller: CachedCaller, ticket: number) {
    if (ticket !== this.generation) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(credentialHash, { caller, storedAt: this.clock() });
  }

  /** Drops one credential (an expired session) in this process only. */
  drop(credentialHash: string) {
    this.entries.delete(credentialHash);
  }

  /** Call after committing a change to tokens, memberships or sessions: every process forgets at once. */
  async invalidate() {
    this.forget();
    // The change is committed: a failed broadcast must not fail it. The others catch up within the TTL.
    await this.eventBus.signal({ kind: 'auth_changed' }).catch(() => {});
  }

  private forget() {
    this.generation++;
    this.entries.clear();
  }
}
