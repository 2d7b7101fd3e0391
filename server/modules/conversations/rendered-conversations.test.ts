import { describe, expect, it } from 'vitest';
import { type Rendered, RenderedConversations } from './rendered-conversations.js';

const rendered = (version: string): Rendered => ({ version, head: `{"v":"${version}"`, windowExpiresMs: null });

describe('RenderedConversations', () => {
  it('answers only for the version it rendered', () => {
    const cache = new RenderedConversations();
    cache.set('a', rendered('100'));
    expect(cache.get('a', '100')?.head).toBe('{"v":"100"');
    expect(cache.get('a', '101')).toBeUndefined();
    cache.set('a', rendered('101'));
    expect(cache.get('a', '100')).toBeUndefined();
    expect(cache.size).toBe(1);
  });

  it('keeps at most its bound, the oldest going first, and forgets entries after the TTL', () => {
    let now = 0;
    const cache = new RenderedConversations(2, 1_000, () => now);
    cache.set('a', rendered('1'));
    cache.set('b', rendered('1'));
    cache.set('a', rendered('2')); // re-rendered: now the newest
    cache.set('c', rendered('1'));
    expect([cache.get('a', '2'), cache.get('b', '1'), cache.get('c', '1')].map(Boolean)).toEqual([true, false, true]);
    now = 1_000;
    expect(cache.get('a', '2')).toBeUndefined();
  });

  it('bounds the JSON it keeps, not only the number of conversations', () => {
    const cache = new RenderedConversations(100, 60_000, Date.now, 25);
    const long = (version: string, length: number): Rendered => ({ version, head: 'x'.repeat(length), windowExpiresMs: null });
    cache.set('a', long('1', 10));
    cache.set('b', long('1', 10));
    cache.set('c', long('1', 10)); // 30 > 25: the oldest goes
    expect([cache.get('a', '1'), cache.get('b', '1'), cache.get('c', '1')].map(Boolean)).toEqual([false, true, true]);
    cache.set('huge', long('1', 26)); // larger than the whole budget: not kept, nothing evicted for it
    expect(cache.get('huge', '1')).toBeUndefined();
    expect(cache.size).toBe(2);
  });
});
