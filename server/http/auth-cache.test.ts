import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryEventBus, createRedisEventBus, type EventBus } from '../events/event-bus.js';
import { AuthCache, type CachedCaller } from './auth-cache.js';

const logger = { error() {} };
const caller = (tokenId: string): CachedCaller => ({ kind: 'api_token', actor: { kind: 'api_token', tokenId, workspaceId: 'w', role: 'admin' }, lastUsedAt: null });
const buses: EventBus[] = [];
afterEach(async () => {
  for (const bus of buses.splice(0)) await bus.close();
});

describe('auth cache', () => {
  it('keeps a caller for the TTL only', () => {
    let now = 0;
    const cache = new AuthCache(createMemoryEventBus(logger), 5_000, () => now);
    cache.store('h', caller('t1'), cache.ticket());
    now = 4_999;
    expect(cache.get('h')).toBeDefined();
    now = 5_000;
    expect(cache.get('h')).toBeUndefined();
  });

  it('never stores what was read before an invalidation', async () => {
    const cache = new AuthCache(createMemoryEventBus(logger));
    const ticket = cache.ticket();
    await cache.invalidate();
    cache.store('h', caller('t1'), ticket);
    expect(cache.get('h')).toBeUndefined();
  });

  it('forgets in every process when one invalidates (Redis)', async () => {
    const url = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
    const [busA, busB] = await Promise.all([createRedisEventBus(url, logger), createRedisEventBus(url, logger)]);
    buses.push(busA, busB);
    const a = new AuthCache(busA);
    const b = new AuthCache(busB);
    a.start();
    b.start();
    a.store('h', caller('t1'), a.ticket());
    b.store('h', caller('t1'), b.ticket());
    const ticketB = b.ticket();
    await a.invalidate();
    expect(a.get('h')).toBeUndefined();
    await expect.poll(() => b.get('h'), { timeout: 2_000 }).toBeUndefined();
    // A lookup in flight in B during the invalidation does not put the stale caller back.
    b.store('h', caller('t1'), ticketB);
    expect(b.get('h')).toBeUndefined();
    a.stop();
    b.stop();
  });
});
