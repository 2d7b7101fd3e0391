import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { RoutingSettings, Schedule } from '../../../contracts/routing.js';
import type { AppContext } from '../../context.js';
import { rawExecutorOf, type Transaction } from '../../db/client.js';
import { conversations, teams } from '../../db/schema.js';
import { recordEvents, systemActor } from '../../events/event-log.js';
import { applyEscalation } from '../conversations/conversation-commands.js';
import type { ConversationRow } from '../conversations/conversations.repository.js';
import { notify } from '../notifications/notify.js';
import { routingSettingsOf } from './routing-settings.js';
import { addOpenTime } from './schedule.js';

type SlaTarget = 'first_response' | 'next_response' | 'resolution';
export type SlaFields = { slaTarget: SlaTarget | null; slaDueAt: Date | null; slaWarnAt: Date | null; slaState: 'ok' | 'warning' | 'breached' | null };

const none: SlaFields = { slaTarget: null, slaDueAt: null, slaWarnAt: null, slaState: null };

/**
 * The SLA target running now for a conversation: a response target while the customer waits (first
 * response until the cycle's first human reply, next response after), and resolution for the cycle;
 * whichever is due first. Counted in the team's business hours or in clock time, per the settings.
 */
export function computeSla(conversation: ConversationRow, settings: RoutingSettings, schedule: Schedule | null): SlaFields {
  if (!settings.sla.enabled || conversation.status === 'resolved' || conversation.status === 'snoozed') return none;
  const targets = settings.sla.targets[conversation.priority];
  const hours = settings.sla.hours === 'business' ? schedule : null;
  const cycleStart = conversation.cycleStartedAt ?? conversation.createdAt;
  const options: { target: SlaTarget; start: Date; minutes: number }[] = [];
  if (conversation.waitingSince) {
    const first = !conversation.firstResponseAt;
    const minutes = first ? targets.firstResponse : targets.nextResponse;
    if (minutes) options.push({ target: first ? 'first_response' : 'next_response', start: first ? cycleStart : conversation.waitingSince, minutes });
  }
  if (targets.resolution) options.push({ target: 'resolution', start: cycleStart, minutes: targets.resolution });
  let best: SlaFields = none;
  for (const option of options) {
    const due = addOpenTime(hours, option.start, option.minutes * 60_000);
    if (!due || (best.slaDueAt && best.slaDueAt <= due)) continue;
    const warn = addOpenTime(hours, option.start, (option.minutes * 60_000 * settings.sla.warnAtPercent) / 100)!;
    best = { slaTarget: option.target, slaDueAt: due, slaWarnAt: warn, slaState: 'ok' };
  }
  // The same target keeps its state: a warning is not given twice, and a breached target stays
  // breached for the cycle even if a priority change moves its due time.
  if (best.slaTarget && best.slaTarget === conversation.slaTarget) {
    if (conversation.slaState === 'breached' || best.slaDueAt?.getTime() === conversation.slaDueAt?.getTime()) {
      best.slaState = conversation.slaState;
      if (conversation.slaState === 'breached') best.slaDueAt = conversation.slaDueAt;
    }
  }
  return best;
}

export async function scheduleFor(tx: Transaction, teamId: string | null, settings: RoutingSettings): Promise<Schedule | null> {
  if (!teamId) return settings.businessHours;
  const [team] = await tx.select({ businessHours: teams.businessHours }).from(teams).where(eq(teams.id, teamId));
  return team?.businessHours ?? settings.businessHours;
}

/** Recomputes a conversation's SLA after a change (reply, priority, status, routing); call with the row locked or fresh. */
export async function refreshSla(tx: Transaction, conversationId: string, settings?: RoutingSettings): Promise<void> {
  const [conversation] = await tx.select().from(conversations).where(eq(conversations.id, conversationId));
  if (!conversation) return;
  const resolved = settings ?? (await routingSettingsOf(tx, conversation.workspaceId));
  const fields = computeSla(conversation, resolved, await scheduleFor(tx, conversation.teamId, resolved));
  const same =
    fields.slaTarget === conversation.slaTarget && fields.slaDueAt?.getTime() === conversation.slaDueAt?.getTime() && fields.slaState === conversation.slaState && fields.slaWarnAt?.getTime() === conversation.slaWarnAt?.getTime();
  if (!same) await tx.update(conversations).set(fields).where(eq(conversations.id, conversationId));
}

/**
 * Every active conversation's SLA again, after the targets, the hours or the on/off switch changed
 * (turned off: nothing runs, nothing fires). One statement for the changed rows.
 */
