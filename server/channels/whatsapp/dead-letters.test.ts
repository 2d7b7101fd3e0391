import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { messages, messageStatusUpdates, webhookPayloads } from '../../db/schema.js';
import { isTransientDatabaseError } from '../../db/transient-errors.js';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { createTestDatabase, testDatabaseKind } from '../../../test/support/database.js';
import { insertChannel, workspaceWithOwner } from '../../../test/support/factories.js';
import { metaJson, postWebhook } from '../../../test/support/webhooks.js';
import { listDeadLetters, replayDeadLetters } from './dead-letters.js';
import { MAX_ATTEMPTS } from './payload-failures.js';

type Channel = Awaited<ReturnType<typeof insertChannel>>;

/**
 * A real failure for chosen messages, without touching our code: the database refuses to insert a
 * message whose wamid is listed in `poisoned_wamids`, with the SQLSTATE given there.
 */
async function installPoison(t: TestApp) {
  await t.ctx.database.exec(`
    create table poisoned_wamids (external_id text primary key, errcode text not null);
    create function refuse_poisoned_wamids() returns trigger language plpgsql as $$
    declare code text;
    begin
      select errcode into code from poisoned_wamids where external_id = new.external_id;
      if code is not null then raise exception 'poisoned message %', new.external_id using errcode = code; end if;
      return new;
    end $$;
    create trigger refuse_poisoned_wamids before insert on messages for each row execute function refuse_poisoned_wamids();
  `);
}

const poison = (t: TestApp, wamid: string, errcode = 'P0001') => t.ctx.database.exec(`insert into poisoned_wamids values ('${wamid}', '${errcode}')`);
const cure = (t: TestApp, wamid: string) => t.ctx.database.exec(`delete from poisoned_wamids where external_id = '${wamid}'`);

