import type { ContactPage } from '../../../contracts/contacts.js';
import type { Executor } from '../../db/client.js';
import type { Actor } from '../../http/policy.js';
import { viewerOf, visibleTo } from '../conversations/access.js';
import { decodeContactCursor, encodeContactCursor, presentContactListItem } from './contacts.presenter.js';
import { listContactRows } from './contacts.repository.js';

/**
 * A page of the caller's workspace contacts. Every member sees every contact (as GET /contacts/:id
 * does); the last conversation shown is the latest one the caller may open, so an agent limited to
 * their teams is never shown another team's conversation.
 */
export async function listContacts(options: { actor: Actor; q?: string; cursor?: string; limit: number }, db: Executor): Promise<ContactPage> {
  const after = options.cursor ? decodeContactCursor(options.cursor) : undefined;
  const viewer = await viewerOf(db, options.actor);
  const rows = await listContactRows(db, { workspaceId: options.actor.workspaceId, visibility: visibleTo(viewer), q: options.q, after, limit: options.limit + 1 });
  const page = rows.slice(0, options.limit);
  return { contacts: page.map(presentContactListItem), nextCursor: rows.length > options.limit ? encodeContactCursor(page.at(-1)!) : null };
}
