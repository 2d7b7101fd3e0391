import { SearchX, UsersRound } from 'lucide-react';
import { Link, useSearchParams } from 'react-router';
import type { ContactListItem } from '../../app/api-types.js';
import { errorMessage } from '../../i18n/error-messages.js';
import { useFormat } from '../../i18n/format.js';
import { useT } from '../../i18n/i18n.js';
import { Alert } from '../../ui/alert.js';
import { Avatar } from '../../ui/avatar.js';
import { Badge } from '../../ui/badge.js';
import { Button } from '../../ui/button.js';
import { focusRing } from '../../ui/class-names.js';
import { EmptyState } from '../../ui/empty-state.js';
import { SearchBox } from '../../ui/search-box.js';
import { Spinner } from '../../ui/spinner.js';
import { StatusBadge } from '../inbox/conversation-badges.js';
import { contactLabel, initialsOf } from '../inbox/conversation-row.js';
import { useContacts } from './contacts-api.js';

/**
 * Everyone who has written to the workspace, most recent first, with their number and latest
 * conversation. The search lives in the address bar (?q=), so a search can be shared or reloaded.
 */
export function ContactsPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const q = params.get('q')?.trim() ?? '';
  const contacts = useContacts(q);
  const rows = contacts.data?.pages.flatMap((page) => page.contacts) ?? [];
  const search = (next: string) => setParams(next ? { q: next } : {}, { replace: true });

  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-5 px-4 py-6 sm:px-8 sm:py-8">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-xl font-semibold tracking-tight text-zinc-900">{t('nav.contacts')}</h1>
        <SearchBox value={q} onSearch={search} label={t('contacts.search')} placeholder={t('contacts.searchPlaceholder')} className="w-full sm:w-80" />
      </div>
      {contacts.error ? <Alert>{errorMessage(t, contacts.error)}</Alert> : null}
      {contacts.isPending ? (
        <div className="flex justify-center py-16 text-zinc-400">
          <Spinner className="size-5" />
        </div>
      ) : contacts.error && rows.length === 0 ? null : rows.length === 0 ? (
        // Only an answer from the server with no contacts says there are none.
        q ? (
          <EmptyState icon={<SearchX className="size-7" aria-hidden="true" />} title={t('contacts.noMatchTitle', { q })} body={t('contacts.noMatchBody')} />
        ) : (
          <EmptyState icon={<UsersRound className="size-7" aria-hidden="true" />} title={t('contacts.emptyTitle')} body={t('contacts.emptyBody')} />
        )
      ) : (
        <>
          <ContactTable rows={rows} />
          {contacts.hasNextPage ? (
            <div className="flex justify-center">
              <Button loading={contacts.isFetchingNextPage} onClick={() => contacts.fetchNextPage()}>
                {t('contacts.loadMore')}
              </Button>
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}


/** A table on wider screens; on phones the number and the conversation sit under the name. */
function ContactTable({ rows }: { rows: ContactListItem[] }) {
  const t = useT();
  const head = 'px-4 py-2.5 font-medium whitespace-nowrap';
  return (
    <div className="overflow-hidden rounded-xl bg-white ring-1 ring-zinc-200">
      <table className="w-full table-fixed text-left text-sm" data-testid="contacts-table">
        <thead className="border-b border-zinc-100 bg-zinc-50/60 text-xs text-zinc-500">
          <tr>
            <th scope="col" className={head}>
              {t('contacts.column.name')}
            </th>
            <th scope="col" className={`${head} hidden w-44 md:table-cell`}>
              {t('contacts.column.phone')}
            </th>
            <th scope="col" className={`${head} hidden w-56 md:table-cell`}>
              {t('contacts.column.lastConversation')}
            </th>
            <th scope="col" className={`${head} w-36 text-right`}>
              {t('contacts.column.lastActivity')}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {rows.map((contact) => (
            <ContactRow key={contact.id} contact={contact} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ContactRow({ contact }: { contact: ContactListItem }) {
  const t = useT();
  const format = useFormat();
  const label = contactLabel(contact);
  const last = contact.lastConversation;
  const conversationLink = last ? (
    <Link
      to={`/inbox/${last.id}`}
      aria-label={t('contacts.openConversation', { number: String(last.displayNumber), name: label })}
      className={`inline-flex items-center gap-2 rounded text-zinc-600 hover:text-emerald-700 ${focusRing}`}
    >
      <span className="tabular-nums">#{last.displayNumber}</span>
      <StatusBadge status={last.status} />
    </Link>
  ) : null;
  return (
    <tr data-testid="contact-row" className="align-top">
      <td className="px-4 py-3">
        <div className="flex min-w-0 items-start gap-3">
          <Avatar initials={initialsOf(label)} seed={contact.id} size="sm" />
          <div className="min-w-0">
            <p className="flex min-w-0 items-center gap-2">
              <span className="truncate font-medium text-zinc-900">{label}</span>
              {contact.vip ? <Badge tone="amber">{t('details.vip')}</Badge> : null}
            </p>
            {contact.username ? <p className="truncate text-xs text-zinc-500">@{contact.username}</p> : null}
            {contact.phone && contact.name ? <p className="truncate text-xs text-zinc-500 tabular-nums md:hidden">{contact.phone}</p> : null}
            {conversationLink ? <div className="mt-1.5 md:hidden">{conversationLink}</div> : null}
          </div>
        </div>
      </td>
      <td className="hidden truncate px-4 py-3 text-zinc-600 tabular-nums md:table-cell">{contact.phone ?? '—'}</td>
      <td className="hidden px-4 py-3 md:table-cell">{conversationLink ?? <span className="text-zinc-400">—</span>}</td>
      <td className="px-4 py-3 text-right text-[13px] whitespace-nowrap text-zinc-500">
        {last ? (
          <time dateTime={last.lastActivityAt} title={format.dateTime(last.lastActivityAt)}>
            {format.moment(last.lastActivityAt)}
          </time>
        ) : (
          <span className="text-zinc-400">—</span>
        )}
      </td>
    </tr>
  );
}
