import { MessageCircle, MessagesSquare, Smartphone, UserPlus } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { InboxFilters } from '../../app/api-types.js';
import { canManageWorkspace, useSession } from '../../app/session.js';
import { useT } from '../../i18n/i18n.js';
import { buttonClasses } from '../../ui/button.js';
import { cx } from '../../ui/class-names.js';
import { EmptyState } from '../../ui/empty-state.js';
import { Spinner } from '../../ui/spinner.js';
import { useChannels } from '../settings/channels/channels-api.js';
import { SetupChecklistCard, useVisibleSetupChecklist } from '../setup/setup-checklist.js';
import { ConversationList } from './conversation-list.js';
import { ConversationView } from './conversation-view.js';
import { useConversations } from './inbox-api.js';
import { activeFilterCount, defaultView, filtersFromSearch, sameFilters, searchFromFilters } from './inbox-filters.js';
import { useSavedViews } from './saved-views-api.js';
import { isTypingTarget, ShortcutsDialog } from './shortcuts.js';

export { contactLabel, initialsOf } from './conversation-row.js';

/**
 * The inbox: the list for the chosen view and filters beside the open conversation. The URL holds
 * both (`/inbox/:id?view=mine&status=open`), so links, reloads and the back button keep them. On
 * narrow screens the list and the conversation are separate screens.
 */
export function InboxPage() {
  const t = useT();
  const navigate = useNavigate();
  const { conversationId } = useParams();
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = filtersFromSearch(searchParams);
  const conversations = useConversations(filters);
  const list = conversations.data?.pages.flatMap((page) => page.conversations) ?? [];
  const search = searchParams.toString();
  const hrefFor = useCallback((id: string) => `/inbox/${id}${search ? `?${search}` : ''}`, [search]);
  const [showShortcuts, setShowShortcuts] = useState(false);
  const savedView = useSavedViews().data?.views.find((view) => sameFilters(view.filters, filters));
  const checklist = useVisibleSetupChecklist();

  const onFilters = useCallback(
    (next: InboxFilters) => setSearchParams(searchFromFilters(next), { replace: true }),
    [setSearchParams],
  );

  // j/k move through the list; ? lists every shortcut. Conversation shortcuts live in the conversation.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey || isTypingTarget(event.target) || document.querySelector('dialog[open]')) return;
      if (event.key === '?') {
        event.preventDefault();
        setShowShortcuts(true);
        return;
      }
      if (event.key !== 'j' && event.key !== 'k') return;
      const index = list.findIndex((item) => item.id === conversationId);
      const next = event.key === 'j' ? list[index + 1] ?? (index === -1 ? list[0] : undefined) : list[index - 1];
      if (!next) return;
      event.preventDefault();
      navigate(hrefFor(next.id));
      document.querySelector(`[data-conversation-id="${next.id}"]`)?.scrollIntoView({ block: 'nearest' });
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [list, conversationId, navigate, hrefFor]);

  const unfiltered = filters.view === defaultView && !filters.q && activeFilterCount(filters) === 0;
  if (conversations.isPending && !conversations.data) {
    return (
      <div className="flex h-[60dvh] items-center justify-center text-zinc-400">
        <Spinner className="size-6" />
      </div>
    );
  }

  return (
    <div className="flex h-[calc(100dvh-3.5rem)] lg:h-dvh">
      <section
        aria-label={t('inbox.listLabel')}
        className={cx('flex w-full min-w-0 flex-col border-zinc-200 md:w-80 md:shrink-0 md:border-r 2xl:w-96', conversationId && 'hidden md:flex')}
      >
        {/* On phones the list is the first screen, so the checklist sits on top of it. */}
        {checklist ? (
          <div className="shrink-0 border-b border-zinc-200 bg-zinc-50 p-3 md:hidden">
            <SetupChecklistCard checklist={checklist} conversationCount={list.length} />
          </div>
        ) : null}
        <ConversationList
          title={savedView?.name ?? t(`inbox.view.${filters.view ?? defaultView}`)}
          filters={filters}
          onFilters={onFilters}
          conversations={list}
          loading={conversations.isPending}
          error={conversations.error}
          hasMore={conversations.hasNextPage}
          loadingMore={conversations.isFetchingNextPage}
          onLoadMore={() => void conversations.fetchNextPage()}
          hrefFor={hrefFor}
          selectedId={conversationId}
        />
      </section>
      <section className={cx('relative min-w-0 flex-1 flex-col bg-zinc-50/50', conversationId ? 'flex' : 'hidden md:flex')}>
        {conversationId ? (
          <ConversationView
            key={conversationId}
            conversationId={conversationId}
            backHref={`/inbox${search ? `?${search}` : ''}`}
            hrefFor={hrefFor}
          />
        ) : (
          <div className="flex min-h-0 flex-1 flex-col items-center overflow-y-auto">
            {checklist ? <SetupChecklistCard checklist={checklist} conversationCount={list.length} className="mt-8 hidden max-w-md md:block" /> : null}
            {unfiltered && list.length === 0 ? (
              <InboxEmpty withChecklist={checklist !== null} />
            ) : (
              <div className={cx('flex flex-1 items-center justify-center', checklist && 'flex-none')}>
                <EmptyState icon={<MessagesSquare className="size-7" aria-hidden="true" />} title={t('inbox.pickTitle')} body={t('inbox.pickBody')} />
              </div>
            )}
          </div>
        )}
      </section>
      <ShortcutsDialog open={showShortcuts} onClose={() => setShowShortcuts(false)} />
    </div>
  );
}

/** No conversations yet: how to get the first one (connect a number, or wait for customers). The checklist, when shown, has the links. */
function InboxEmpty({ withChecklist }: { withChecklist: boolean }) {
  const t = useT();
  const session = useSession();
  const channels = useChannels();
  const hasChannels = (channels.data?.channels.length ?? 0) > 0;
  return (
    <div className={cx('flex flex-1 items-center justify-center', withChecklist && 'flex-none')}>
      {hasChannels ? (
        <EmptyState icon={<MessageCircle className="size-7" aria-hidden="true" />} title={t('inbox.noConversationsTitle')} body={t('inbox.noConversationsBody')} />
      ) : (
        <EmptyState
          icon={<MessageCircle className="size-7" aria-hidden="true" />}
          title={t('inbox.emptyTitle')}
          body={t('inbox.emptyBody')}
          action={
            canManageWorkspace(session) && !withChecklist ? (
              <div className="flex flex-wrap justify-center gap-2">
                <Link to="/settings/channels" className={buttonClasses('primary', 'md')}>
                  <Smartphone className="size-4" aria-hidden="true" />
                  {t('channels.connect')}
                </Link>
                <Link to="/settings/members" className={buttonClasses('secondary', 'md')}>
                  <UserPlus className="size-4" aria-hidden="true" />
                  {t('inbox.inviteTeam')}
                </Link>
              </div>
            ) : null
          }
        />
      )}
    </div>
  );
}
