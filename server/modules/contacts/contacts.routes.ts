import { ContactListQuery, ContactPage } from '../../../contracts/contacts.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { type Api, commonErrors } from '../../http/route-types.js';
import { listContacts } from './list-contacts.js';

export function contactsRoutes(app: Api, ctx: AppContext) {
  app.get('/api/v1/contacts', {
    config: { access: { permission: 'contacts.read' } },
    schema: {
      tags: ['contacts'],
      summary: 'The workspace contacts, most recent activity first, with search',
      querystring: ContactListQuery,
      response: { 200: ContactPage, ...commonErrors },
    },
    handler: async (request) => listContacts({ actor: requireActor(request), ...request.query }, ctx.db),
  });
}