export async function recomputeWorkspaceSla(tx: Transaction, workspaceId: string): Promise<number> {
  const settings = await routingSettingsOf(tx, workspaceId);
  const schedules = new Map((await tx.select({ id: teams.id, businessHours: teams.businessHours }).from(teams).where(eq(teams.workspaceId, workspaceId))).map((team) => [team.id, team.businessHours]));
  const active = await tx.select().from(conversations).where(and(eq(conversations.workspaceId, workspaceId), inArray(conversations.status, ['open', 'pending', 'snoozed'])));
  const changed = [];
  for (const row of active) {
    const fields = computeSla(row, settings, (row.teamId ? schedules.get(row.teamId) : null) ?? settings.businessHours);
    if (fields.slaTarget !== row.slaTarget || fields.slaDueAt?.getTime() !== row.slaDueAt?.getTime() || fields.slaWarnAt?.getTime() !== row.slaWarnAt?.getTime() || fields.slaState !== row.slaState) {
      changed.push({ id: row.id, sla_target: fields.slaTarget, sla_due_at: fields.slaDueAt?.toISOString() ?? null, sla_warn_at: fields.slaWarnAt?.toISOString() ?? null, sla_state: fields.slaState });
    }
  }
  if (changed.length) {
    await rawExecutorOf(tx).query(
      `update conversations c set sla_target = v.sla_target, sla_due_at = v.sla_due_at, sla_warn_at = v.sla_warn_at, sla_state = v.sla_state
         from jsonb_to_recordset($1::jsonb) as v(id uuid, sla_target text, sla_due_at timestamptz, sla_warn_at timestamptz, sla_state text)
        where c.id = v.id`,
      [JSON.stringify(changed)],
    );
  }
  return changed.length;
}

const nextPriority = { low: 'normal', normal: 'high', high: 'urgent', urgent: 'urgent' } as const;

const targetNames = {
  es: { first_response: 'Primera respuesta', next_response: 'Siguiente respuesta', resolution: 'Resolución' },
  en: { first_response: 'First response', next_response: 'Next response', resolution: 'Resolution' },
};

/** "Primera respuesta: vence a las 10:30" — the notification text, in the workspace's language and zone. */
export function slaNotice(target: SlaTarget | null, dueAt: Date | null, breached: boolean, language: 'es' | 'en', timeZone: string): string {
  const name = targetNames[language][target ?? 'resolution'];
  if (breached) return language === 'es' ? `${name}: SLA vencido` : `${name}: SLA breached`;
  const time = dueAt ? DateTime.fromJSDate(dueAt, { zone: timeZone }).toFormat('H:mm') : '';
  return language === 'es' ? `${name}: vence a las ${time}` : `${name}: due at ${time}`;
}

/**
 * Fires due SLA timers: a warning (assignee notified) when the warning time passes, and at the
 * breach an escalation (tag "Requiere humano", priority up one step, supervisors and the assignee
 * notified). Each fires once: the state moves ok → warning → breached under a guarded update.
 */
export async function fireSlaTimers(ctx: AppContext, now: Date): Promise<{ warned: number; breached: number }> {
  let warned = 0;
  let breached = 0;
  await ctx.transaction(async (tx) => {
    const warnings = await tx
      .update(conversations)
      .set({ slaState: 'warning' })
      .where(and(eq(conversations.slaState, 'ok'), lte(conversations.slaWarnAt, now), sql`${conversations.slaDueAt} > ${now.toISOString()}`))
      .returning();
    warned = warnings.length;
    await recordEvents(
      tx,
      warnings.map((row) => ({ workspaceId: row.workspaceId, actor: systemActor, type: 'conversation.sla_warning', subjectType: 'conversation', subjectId: row.id, payload: { target: row.slaTarget, dueAt: row.slaDueAt?.toISOString() } })),
    );
    const inbox = new Map<string, { language: 'es' | 'en'; timeZone: string }>();
    for (const row of warnings) if (!inbox.has(row.workspaceId)) inbox.set(row.workspaceId, await routingSettingsOf(tx, row.workspaceId));
    await notify(
      tx,
      systemActor,
      warnings
        .filter((row) => row.assigneeMembershipId)
        .map((row) => {
          const { language, timeZone } = inbox.get(row.workspaceId)!;
          return { workspaceId: row.workspaceId, membershipId: row.assigneeMembershipId!, kind: 'sla_warning' as const, conversationId: row.id, text: slaNotice(row.slaTarget, row.slaDueAt, false, language, timeZone) };
        }),
    );
  });
  const due = await ctx.db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(inArray(conversations.slaState, ['ok', 'warning']), lte(conversations.slaDueAt, now)))
    .limit(500);
  for (const { id } of due) {
    await ctx.transaction(async (tx) => {
      const [row] = await tx
        .update(conversations)
        .set({ slaState: 'breached' })
        .where(and(eq(conversations.id, id), inArray(conversations.slaState, ['ok', 'warning']), lte(conversations.slaDueAt, now)))
        .returning();
      if (!row) return;
      breached++;
      const payload = { target: row.slaTarget, dueAt: row.slaDueAt?.toISOString() };
      await recordEvents(tx, [{ workspaceId: row.workspaceId, actor: systemActor, type: 'conversation.sla_breached', subjectType: 'conversation', subjectId: row.id, payload }]);
      const { language, timeZone } = await routingSettingsOf(tx, row.workspaceId);
      await applyEscalation(tx, null, row, {
        priority: nextPriority[row.priority] as 'normal' | 'high' | 'urgent',
        note: null,
        toSupervisors: false,
        reason: 'sla_breach',
        details: payload,
        notification: { kind: 'sla_breached', text: slaNotice(row.slaTarget, row.slaDueAt, true, language, timeZone) },
      });
    });
  }
  return { warned, breached };
}
