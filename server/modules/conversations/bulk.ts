import type { z } from 'zod';
import type { BulkInput } from '../../../contracts/inbox.js';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/errors.js';
import type { Actor } from '../../http/policy.js';
import { assignConversation, updateConversation } from './conversation-commands.js';

/**
 * Applies one action to each selected conversation in its own transaction, so one refusal (not
 * found, not allowed) does not undo the others; the result says which succeeded.
 */
export async function runBulk(ctx: AppContext, actor: Actor, input: z.infer<typeof BulkInput>) {
  const results: { conversationId: string; ok: boolean; error?: { code: string; message: string } }[] = [];
  const { action } = input;
  for (const conversationId of [...new Set(input.conversationIds)]) {
    try {
      if (action.type === 'assign') await assignConversation(ctx, actor, conversationId, { assigneeId: action.assigneeId, teamId: action.teamId, via: 'bulk' });
      else if (action.type === 'tag') await updateConversation(ctx, actor, conversationId, { addTagIds: action.addTagIds, removeTagIds: action.removeTagIds });
      else if (action.type === 'resolve') await updateConversation(ctx, actor, conversationId, { status: 'resolved' });
      else await updateConversation(ctx, actor, conversationId, { priority: action.priority });
      results.push({ conversationId, ok: true });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      results.push({ conversationId, ok: false, error: { code: error.code, message: error.message } });
    }
  }
  return results;
}
