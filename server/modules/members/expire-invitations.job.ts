import { lt } from 'drizzle-orm';
import { z } from 'zod';
import { sessions } from '../../db/schema.js';
import { recordEvent, systemActor } from '../../events/event-log.js';
import { defineJob } from '../../jobs/define-job.js';
import { deleteStaleLoginFailures } from '../accounts/accounts.repository.js';
import { FORGET_FAILURES_AFTER_MS } from '../accounts/log-in.js';
import { expirePendingInvitations } from './members.repository.js';

/** Every 15 minutes: pending invitations past their date become expired (and say so in the audit log); expired sessions and stale sign-in failures go. */
export const expireInvitationsJob = defineJob({
  name: 'expire-invitations',
  schema: z.object({}).passthrough(),
  schedule: '*/15 * * * *',
  handler: async (ctx) => {
    await ctx.transaction(async (tx) => {
      const expired = await expirePendingInvitations(tx, new Date());
      for (const invitation of expired) {
        await recordEvent(tx, {
          workspaceId: invitation.workspaceId,
          actor: systemActor,
          type: 'invitation.expired',
          subjectType: 'invitation',
          subjectId: invitation.id,
          payload: { email: invitation.email },
        });
      }
      await tx.delete(sessions).where(lt(sessions.expiresAt, new Date()));
      await deleteStaleLoginFailures(tx, new Date(), FORGET_FAILURES_AFTER_MS);
    });
  },
});