/** A signed payload with a few customer texts and a status, as Meta batches them. */
async function deliverBatch(t: TestApp, channel: Channel, wamids: string[], statusWamid?: string) {
  const waId = `54911${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  const timestamp = String(Math.floor(Date.now() / 1000));
  const body = metaJson({
    object: 'whatsapp_business_account',
    entry: [{ id: '1', changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '15550783881', phone_number_id: channel.phoneNumberId },
      contacts: [{ profile: { name: 'Cliente Secreto' }, wa_id: waId }],
      messages: wamids.map((id) => ({ from: waId, id, timestamp, type: 'text', text: { body: `texto privado ${id}` } })),
      ...(statusWamid ? { statuses: [{ id: statusWamid, status: 'delivered', timestamp, recipient_id: waId }] } : {}),
    } }] }],
  });
  const response = await postWebhook(t, body, channel.appSecret);
  expect(response.statusCode).toBe(200);
  await t.ctx.webhooks.idle();
  const [payload] = await t.ctx.db.select().from(webhookPayloads).where(eq(webhookPayloads.body, body));
  return payload!.id;
}

async function payload(t: TestApp, id: number) {
  return (await t.ctx.db.select().from(webhookPayloads).where(eq(webhookPayloads.id, id)))[0]!;
}

async function storedWamids(t: TestApp, channel: Channel, wamids: string[]) {
  const rows = await t.ctx.db.select({ externalId: messages.externalId }).from(messages).where(and(eq(messages.channelId, channel.channel.id), inArray(messages.externalId, wamids)));
  return rows.map((row) => row.externalId).sort();
}

/** What the retry job does every minute, without the minute. */
async function retryCycle(t: TestApp) {
  await t.ctx.webhooks.recover(0);
  await t.ctx.webhooks.idle();
}

const wamid = (kind: string) => `wamid.${kind}.${randomBytes(5).toString('hex')}`;

describe('a payload that keeps failing', () => {
  let t: TestApp;
  let channel: Channel;
  const logs: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const logger = pino({ level: 'warn' }, { write: (line: string) => void logs.push(JSON.parse(line)) }) as unknown as FastifyBaseLogger;
    t = await createTestApp({ logger });
    const { workspace } = await workspaceWithOwner(t, 'Cartas muertas');
    channel = await insertChannel(t, workspace.id);
    await installPoison(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it(`is parked as dead after ${MAX_ATTEMPTS} attempts with the rest of its batch stored, listed, and replayed after the fix`, async () => {
    const [first, bad, last] = [wamid('first'), wamid('poison'), wamid('last')];
    const status = wamid('status');
    await poison(t, bad);
    const id = await deliverBatch(t, channel, [first, bad, last], status);

    // Only the poisoned message is missing: its neighbours and the status are stored.
    expect(await storedWamids(t, channel, [first, bad, last])).toEqual([first, last].sort());
    expect(await t.ctx.db.select().from(messageStatusUpdates).where(eq(messageStatusUpdates.externalId, status))).toHaveLength(1);
    expect(await payload(t, id)).toMatchObject({ status: 'failed', attempts: 1 });

    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) await retryCycle(t);
    expect(await payload(t, id)).toMatchObject({ status: 'dead', attempts: MAX_ATTEMPTS });
    // Parked: the retry job leaves it alone.
    await retryCycle(t);
    expect((await payload(t, id)).attempts).toBe(MAX_ATTEMPTS);

    // An error line names it, and no log line repeats what the customer wrote.
    const parked = logs.filter((line) => line.level === 50 && line.payloadId === id);
    expect(parked).toHaveLength(1);
    expect(String(parked[0]!.msg)).toContain('dead-lettered');
    expect(JSON.stringify(logs)).not.toMatch(/texto privado|Cliente Secreto/);

    const listed = (await listDeadLetters(t.ctx.db)).find((row) => row.id === id);
    expect(listed).toMatchObject({ attempts: MAX_ATTEMPTS, lastError: `poisoned message ${bad}` });
    expect((await t.app.inject('/readyz')).json()).toMatchObject({ status: 'ready', deadLetters: 1 });

    await cure(t, bad);
    const result = await replayDeadLetters(t.ctx, { ids: [id] });
    expect(result).toEqual({ replayed: [id], processed: [id], stillFailing: [] });
    expect(await storedWamids(t, channel, [first, bad, last])).toEqual([first, bad, last].sort());
    expect(await payload(t, id)).toMatchObject({ status: 'processed', lastError: null });
    expect((await t.app.inject('/readyz')).json()).toMatchObject({ status: 'ready', deadLetters: 0 });
    // Nothing stored twice by the retries.
    const rows = await t.ctx.db.select().from(messages).where(inArray(messages.externalId, [first, last]));
    expect(rows).toHaveLength(2);
  });

  it('does not count a database that is restarting as an attempt', async () => {
    const restart = wamid('restart');
    // 57P01: what PostgreSQL answers while an administrator shuts it down.
    await poison(t, restart, '57P01');
    const id = await deliverBatch(t, channel, [restart]);
    for (let cycle = 0; cycle < MAX_ATTEMPTS + 2; cycle++) await retryCycle(t);
    expect(await payload(t, id)).toMatchObject({ status: 'failed', attempts: 0 });
    await cure(t, restart);
    await retryCycle(t);
    expect(await payload(t, id)).toMatchObject({ status: 'processed' });
    expect(await storedWamids(t, channel, [restart])).toEqual([restart]);
  });

  it('parks a failed payload that already used every attempt under an earlier limit', async () => {
    const [old] = await t.ctx.db.insert(webhookPayloads).values({ body: '{}', status: 'failed', attempts: 25, lastError: 'boom' }).returning();
    await retryCycle(t);
    expect(await payload(t, old!.id)).toMatchObject({ status: 'dead', attempts: 25 });
    await replayDeadLetters(t.ctx, { all: true });
    expect(await payload(t, old!.id)).toMatchObject({ status: 'processed', attempts: 1 });
  });

  it('tells an unreachable database from bad work', () => {
    expect(isTransientDatabaseError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isTransientDatabaseError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isTransientDatabaseError(new Error('Failed query: insert …', { cause: Object.assign(new Error('deadlock detected'), { code: '40P01' }) }))).toBe(true);
    expect(isTransientDatabaseError(Object.assign(new Error('too many clients already'), { code: '53300' }))).toBe(true);
    expect(isTransientDatabaseError(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isTransientDatabaseError(new Error('poisoned message'))).toBe(false);
  });
});

describe('bandeja webhooks dead-letters / replay', () => {
  it('lists a parked payload and replays it', async () => {
    const kind = testDatabaseKind();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'bandeja-dead-letters-'));
    // The CLI opens the database itself: PGlite on disk (after the server stops), or the same PostgreSQL.
    const database = kind === 'pglite' ? await openDatabase({ kind: 'pglite', dataDir: path.join(dataDir, 'pglite') }) : await createTestDatabase('postgres');
    const t = await createTestApp({ database, config: { dataDir, databaseUrl: (database as { url?: string }).url } });
    const { workspace } = await workspaceWithOwner(t, 'CLI');
    const channel = await insertChannel(t, workspace.id);
    await installPoison(t);
    const bad = wamid('cli');
    await poison(t, bad);
    const id = await deliverBatch(t, channel, [bad]);
    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) await retryCycle(t);
    await cure(t, bad);
    if (kind === 'pglite') await t.close();

    const { deadLettersCommand, replayCommand } = await import('../../cli-commands.js');
    const printed: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => void printed.push(String(line)));
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await deadLettersCommand(t.config);
      expect(printed.join('\n')).toMatch(new RegExp(`^${id}\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+${MAX_ATTEMPTS}\\s+poisoned message ${bad}$`, 'm'));
      printed.length = 0;
      await replayCommand(t.config, { id: [String(id)] });
      expect(printed).toEqual(['Replayed 1: 1 processed, 0 failing again.']);
      printed.length = 0;
      await deadLettersCommand(t.config);
      expect(printed).toEqual(['No dead-lettered webhook payloads.']);
    } finally {
      log.mockRestore();
      error.mockRestore();
      if (kind === 'postgres') await t.close();
    }
    expect(process.exitCode ?? 0).toBe(0);
  }, 60_000);
});
