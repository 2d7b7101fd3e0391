import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import { workspaceWithOwner } from '../../test/support/factories.js';
import { events, webhookPayloads } from './schema.js';
import { insertMany } from './insert-many.js';

describe('insertMany', () => {
  let t: TestApp;
  let workspaceId: string;
  beforeAll(async () => {
    t = await createTestApp();
    workspaceId = (await workspaceWithOwner(t, 'Inserciones')).workspace.id;
  });
  afterAll(async () => t?.close());

  it('returns rows in the order given, typed as Drizzle returns them, with defaults for columns no row gives', async () => {
    const at = new Date('2026-12-01T12:00:00.123Z');
    const rows = await insertMany(t.ctx.db, events, [
      { workspaceId, actorType: 'system', actorId: null, type: 'test.first', subjectType: 'test', subjectId: 'a', payload: { n: 1, list: ['x'] }, createdAt: at },
      { workspaceId, actorType: 'system', actorId: null, type: 'test.second', subjectType: 'test', subjectId: 'b', payload: { text: 'ñandú "comillas" \\ barra' }, createdAt: at },
    ]);
    expect(rows.map((row) => row.type)).toEqual(['test.first', 'test.second']);
    expect(typeof rows[0]!.id).toBe('number');
    expect(rows[1]!.id).toBeGreaterThan(rows[0]!.id);
    expect(rows[0]!.createdAt).toEqual(at);
    expect(rows[0]!.payload).toEqual({ n: 1, list: ['x'] });
    expect(rows[1]!.payload).toEqual({ text: 'ñandú "comillas" \\ barra' });
    // The same rows through Drizzle read back identically.
    const read = await t.ctx.db.select().from(events).where((await import('drizzle-orm')).inArray(events.id, rows.map((row) => row.id)));
    expect(read.sort((a, b) => a.id - b.id)).toEqual(rows);
  });

  it('fills defaults a row leaves out, refuses a defaulted column given by only some rows, and skips conflicts when asked', async () => {
    const [payload] = await insertMany(t.ctx.db, webhookPayloads, [{ body: '{"a":1}' }]);
    expect(payload).toMatchObject({ body: '{"a":1}', status: 'pending', attempts: 0 });
    expect(payload!.receivedAt).toBeInstanceOf(Date);
    await expect(insertMany(t.ctx.db, webhookPayloads, [{ body: 'x', status: 'processed' }, { body: 'y' }])).rejects.toThrow(/status in every row or in none/);
    const first = await insertMany(t.ctx.db, webhookPayloads, [{ id: payload!.id, body: 'again' }], { onConflictDoNothing: true });
    expect(first).toEqual([]);
    expect(await insertMany(t.ctx.db, webhookPayloads, [])).toEqual([]);
    // A lone surrogate (half an emoji) is stored as U+FFFD instead of failing the insert.
    const [broken] = await insertMany(t.ctx.db, webhookPayloads, [{ body: `hola \ud83d fin` }]);
    expect(broken!.body).toBe('hola \ufffd fin');
    // So is a NUL, in a text column and inside JSON, keys included (contracts/text.ts).
    const [nul] = await insertMany(t.ctx.db, webhookPayloads, [{ body: 'a\u0000b' }]);
    expect(nul!.body).toBe('a\ufffdb');
    const [event] = await insertMany(t.ctx.db, events, [{ workspaceId, actorType: 'system', actorId: null, type: 'test.nul', subjectType: 'test', subjectId: 'c', payload: { 'k\u0000': ['v\u0000'] } }]);
    expect(event!.payload).toEqual({ 'k\ufffd': ['v\ufffd'] });
    // Only the columns asked for come back.
    const [idOnly] = await insertMany(t.ctx.db, webhookPayloads, [{ body: 'large body' }], { returning: ['id'] });
    expect(Object.keys(idOnly!)).toEqual(['id']);
  });
});
