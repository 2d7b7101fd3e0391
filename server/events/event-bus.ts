import { Redis } from 'ioredis';
import type { StoredEvent } from './event-log.js';

export type EventListener = (event: StoredEvent) => void | Promise<void>;

/**
 * After-commit fan-out of events to listeners (realtime, webhooks, metrics). With REDIS_URL every
 * process receives every process's events through pub/sub; without it, delivery stays in memory.
 */
export type EventBus = {
  publish(events: StoredEvent[]): Promise<void>;
  subscribe(listener: EventListener): () => void;
  close(): Promise<void>;
};

type Logger = { error(obj: unknown, message: string): void };

const CHANNEL = 'bandeja:events';

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
  return {
    async publish(events) {
      for (const event of events) deliver(event);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
    },
  };
}

export async function createRedisEventBus(url: string, logger: Logger): Promise<EventBus> {
  const listeners = new Set<EventListener>();
  const deliver = deliverTo(listeners, logger);
  const publisher = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  const subscriber = new Redis(url, { lazyConnect: true });
  await Promise.all([publisher.connect(), subscriber.connect()]);
  await subscriber.subscribe(CHANNEL);
  subscriber.on('message', (_channel, message) => {
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
    async close() {
      listeners.clear();
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}
