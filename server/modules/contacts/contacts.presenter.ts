import type { ContactListItem } from '../../../contracts/contacts.js';
import { isoFromPg } from '../../db/timestamps.js';
import { AppError } from '../../http/errors.js';
import type { ContactListPosition, ContactListRow } from './contacts.repository.js';

export function presentContactListItem(row: ContactListRow): ContactListItem {
  return {
    id: row.id,
    name: row.name,
    username: row.username,
    phone: row.phone,
    vip: row.vip,
    tags: row.tags,
    lastConversation:
      row.conversationId && row.displayNumber !== null && row.status && row.lastActivityAt
        ? { id: row.conversationId, displayNumber: row.displayNumber, status: row.status, lastActivityAt: isoFromPg(row.lastActivityAt, 3) }
        : null,
    createdAt: isoFromPg(row.createdAt, 3),
  };
}

/** The cursor keeps the sort key's microseconds: a millisecond one would skip or repeat contacts active in the same millisecond. */
export function encodeContactCursor(row: ContactListRow): string {
  return Buffer.from(`${isoFromPg(row.activeAt, 6)}|${row.id}`).toString('base64url');
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isoMicros = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

export function decodeContactCursor(cursor: string): ContactListPosition {
  const [activeAt, id, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (extra !== undefined || !activeAt || !isoMicros.test(activeAt) || !id || !uuid.test(id)) {
    throw new AppError('validation_failed', 'Invalid cursor', { fields: [{ path: 'querystring.cursor', message: 'is not a cursor this API gave' }] });
  }
  return { activeAt, id };
}
