import { rawExecutorOf, type Transaction } from '../../db/client.js';
import { type FoldEvent, UUID } from './fold-cycles.js';
import { foldLoad, type LoadState, type MemberSpan, memberKey } from './fold-load.js';

const date = (value: Date | string | null) => (value === null ? null : new Date(value));
const idsOf = (events: FoldEvent[], subjectType: string) => [...new Set(events.filter((e) => e.subjectType === subjectType && UUID.test(e.subjectId)).map((e) => e.subjectId))];

/** Folds a batch of events into the load spans (conversations) and member spans, inside the rollup's transaction. */
export async function foldLoadBatch(tx: Transaction, events: FoldEvent[]) {
  const raw = rawExecutorOf(tx);
  const conversationIds = idsOf(events, 'conversation');
  const memberIds = idsOf(events, 'member');
  const states = new Map<string, LoadState>();
  if (conversationIds.length) {
    const rows = (await raw.query('select * from metric_load_state where conversation_id = any($1::uuid[])', [conversationIds])).rows as Record<string, string | boolean | Date | null>[];
    for (const row of rows) {
      states.set(row.conversation_id as string, {
        conversationId: row.conversation_id as string,
        workspaceId: row.workspace_id as string,
        active: Boolean(row.active),
        membershipId: row.membership_id as string | null,
        teamId: row.team_id as string | null,
        since: new Date(row.since as string),
      });
    }
  }
  const open = new Map<string, MemberSpan>();
  if (memberIds.length) {
    const rows = (await raw.query('select * from metric_member_spans where membership_id = any($1::uuid[]) and ended_at is null', [memberIds])).rows as Record<string, string | Date | null>[];
    for (const row of rows) {
      const span: MemberSpan = { membershipId: row.membership_id as string, workspaceId: row.workspace_id as string, kind: row.kind as MemberSpan['kind'], startedAt: new Date(row.started_at as string), endedAt: date(row.ended_at ?? null) };
      open.set(memberKey(span.membershipId, span.kind), span);
    }
  }
  const folded = foldLoad(states, open, events);
  const iso = (value: Date | null) => value?.toISOString() ?? null;
  if (folded.states.length) {
    await raw.query(
      `insert into metric_load_state (conversation_id, workspace_id, active, membership_id, team_id, since)
       select * from jsonb_to_recordset($1::jsonb) as v(conversation_id uuid, workspace_id uuid, active boolean, membership_id uuid, team_id uuid, since timestamptz)
       on conflict (conversation_id) do update set active = excluded.active, membership_id = excluded.membership_id, team_id = excluded.team_id, since = excluded.since`,
      [JSON.stringify(folded.states.map((s) => ({ conversation_id: s.conversationId, workspace_id: s.workspaceId, active: s.active, membership_id: s.membershipId, team_id: s.teamId, since: iso(s.since) })))],
    );
  }
  if (folded.spans.length) {
    await raw.query(
      `insert into metric_load_spans (conversation_id, started_at, ended_at, workspace_id, membership_id, team_id)
       select * from jsonb_to_recordset($1::jsonb) as v(conversation_id uuid, started_at timestamptz, ended_at timestamptz, workspace_id uuid, membership_id uuid, team_id uuid)
       on conflict (conversation_id, started_at) do update set ended_at = excluded.ended_at, membership_id = excluded.membership_id, team_id = excluded.team_id`,
      [JSON.stringify(folded.spans.map((s) => ({ conversation_id: s.conversationId, started_at: iso(s.startedAt), ended_at: iso(s.endedAt), workspace_id: s.workspaceId, membership_id: s.membershipId, team_id: s.teamId })))],
    );
  }
  if (folded.memberSpans.length) {
    await raw.query(
      `insert into metric_member_spans (membership_id, kind, started_at, ended_at, workspace_id)
       select * from jsonb_to_recordset($1::jsonb) as v(membership_id uuid, kind text, started_at timestamptz, ended_at timestamptz, workspace_id uuid)
       on conflict (membership_id, kind, started_at) do update set ended_at = excluded.ended_at`,
      [JSON.stringify(folded.memberSpans.map((s) => ({ membership_id: s.membershipId, kind: s.kind, started_at: iso(s.startedAt), ended_at: iso(s.endedAt), workspace_id: s.workspaceId })))],
    );
  }
}
