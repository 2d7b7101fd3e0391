import { z } from 'zod';
import { Id } from './common.js';
import { ConversationStatus } from './conversations.js';

export const ContactListQuery = z.object({
  q: z.string().trim().min(1).max(200).optional().describe('Search names and WhatsApp usernames; 3 or more digits also match anywhere in the number'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(200).optional().describe('nextCursor of the previous page'),
});
export type ContactListQuery = z.infer<typeof ContactListQuery>;

export const ContactListItem = z.object({
  id: Id,
  name: z.string().nullable(),
  username: z.string().nullable(),
  phone: z.string().nullable().describe('E.164, canonical across regional variants'),
  vip: z.boolean(),
  tags: z.array(z.string()).describe('Contact labels'),
  lastConversation: z
    .object({ id: Id, displayNumber: z.number().int(), status: ConversationStatus, lastActivityAt: z.string() })
    .nullable()
    .describe('The most recent conversation the caller may see, or null'),
  createdAt: z.string(),
});
export type ContactListItem = z.infer<typeof ContactListItem>;

export const ContactPage = z.object({
  contacts: z.array(ContactListItem).describe('Most recent activity first (the last conversation, else when the contact was created)'),
  nextCursor: z.string().nullable(),
});
export type ContactPage = z.infer<typeof ContactPage>;
