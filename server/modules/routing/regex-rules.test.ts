import { monitorEventLoopDelay } from 'node:perf_hooks';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import type { TestClient } from '../../../test/support/client.js';
import { insertChannel, workspaceWithOwner } from '../../../test/support/factories.js';
import { receiveText } from '../../../test/support/webhooks.js';
import { conversations } from '../../db/schema.js';
import { evaluateRules, type Facts, type RuleLike } from './rules.js';

// With a backtracking engine `(a+)+$` on this text takes about 2^40 steps: hours, with the process frozen.
const EVIL_TEXT = `${'a'.repeat(40)}!`;
const evilRule = { name: 'Gritos', conditions: [{ kind: 'text', mode: 'regex', values: ['(a+)+$'] }], actions: { priority: 'high' } };

let t: TestApp;
let owner: TestClient;

/** The longest the event loop stood still while `work` ran, in milliseconds. */
async function longestStall<T>(work: () => Promise<T>): Promise<{ result: T; stallMs: number }> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  try {
    const result = await work();
    return { result, stallMs: delay.max / 1e6 };
  } finally {
    delay.disable();
  }
}

beforeAll(async () => {
  t = await createTestApp();
  const created = await workspaceWithOwner(t, 'Regex Sur');
  owner = created.client;
});
afterAll(async () => t?.close());

const ruleOf = (values: string[]): RuleLike => ({
  name: 'Regla',
  enabled: true,
  match: 'all',
  stop: false,
  conditions: [{ kind: 'text', mode: 'regex', values }],
  actions: { teamId: null, priority: 'high', tagIds: [], intent: null, strategy: null, escalate: false },
});
const facts = (texts: string[]): Facts => ({
  channelId: 'c1',
  texts,
  intent: null,
  priority: 'normal',
  contact: { vip: false, tags: [], customFields: {} },
  businessOpen: true,
  firstContact: true,
});

