/**
 * GET /api/v1/contacts on a workspace with N contacts (default 20,000), each with one conversation
 * active some time in the last 90 days: first page, the next page, a name search and a number
 * search, 7 requests each, medians. BANDEJA_TEST_DB=postgres|pglite N=… node bin/run-ts.mjs bench/contacts-list.ts
 */
import { createTestApp } from '../test/support/app.js';
import { insertChannel, workspaceWithOwner } from '../test/support/factories.js';
const t = await createTestApp();
const { client, workspace } = await workspaceWithOwner(t);
const { channel } = await insertChannel(t, workspace.id);
const n = Number(process.env.N ?? 20000);
await t.ctx.database.raw.query(`insert into contacts (workspace_id, name, phone, wa_id) select $1, 'Cliente ' || g, '+54911' || lpad(g::text, 8, '0'), '54911' || lpad(g::text, 8, '0') from generate_series(1, $2) g`, [workspace.id, n]);
await t.ctx.database.raw.query(`insert into conversations (workspace_id, display_number, channel_id, contact_id, status, last_activity_at) select c.workspace_id, row_number() over (), $2, c.id, 'resolved', now() - (random() * interval '90 days') from contacts c where c.workspace_id = $1`, [workspace.id, channel.id]);
await t.ctx.database.raw.query('analyze');
const time = async (url: string) => { const times: number[] = []; let body: any; for (let i = 0; i < 7; i++) { const s = performance.now(); const r = await client.get(url); times.push(performance.now() - s); body = r.json(); if (r.statusCode !== 200) throw new Error(r.body); } times.sort((a, b) => a - b); return { median: times[3]!.toFixed(1), body }; };
const first = await time('/api/v1/contacts?limit=50');
console.log(t.ctx.database.kind, n, 'page 1', first.median, 'ms');
console.log('page 2', (await time(`/api/v1/contacts?limit=50&cursor=${first.body.nextCursor}`)).median);
console.log('q=Cliente 1234', (await time('/api/v1/contacts?q=Cliente%201234')).median);
console.log('q=digits 0001234', (await time('/api/v1/contacts?q=0001234')).median);
await t.close();
