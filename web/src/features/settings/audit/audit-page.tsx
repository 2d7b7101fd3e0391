import { useInfiniteQuery } from '@tanstack/react-query';
import { History } from 'lucide-react';
import { api } from '../../../app/api-client.js';
import type { AuditPageResponse } from '../../../app/api-types.js';
import { useFormat } from '../../../i18n/format.js';
import { errorMessage } from '../../../i18n/error-messages.js';
import { useI18n } from '../../../i18n/i18n.js';
import { Alert } from '../../../ui/alert.js';
import { Avatar } from '../../../ui/avatar.js';
import { Button } from '../../../ui/button.js';
import { Card, PageHeader } from '../../../ui/card.js';
import { EmptyState } from '../../../ui/empty-state.js';
import { Spinner } from '../../../ui/spinner.js';
import { useMembers } from '../members/members-api.js';
import { actorName, describeEntry } from './audit-sentence.js';

const pageSize = 50;

const initialsOf = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word.charAt(0).toLocaleUpperCase())
    .join('');

/** The workspace's event log, newest first, fetched a page at a time with the server's cursor. */
export function AuditPage() {
  const { t, language } = useI18n();
  const format = useFormat();
  const members = useMembers();
  const log = useInfiniteQuery({
    queryKey: ['audit-log'],
    queryFn: ({ pageParam }) =>
      api.get<AuditPageResponse>(`/audit-log?limit=${pageSize}${pageParam === undefined ? '' : `&before=${pageParam}`}`),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const entries = log.data?.pages.flatMap((page) => page.entries) ?? [];
  const memberList = members.data?.members ?? [];

  return (
    <div className="flex max-w-4xl flex-col gap-6">
      <PageHeader title={t('audit.title')} description={t('audit.subtitle')} />
      {log.error ? <Alert>{errorMessage(t, log.error)}</Alert> : null}
      <Card flush>
        {log.isPending ? (
          <div className="flex justify-center py-10 text-zinc-400">
            <Spinner className="size-5" />
          </div>
        ) : entries.length === 0 ? (
          <EmptyState icon={<History className="size-7" aria-hidden="true" />} title={t('audit.empty')} />
        ) : (
          <ol className="divide-y divide-zinc-100">
            {entries.map((entry) => {
              const actor = actorName(entry, t);
              const person =
                entry.actor.type === 'user' ? memberList.find((member) => member.userId === entry.actor.id) : undefined;
              return (
                <li key={entry.id} className="flex items-start gap-3 px-5 py-3" title={entry.type}>
                  <Avatar initials={person?.initials ?? initialsOf(actor)} seed={entry.actor.id ?? entry.actor.type} size="sm" />
                  <div className="flex min-w-0 flex-1 flex-wrap items-baseline justify-between gap-x-4 gap-y-0.5 pt-1">
                    <p className="min-w-0 text-sm text-zinc-800">{describeEntry(entry, t, language, memberList)}</p>
                    <time dateTime={entry.createdAt} className="text-xs whitespace-nowrap text-zinc-500">
                      {format.dateTime(entry.createdAt)}
                    </time>
                  </div>
                </li>
              );
            })}
          </ol>
        )}
      </Card>
      {entries.length > 0 ? (
        <div className="flex justify-center">
          {log.hasNextPage ? (
            <Button loading={log.isFetchingNextPage} onClick={() => log.fetchNextPage()}>
              {t('audit.loadMore')}
            </Button>
          ) : (
            <p className="text-[13px] text-zinc-400">{t('audit.end')}</p>
          )}
        </div>
      ) : null}
    </div>
  );
}
