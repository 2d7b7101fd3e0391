import { and, asc, eq } from 'drizzle-orm';
import type { CustomFieldEntity } from '../../../contracts/custom-fields.js';
import type { Executor } from '../../db/client.js';
import { customFields } from '../../db/schema.js';

export type CustomFieldRow = typeof customFields.$inferSelect;

/** A workspace's fields for contacts or deals, in the order the admin set. */
export async function listCustomFields(db: Executor, workspaceId: string, entity: CustomFieldEntity): Promise<CustomFieldRow[]> {
  return db
    .select()
    .from(customFields)
    .where(and(eq(customFields.workspaceId, workspaceId), eq(customFields.entity, entity)))
    .orderBy(asc(customFields.position), asc(customFields.createdAt));
}
