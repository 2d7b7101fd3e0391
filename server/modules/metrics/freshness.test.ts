import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import type { TestClient } from '../../../test/support/client.js';
import { insertChannel, workspaceWithOwner } from '../../../test/support/factories.js';
import { receiveText } from '../../../test/support/webhooks.js';
import { metricCycles } from '../../db/schema.js';
import { recordEvent, systemActor } from '../../events/event-log.js';
import { createMetricsFolder } from './metrics-folder.js';
import { HOLE_MIN_AGE_MS, rollUpMetrics } from './rollup.js';

/**
 * Reports follow the event log within seconds: events fold as soon as they commit, in id order, and
 * the fold waits at a hole in the ids only as long as a transaction could still fill it.
 */
describe('metrics freshness', () => {
  let t: TestApp;
  let owner: TestClient;
  let workspaceId: string;
  let channel: Awaited<ReturnType<typeof insertChannel>>;
  let phone = 5491170000000;
  const customerWrites = (text: string) => receiveText(t, channel, String(++phone), text);
  const cyclesOf = async (conversationId: string) => (await t.ctx.db.select().from(metricCycles).where(eq(metricCycles.conversationId, conversationId))).length;
  const summaryAsOf = async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Argentina/Buenos_Aires' }).format(new Date());
    const response = await owner.get(`/api/v1/metrics/summary?from=${today}&to=${today}`);
    expect(response.statusCode).toBe(200);
    return response.json().asOf as string | null;
  };
  /** A transaction that records an event and rolls back: its id is a hole nobody will fill. */
  const rolledBack = () =>
    t.ctx
      .transaction(async (tx) => {
        await recordEvent(tx, { workspaceId, actor: systemActor, type: 'workspace.updated', subjectType: 'workspace', subjectId: workspaceId, payload: {} });
        throw new Error('rolled back on purpose');
      })
      .catch(() => {});

  beforeAll(async () => {
    t = await createTestApp();
    const created = await workspaceWithOwner(t, 'Frescura');
    owner = created.client;
    workspaceId = created.workspace.id;
    channel = await insertChannel(t, workspaceId);
    await t.ctx.routing.idle();
  });
  afterAll(async () => t?.close());

  it('folds a message as soon as it is stored, and says the figures are current', async () => {
    const before = Date.now();
    const { conversationId } = await customerWrites('Hola, ¿tienen talle M?');
    await t.ctx.routing.idle();
    expect(await rollUpMetrics(t.ctx)).toBeGreaterThan(0);
    expect(await cyclesOf(conversationId)).toBe(1);
    const asOf = await summaryAsOf();
    expect(Date.parse(asOf!)).toBeGreaterThanOrEqual(before);
  });

  it('waits at a rolled-back id only until no transaction could fill it, and says how old the figures are meanwhile', async () => {
    await rollUpMetrics(t.ctx);
    const caughtUp = Date.now();
    await rolledBack();
    const { conversationId } = await customerWrites('Quiero cambiar un producto');
    await t.ctx.routing.idle();
    // Just seen: the hole could be an id drawn by a transaction that has not written yet.
    expect(await rollUpMetrics(t.ctx)).toBe(0);
    expect(await cyclesOf(conversationId)).toBe(0);
    const behindAsOf = await summaryAsOf();
    expect(Date.parse(behindAsOf!)).toBeLessThanOrEqual(caughtUp);
    // Nothing was running when it was seen: a moment later it is skipped and the rest folds.
    await new Promise((resolve) => setTimeout(resolve, HOLE_MIN_AGE_MS + 100));
    await expect.poll(async () => (await rollUpMetrics(t.ctx)) > 0 || (await cyclesOf(conversationId)) > 0, { timeout: 10_000, interval: 200 }).toBe(true);
    expect(await cyclesOf(conversationId)).toBe(1);
    expect(Date.parse((await summaryAsOf())!)).toBeGreaterThan(caughtUp);
  });

  it.runIf(process.env.BANDEJA_TEST_DB === 'postgres')('does not pass an id whose transaction is still open, then folds it once it commits', async () => {
    await rollUpMetrics(t.ctx);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let recorded!: () => void;
    const started = new Promise<void>((resolve) => (recorded = resolve));
    const slow = t.ctx.transaction(async (tx) => {
      await recordEvent(tx, { workspaceId, actor: systemActor, type: 'workspace.updated', subjectType: 'workspace', subjectId: workspaceId, payload: { slow: true } });
      recorded();
      await gate;
    });
    await started;
    // A later transaction commits first, with a larger id.
    const { conversationId } = await customerWrites('¿Hacen envíos?');
    await t.ctx.routing.idle();
    expect(await rollUpMetrics(t.ctx)).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, HOLE_MIN_AGE_MS + 200));
    expect(await rollUpMetrics(t.ctx)).toBe(0);
    expect(await cyclesOf(conversationId)).toBe(0);
    release();
    await slow;
    expect(await rollUpMetrics(t.ctx)).toBeGreaterThan(1);
    expect(await cyclesOf(conversationId)).toBe(1);
  });

  it('the running server folds new events within seconds, without the minute job', async () => {
    await rollUpMetrics(t.ctx, { settleMs: 0 });
    const folder = createMetricsFolder(t.ctx);
    folder.listen();
    try {
      const { conversationId } = await customerWrites('¿A qué hora abren?');
      await expect.poll(() => cyclesOf(conversationId), { timeout: 5_000, interval: 100 }).toBe(1);
    } finally {
      await folder.stop();
    }
  });
});
