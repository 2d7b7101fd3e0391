import type { Executor } from '../../db/client.js';
import { workspaces } from '../../db/schema.js';

/** Whether any workspace exists: the guided first-run setup is offered only while none does. */
export async function anyWorkspaceExists(db: Executor): Promise<boolean> {
  const rows = await db.select({ id: workspaces.id }).from(workspaces).limit(1);
  return rows.length > 0;
}