describe('regular expressions in routing rules', () => {
  it('evaluateRules runs (a+)+$ on 40 a’s and a ! in linear time', () => {
    const rule = ruleOf(['(a+)+$']);
    const started = performance.now();
    expect(evaluateRules([rule], facts([EVIL_TEXT, EVIL_TEXT.repeat(90)])).matched).toHaveLength(0);
    expect(evaluateRules([rule], facts(['aaaa'])).matched).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('a saved (a+)+$ rule routes such a message, and the rule test, without stalling other requests', async () => {
    const channel = await insertChannel(t, (await owner.get('/api/v1/workspace')).json().id);
    const saved = await owner.post('/api/v1/routing/rules', { ...evilRule, position: 0 });
    expect(saved.statusCode).toBe(201);

    const { result: conversationId, stallMs: routingStall } = await longestStall(async () => {
      const received = await receiveText(t, channel, '5491155550001', EVIL_TEXT);
      await new Promise((resolve) => setImmediate(resolve));
      await t.ctx.routing.idle();
      return received.conversationId;
    });
    const [routed] = await t.ctx.db.select().from(conversations).where(eq(conversations.id, conversationId));
    expect(routed).toMatchObject({ needsRouting: false, priority: 'normal' });
    expect(routingStall).toBeLessThan(1000);

    const { result, stallMs } = await longestStall(() =>
      Promise.all([owner.post('/api/v1/routing/rules/test', { days: 1 }), owner.post('/api/v1/routing/rules/test', { rules: [evilRule], days: 1 }), owner.get('/api/v1/tags')]),
    );
    const [savedRules, draft, tagList] = result;
    expect(savedRules.statusCode).toBe(200);
    expect(draft.statusCode).toBe(200);
    expect(draft.json()).toMatchObject({ total: 1, byRule: [{ name: null, count: 1 }] });
    expect(tagList.statusCode).toBe(200);
    expect(stallMs).toBeLessThan(1000);
  });

  it('refuses lookaround, backreferences and oversized patterns with a 400 naming the value', async () => {
    const lookahead = await owner.post('/api/v1/routing/rules', { name: 'Precio', conditions: [{ kind: 'text', values: ['hola'] }, { kind: 'text', mode: 'regex', values: ['precio', 'precio(?!s)'] }], actions: {} });
    expect(lookahead.statusCode).toBe(400);
    expect(lookahead.json().error.details.fields).toEqual([{ path: 'body.conditions.1.values.1', message: 'uses a lookahead or lookbehind ((?=, (?!, (?<=, (?<!), which is not supported' }]);
    const backreference = await owner.post('/api/v1/routing/rules/test', { rules: [evilRule, { name: 'Eco', conditions: [{ kind: 'text', mode: 'regex', values: ['(\\w)\\1'] }], actions: {} }] });
    expect(backreference.statusCode).toBe(400);
    expect(backreference.json().error.details.fields[0]).toMatchObject({ path: 'body.rules.1.conditions.0.values.0', message: expect.stringContaining('backreference') });
    const large = await owner.post('/api/v1/routing/rules', { name: 'Largo', conditions: [{ kind: 'text', mode: 'regex', values: ['\\w{500}'] }], actions: {} });
    expect(large.statusCode).toBe(400);
    expect(large.json().error.details.fields[0]).toMatchObject({ path: 'body.conditions.0.values.0', message: expect.stringContaining('too large') });
    const rule = (await owner.get('/api/v1/routing/rules')).json().rules.find((r: { name: string }) => r.name === 'Gritos');
    const patched = await owner.patch(`/api/v1/routing/rules/${rule.id}`, { conditions: [{ kind: 'text', mode: 'regex', values: ['(?<=a)b'] }] });
    expect(patched.statusCode).toBe(400);
    expect(patched.json().error.details.fields[0].path).toBe('body.conditions.0.values.0');
  });

  it('many costly patterns together hold the event loop only as long as one evaluation’s budget', () => {
    // Thirty different worst cases under the per-pattern cap, on five long texts of random a/b: run in
    // full they cost seconds (each takes tens of milliseconds); the budget stops them after ~25 ms.
    const text = (seed: number) => {
      let out = '';
      for (let i = 0; i < 4000; i++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        out += (seed >> 7) & 1 ? 'a' : 'b';
      }
      return out;
    };
    const rules = Array.from({ length: 30 }, (_, k) => ruleOf([`(?:a|b)*a(?:a|b){${250 + k}}x`]));
    const started = performance.now();
    const outcome = evaluateRules(rules, facts([1, 2, 3, 4, 5].map(text)));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(outcome.patternsSkipped).toBe(true);
    expect(outcome.matched).toHaveLength(0);
    expect(evaluateRules([ruleOf(['pedido\\s*#?\\d+'])], facts(['mi pedido #123'])).patternsSkipped).toBe(false);
  });

  it('refuses a rule that makes the workspace’s patterns too large together, naming the value', async () => {
    const { client } = await workspaceWithOwner(t, 'Regex Total');
    const costly = (k: number) => ({ name: `Costosa ${k}`, conditions: [{ kind: 'text', mode: 'regex', values: [`(?:a|b)*a(?:a|b){${270 + k}}x`] }], actions: {} });
    for (let k = 0; k < 10; k++) expect((await client.post('/api/v1/routing/rules', costly(k))).statusCode).toBe(201);
    const eleventh = await client.post('/api/v1/routing/rules', costly(10));
    expect(eleventh.statusCode).toBe(400);
    expect(eleventh.json().error.details.fields).toEqual([{ path: 'body.conditions.0.values.0', message: expect.stringContaining('too large together') }]);
    // Changing a rule counts the others, not its own old patterns; a draft set in the rule test counts alone.
    const [first] = (await client.get('/api/v1/routing/rules')).json().rules.filter((rule: { name: string }) => rule.name === 'Costosa 0');
    expect((await client.patch(`/api/v1/routing/rules/${first.id}`, { conditions: costly(11).conditions })).statusCode).toBe(200);
    expect((await client.post('/api/v1/routing/rules/test', { rules: [costly(12)] })).statusCode).toBe(200);
  });

  it('a stored pattern the engine refuses matches nothing instead of stopping routing', () => {
    const stored = ruleOf(['precio(?!s)', 'envio']);
    expect(evaluateRules([stored], facts(['el precio'])).matched).toHaveLength(0);
    expect(evaluateRules([stored], facts(['mi envío'])).matched).toHaveLength(1);
  });
});
