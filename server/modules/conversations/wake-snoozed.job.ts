import { and, eq, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import { conversations } from '../../db/schema.js';
import { recordEvent, systemActor } from '../../events/event-log.js';
import { defineJob } from '../../jobs/define-job.js';
import { refreshSla } from '../routing/sla.js';

/** Wakes a snoozed conversation when its time comes (unless it was woken or re-snoozed since). */
export const wakeSnoozedJob = defineJob({
  name: 'wake-snoozed-conversation',
  schema: z.object({ conversationId: z.string() }),
  handler: async (ctx, { conversationId }) => {
    await ctx.transaction(async (tx) => {
      const [woken] = await tx
        .update(conversations)
        .set({ status: 'open', snoozedUntil: null, lastActivityAt: new Date() })
        .where(and(eq(conversations.id, conversationId), eq(conversations.status, 'snoozed'), lte(conversations.snoozedUntil, sql`now()`)))
        .returning();
      if (!woken) return;
      await refreshSla(tx, woken.id);
      await recordEvent(tx, {
        workspaceId: woken.workspaceId,
        actor: systemActor,
        type: 'conversation.woken',
        subjectType: 'conversation',
        subjectId: woken.id,
        payload: { from: 'snoozed', to: 'open', reason: 'timer' },
      });
    });
  },
});
