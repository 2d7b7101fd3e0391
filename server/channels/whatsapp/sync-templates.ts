import { eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { messageTemplates } from '../../db/schema.js';
import { recordEvent, systemActor } from '../../events/event-log.js';
import { cloudApiFor, healthAfter, setChannelHealth } from '../../modules/channels/channel-credentials.js';
import type { ChannelRow } from '../../modules/channels/channels.repository.js';
import type { TemplateRecord } from './cloud-api-client.js';
import { GraphError } from './graph-errors.js';

/** Copies the WABA's templates (every page) into Bandeja; templates gone from Meta are removed. */
export async function syncTemplates(ctx: AppContext, channel: ChannelRow) {
  const client = cloudApiFor(ctx, channel, 20_000);
  const all: TemplateRecord[] = [];
  let after: string | undefined;
  try {
    for (let page = 0; page < 50; page++) {
      const response = await client.listTemplates(channel.wabaId, after);
      all.push(...response.data);
      after = response.paging?.cursors?.after;
      if (!response.paging?.next || !after) break;
    }
  } catch (error) {
    if (error instanceof GraphError) {
      const health = healthAfter(error);
      if (health) await setChannelHealth(ctx, channel, health, error);
    }
    throw error;
  }
  const now = new Date();
  await ctx.transaction(async (tx) => {
    for (const template of all) {
      const values = {
        workspaceId: channel.workspaceId,
        channelId: channel.id,
        externalId: template.id ?? null,
        name: template.name,
        language: template.language,
        status: template.status,
        category: template.category,
        components: template.components ?? [],
        syncedAt: now,
      };
      await tx
        .insert(messageTemplates)
        .values(values)
        .onConflictDoUpdate({ target: [messageTemplates.channelId, messageTemplates.name, messageTemplates.language], set: values });
    }
    const kept = all.map((template) => `${template.name}|${template.language}`);
    const existing = await tx.select().from(messageTemplates).where(eq(messageTemplates.channelId, channel.id));
    const gone = existing.filter((row) => !kept.includes(`${row.name}|${row.language}`)).map((row) => row.id);
    if (gone.length) await tx.delete(messageTemplates).where(inArray(messageTemplates.id, gone));
    await recordEvent(tx, {
      workspaceId: channel.workspaceId,
      actor: systemActor,
      type: 'channel.templates_synced',
      subjectType: 'channel',
      subjectId: channel.id,
      payload: { count: all.length, removed: gone.length },
    });
  });
  return { count: all.length };
}
