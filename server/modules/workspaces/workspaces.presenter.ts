import type { Workspace } from '../../../contracts/auth.js';
import { defaultInboxSettings, type workspaces } from '../../db/schema.js';

export function presentWorkspace(row: typeof workspaces.$inferSelect): Workspace {
  return {
    id: row.id,
    name: row.name,
    language: row.language,
    timeZone: row.timeZone,
    inboxSettings: { ...defaultInboxSettings, ...row.inboxSettings },
    createdAt: row.createdAt.toISOString(),
  };
}
