import { MessageCircle, MessagesSquare, Smartphone, UserPlus } from 'lucide-react';
import { Link, useParams } from 'react-router';
import type { Conversation } from '../../app/api-types.js';
import { canManageWorkspace, useSession } from '../../app/session.js';
import { errorMessage } from '../../i18n/error-messages.js';
import { useFormat } from '../../i18n/format.js';
import { useT } from '../../i18n/i18n.js';
import { Alert } from '../../ui/alert.js';
import { Avatar } from '../../ui/avatar.js';
import { buttonClasses } from '../../ui/button.js';
import { cx, focusRing } from '../../ui/class-names.js';
import { EmptyState } from '../../ui/empty-state.js';
import { Spinner } from '../../ui/spinner.js';
import { useChannels } from '../settings/channels/channels-api.js';
import { ConversationView } from './conversation-view.js';
import { useConversations } from './inbox-api.js';

/** What to call a contact: their WhatsApp name, else their number. */
export const contactLabel = (contact: Conversation['contact']) => contact.name ?? contact.phone ?? '—';

export function initialsOf(label: string): string {
  const words = label.replace(/[^\p{L}\p{N} ]/gu, ' ').trim().split(/\s+/).filter(Boolean);
  return (words.length > 1 ? `${words[0]?.[0] ?? ''}${words[1]?.[0] ?? ''}` : (words[0] ?? '?').slice(0, 2)).toUpperCase();
}

/**
 * The inbox: the list of open conversations beside the selected one. On narrow screens the list
 * and the conversation are separate views (the URL decides which one shows).
 */
export function InboxPage() {
  const t = useT();
  const { conversationId } = useParams();
  const conversations = useConversations();
  const list = conversations.data?.conversations ?? [];

  if (conversations.isPending) {
    return (
      <div className="flex h-[60dvh] items-center justify-center text-zinc-400">
        <Spinner className="size-6" />
      </div>
    );
  }
  if (list.length === 0 && !conversationId) return <InboxEmpty error={conversations.error} />;

  return (
    <div className="flex h-[calc(100dvh-3.5rem)] lg:h-dvh">
      <section
        aria-label={t('inbox.listLabel')}
        className={cx(
          'flex w-full min-w-0 flex-col border-zinc-200 md:w-80 md:border-r md:shrink-0 xl:w-96',
          conversationId && 'hidden md:flex',
        )}
      >
        <div className="border-b border-zinc-200 px-4 py-4">
          <h1 className="text-lg font-semibold tracking-tight text-zinc-900">{t('nav.inbox')}</h1>
        </div>
        {conversations.isError ? (
          <div className="p-3">
            <Alert>{errorMessage(t, conversations.error)}</Alert>
          </div>
        ) : null}
        <ul className="min-h-0 flex-1 divide-y divide-zinc-100 overflow-y-auto">
          {list.map((conversation) => (
            <li key={conversation.id}>
              <ConversationItem conversation={conversation} selected={conversation.id === conversationId} />
            </li>
          ))}
        </ul>
      </section>
      <section className={cx('min-w-0 flex-1 flex-col bg-zinc-50/50', conversationId ? 'flex' : 'hidden md:flex')}>
        {conversationId ? (
          <ConversationView key={conversationId} conversationId={conversationId} />
        ) : (
          <div className="flex flex-1 items-center justify-center">
            <EmptyState
              icon={<MessagesSquare className="size-7" aria-hidden="true" />}
              title={t('inbox.pickTitle')}
              body={t('inbox.pickBody')}
            />
          </div>
        )}
      </section>
    </div>
  );
}

function ConversationItem({ conversation, selected }: { conversation: Conversation; selected: boolean }) {
  const t = useT();
  const format = useFormat();
  const label = contactLabel(conversation.contact);
  return (
    <Link
      to={`/inbox/${conversation.id}`}
      aria-current={selected ? 'page' : undefined}
      className={cx(
        'flex items-start gap-3 px-4 py-3 hover:bg-zinc-50',
        selected && 'bg-emerald-50/70 hover:bg-emerald-50',
        focusRing,
      )}
    >
      <Avatar initials={initialsOf(label)} seed={conversation.contact.id} />
      <div className="min-w-0 flex-1">
        <div className="flex items-baseline justify-between gap-2">
          <span className="truncate text-sm font-medium text-zinc-900">{label}</span>
          <time dateTime={conversation.lastActivityAt} className="shrink-0 text-xs text-zinc-500">
            {format.when(conversation.lastActivityAt)}
          </time>
        </div>
        {conversation.contact.name && conversation.contact.phone ? (
          <p className="truncate text-[13px] text-zinc-500">{conversation.contact.phone}</p>
        ) : null}
        {conversation.waitingSince ? (
          <p className="mt-0.5 truncate text-xs font-medium text-amber-700">
            {t('inbox.waitingSince', { time: format.moment(conversation.waitingSince) })}
          </p>
        ) : null}
      </div>
    </Link>
  );
}

/** No conversations yet: how to get the first one (connect a number, or wait for customers). */
function InboxEmpty({ error }: { error: unknown }) {
  const t = useT();
  const session = useSession();
  const channels = useChannels();
  const hasChannels = (channels.data?.channels.length ?? 0) > 0;
  return (
    <div className="flex min-h-[calc(100dvh-3.5rem)] flex-col lg:min-h-dvh">
      <div className="border-b border-zinc-200 px-4 py-4 sm:px-8">
        <h1 className="text-lg font-semibold tracking-tight text-zinc-900">{t('nav.inbox')}</h1>
      </div>
      {error ? (
        <div className="px-4 pt-4 sm:px-8">
          <Alert>{errorMessage(t, error)}</Alert>
        </div>
      ) : null}
      <div className="flex flex-1 items-center justify-center bg-zinc-50/50">
        {hasChannels ? (
          <EmptyState
            icon={<MessageCircle className="size-7" aria-hidden="true" />}
            title={t('inbox.noConversationsTitle')}
            body={t('inbox.noConversationsBody')}
          />
        ) : (
          <EmptyState
            icon={<MessageCircle className="size-7" aria-hidden="true" />}
            title={t('inbox.emptyTitle')}
            body={t('inbox.emptyBody')}
            action={
              canManageWorkspace(session) ? (
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
    </div>
  );
}
