import type { AppContext } from '../../context.js';
import { rawExecutorOf } from '../../db/client.js';
import type { StoredEvent } from '../../events/event-log.js';
import { recordIdleAgents } from './availability.js';
import { routeWorkspace, shiftTransitions } from './router.js';
import { fireSlaTimers } from './sla.js';

/** Changes after which routing looks again: new work, freed capacity, availability, rules. */
function wakesRouting(event: StoredEvent): boolean {
  switch (event.type) {
    case 'message.received':
    case 'conversation.created':
    case 'conversation.reopened':
    case 'conversation.woken':
    case 'conversation.resolved':
    case 'conversation.status_changed':
    case 'conversation.escalated':
    case 'member.availability_changed':
    case 'member.routing_updated':
    case 'member.joined':
    case 'member.deactivated':
    case 'routing.rules_changed':
    case 'routing.settings_updated':
    case 'team.created':
    case 'team.updated':
      return true;
    case 'conversation.assigned': {
      // Capacity freed or a conversation handed back to a queue; routing's own assignments are not news.
      const payload = event.payload as { from?: string | null; to?: string | null };
      return payload.to === null || Boolean(payload.from);
    }
    default:
      return false;
  }
}

/** How long routing on the embedded database waits after a kick, so that a burst is routed together. */
const PGLITE_BURST_MS = 250;

/**
 * Runs routing in this process: right after the events that can change an assignment (one run per
 * workspace at a time; kicks during a run make it run once more), and on a timer for shift starts
 * and ends, idle agents, SLA warnings and breaches, and anything a crash left flagged. Every process
 * may run it; the database lock per workspace makes them behave as one.
 */
export function createRoutingService(ctx: AppContext) {
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;
  let stopped = false;

  const run = (workspaceId: string) => {
    const loop = (async () => {
      try {
        // On the embedded database every transaction shares one connection with ingest: a burst's
        // kicks wait a quarter of a second and are routed together (kicks meanwhile are absorbed by
        // the loop below). At 600 msg/s that took ingest from 218–252 to 340–363 msg/s.
        if (ctx.database.kind === 'pglite') await new Promise((resolve) => setTimeout(resolve, PGLITE_BURST_MS));
        do {
          again.delete(workspaceId);
          try {
            await routeWorkspace(ctx, workspaceId, ctx.now());
          } catch (error) {
            if (!stopped) ctx.logger.error({ err: error, workspaceId }, 'routing failed; the next tick retries');
          }
        } while (again.has(workspaceId) && !stopped);
      } finally {
        // In the same step as the last check: a kick arriving now starts a new run instead of being lost.
        running.delete(workspaceId);
      }
    })();
    running.set(workspaceId, loop);
    return loop;
  };

  const service = {
    kick(workspaceId: string) {
      if (stopped) return;
      if (running.has(workspaceId)) again.add(workspaceId);
      else void run(workspaceId);
    },
    /** Resolves when no routing run is in flight in this process (tests wait on it). */
    async idle() {
      while (running.size) await Promise.all(running.values());
    },
    /** One timer pass: shift transitions, SLA timers, then routing for every workspace with work. */
    async tick(now = ctx.now()) {
      await fireSlaTimers(ctx, now).catch((error) => ctx.logger.error({ err: error }, 'SLA timers failed; the next tick retries'));
      await recordIdleAgents(ctx, now).catch((error) => ctx.logger.error({ err: error }, 'recording idle agents failed; the next tick retries'));
      const { rows } = await rawExecutorOf(ctx.db).query(
        `select id from workspaces w
          where exists (select 1 from memberships m where m.workspace_id = w.id and m.status = 'active' and (m.shift is not null or m.on_shift is null))
             or exists (select 1 from conversations c where c.workspace_id = w.id and c.needs_routing)
             or exists (select 1 from conversations c where c.workspace_id = w.id and c.assignee_membership_id is null and c.status in ('open', 'pending'))`,
      );
      for (const { id } of rows as { id: string }[]) {
        // One workspace's failure must not hold back the others.
        try {
          await shiftTransitions(ctx, id, now);
          await routeWorkspace(ctx, id, now);
        } catch (error) {
          ctx.logger.error({ err: error, workspaceId: id }, 'routing tick failed for a workspace');
        }
      }
    },
    /** Reacts to this and (with Redis) other processes' events. */
    listen() {
      unsubscribe ??= ctx.eventBus.subscribe((event) => {
        if (event.workspaceId && wakesRouting(event)) service.kick(event.workspaceId);
      });
    },
    /** The timer (the server starts it with its workers; tests call tick() with their own clock). */
    startTimer(intervalMs: number) {
      let ticking = false;
      timer = setInterval(() => {
        if (ticking) return;
        ticking = true;
        service
          .tick()
          .catch((error) => ctx.logger.error({ err: error }, 'routing tick failed'))
          .finally(() => (ticking = false));
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      unsubscribe?.();
      await service.idle();
    },
  };
  return service;
}

export type RoutingService = ReturnType<typeof createRoutingService>;
