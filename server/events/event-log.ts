import { events } from '../db/schema.js';
import type { Transaction } from '../db/client.js';
import { insertMany } from '../db/insert-many.js';
import type { EventType } from '../../contracts/events.js';

export type ActorRef = { type: 'user' | 'api_token' | 'system'; id: string | null };

export type EventInput = {
  workspaceId: string | null;
  actor: ActorRef;
  type: EventType;
  subjectType: string;
  subjectId: string;
  payload?: Record<string, unknown>;
};

export type StoredEvent = typeof events.$inferSelect;

export const systemActor: ActorRef = { type: 'system', id: null };

/** Events recorded by each open transaction, published only once it commits. */
const recordedByTransaction = new WeakMap<object, StoredEvent[]>();

export function trackTransaction(tx: Transaction): StoredEvent[] {
  const recorded: StoredEvent[] = [];
  recordedByTransaction.set(tx, recorded);
  return recorded;
}

/** Appends an event in the caller's transaction; it is dispatched after that transaction commits. */
export async function recordEvent(tx: Transaction, input: EventInput): Promise<StoredEvent> {
  const [row] = await recordEvents(tx, [input]);
  return row!;
}

/** Appends several events in one statement (bulk ingest); dispatched after commit like recordEvent. */
export async function recordEvents(tx: Transaction, inputs: EventInput[]): Promise<StoredEvent[]> {
  if (inputs.length === 0) return [];
  const recorded = recordedByTransaction.get(tx);
  if (!recorded) throw new Error('recordEvent must run inside ctx.transaction()');
  const rows = await insertMany(
    tx,
    events,
    inputs.map((input) => ({
      workspaceId: input.workspaceId,
      actorType: input.actor.type,
      actorId: input.actor.id,
      type: input.type,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      payload: input.payload ?? {},
    })),
  );
  rows.sort((a, b) => a.id - b.id);
  recorded.push(...rows);
  return rows;
}
