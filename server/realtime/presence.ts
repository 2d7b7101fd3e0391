import type { PresenceSignal } from '../events/event-bus.js';

export const VIEWING_TTL_MS = 30_000;
export const TYPING_TTL_MS = 6_000;

type Entry = { conversationId: string; memberId: string; name: string; state: 'viewing' | 'typing'; expiresAt: number };

/**
 * Who is viewing or typing where, per workspace. Every process hears every presence signal (through
 * the event bus, Redis when configured), so each keeps the whole picture; entries expire on their own
 * when a browser stops sending heartbeats.
 */
export class PresenceBoard {
  private readonly byWorkspace = new Map<string, Map<string, Entry>>();

  apply(signal: PresenceSignal) {
    const board = this.byWorkspace.get(signal.workspaceId) ?? new Map<string, Entry>();
    this.byWorkspace.set(signal.workspaceId, board);
    const key = `${signal.conversationId}|${signal.memberId}`;
    if (signal.state === 'left') board.delete(key);
    else board.set(key, { conversationId: signal.conversationId, memberId: signal.memberId, name: signal.name, state: signal.state, expiresAt: Date.parse(signal.expiresAt) });
  }

  list(workspaceId: string, now = Date.now()) {
    const board = this.byWorkspace.get(workspaceId);
    if (!board) return [];
    const result: (Omit<Entry, 'expiresAt'> & { expiresAt: string })[] = [];
    for (const [key, entry] of board) {
      if (entry.expiresAt <= now) board.delete(key);
      else result.push({ ...entry, expiresAt: new Date(entry.expiresAt).toISOString() });
    }
    return result;
  }
}
