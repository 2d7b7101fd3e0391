import { describe, expect, it } from 'vitest';
import { type Rendered, RenderedConversations } from './rendered-conversations.js';

const rendered = (version: string): Rendered => ({ version, head: `{"v":"${version}"`, windowExpiresMs: null, keys: { id: 'c', priority: 'normal', waitingSince: null, lastActivityAt: '2026-12-02 10:00:00+00' } });

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
});
