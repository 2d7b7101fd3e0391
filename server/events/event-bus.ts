import { Redis } from 'ioredis';
import type { StoredEvent } from './event-log.js';

export type EventListener = (event: StoredEvent) => void | Promise<void>;

/** Ephemeral messages between processes (presence, typing, auth cache invalidation): not stored, not replayed. */
export type PresenceSignal = { kind: 'presence'; workspaceId: string; conversationId: string; memberId: string; name: string; state: 'viewing' | 'typing' | 'left'; expiresAt: string };
export type Signal = PresenceSignal | { kind: 'auth_changed' };
export type SignalListener = (signal: Signal) => void;

/**
 * After-commit fan-out of events to listeners (realtime, webhooks, metrics). With REDIS_URL every
 * process receives every process's events through pub/sub; without it, delivery stays in memory.
 */
export type EventBus = {
  publish(events: StoredEvent[]): Promise<void>;
  subscribe(listener: EventListener): () => void;
  signal(signal: Signal): Promise<void>;
  onSignal(listener: SignalListener): () => void;
  close(): Promise<void>;
};

type Logger = { error(obj: unknown, message: string): void };

const CHANNEL = 'bandeja:events';
const SIGNALS = 'bandeja:signals';

function signalHub(logger: Logger) {
  const listeners = new Set<SignalListener>();
  return {
    deliver(signal: Signal) {
      for (const listener of listeners) {
        try {
          listener(signal);
        } catch (error) {
          logger.error({ err: error }, 'signal listener failed');
        }
      }
    },
    on(listener: SignalListener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear: () => listeners.clear(),
  };
}

function deliverTo(listeners: Set<EventListener>, logger: Logger) {
  return (event: StoredEvent) => {
    for (const listener of listeners) {
      Promise.resolve()
        .then(() => listener(event))
        .catch((error) => logger.error({ err: error, eventId: event.id }, 'event listener failed'));
    }
  };
}

export function createMemoryEventBus(logger: Logger): EventBus {
  const listeners = new Set<EventListener>();
  const deliver = deliverTo(listeners, logger);
  const signals = signalHub(logger);
  return {
    async publish(events) {
      for (const event of events) deliver(event);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async signal(signal) {
      signals.deliver(signal);
    },
    onSignal: signals.on,
    async close() {
      listeners.clear();
      signals.clear();
    },
  };
}

export async function createRedisEventBus(url: string, logger: Logger): Promise<EventBus> {
  const listeners = new Set<EventListener>();
  const deliver = deliverTo(listeners, logger);
  const publisher = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  const subscriber = new Redis(url, { lazyConnect: true });
  await Promise.all([publisher.connect(), subscriber.connect()]);
  const signals = signalHub(logger);
  await subscriber.subscribe(CHANNEL, SIGNALS);
  subscriber.on('message', (channel, message) => {
    if (channel === SIGNALS) return signals.deliver(JSON.parse(message) as Signal);
    const raw = JSON.parse(message) as StoredEvent & { createdAt: string };
    deliver({ ...raw, createdAt: new Date(raw.createdAt) });
  });
  return {
    async publish(events) {
      for (const event of events) await publisher.publish(CHANNEL, JSON.stringify(event));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async signal(signal) {
      await publisher.publish(SIGNALS, JSON.stringify(signal));
    },
    onSignal: signals.on,
    async close() {
      listeners.clear();
      signals.clear();
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}
