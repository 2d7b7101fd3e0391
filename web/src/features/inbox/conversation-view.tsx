import { useQueryClient } from '@tanstack/react-query';
import { Pin } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../app/api-client.js';
import type { Message } from '../../app/api-types.js';
import { errorMessage } from '../../i18n/error-messages.js';
import { useT } from '../../i18n/i18n.js';
import { Alert } from '../../ui/alert.js';
import { cx } from '../../ui/class-names.js';
import { Spinner } from '../../ui/spinner.js';
import { useToast } from '../../ui/toast.js';
import { useTeams } from '../settings/teams/teams-api.js';
import { Composer, type ComposerMode } from './composer.js';
import { EscalateDialog, HandoffDialog, SnoozeDialog } from './conversation-dialogs.js';
import { ConversationHeader } from './conversation-header.js';
import { useDetailsPanel } from './details-panel.js';
import { clearUnread, markRead, useActivity, useConversation, useMessages, useUpdateConversation } from './inbox-api.js';
import { useMemberDirectory } from './members.js';
import { useAnnouncePresence } from './presence.js';
import { QueueNotice } from './queue-notice.js';
import { isTypingTarget } from './shortcuts.js';
import { SidePanel } from './side-panel.js';
import { Timeline } from './timeline.js';

type Props = { conversationId: string; backHref: string; hrefFor: (conversationId: string) => string };

/** One conversation: header and actions, the pinned hand-off note, the timeline, the composer and the details. */
export function ConversationView({ conversationId, backHref, hrefFor }: Props) {
  const t = useT();
  const toast = useToast();
  const queryClient = useQueryClient();
  const conversation = useConversation(conversationId);
  const messages = useMessages(conversationId);
  const activity = useActivity(conversationId);
  const teams = useTeams();
  const { byId } = useMemberDirectory();
  const update = useUpdateConversation(conversationId);
  const onTyping = useAnnouncePresence(conversationId);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [mode, setMode] = useState<ComposerMode>('reply');
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  const [dialog, setDialog] = useState<'handoff' | 'escalate' | 'snooze' | null>(null);
  const details = useDetailsPanel();
  const detailsId = useId();

  const newestFirst = messages.data?.pages.flatMap((page) => page.messages) ?? [];
  const newestId = newestFirst[0]?.id;
  const timeline = [...newestFirst].reverse();

  // Opening the conversation, and each new message while it is on screen, marks it read for me
  // (and the customer's message read on WhatsApp).
  useEffect(() => {
    const mark = () => {
      if (document.visibilityState !== 'visible') return;
      clearUnread(queryClient, conversationId);
      markRead(conversationId).catch(() => {
        // Not marking as read is harmless; the next message or visit tries again.
      });
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [conversationId, newestId, queryClient]);

  const focusComposer = (next: ComposerMode) => {
    setMode(next);
    requestAnimationFrame(() => textarea.current?.focus());
  };

  const resolve = () =>
    update.mutate({ status: 'resolved' }, { onSuccess: () => toast(t('status.resolvedToast')), onError: (error) => toast(errorMessage(t, error), 'error') });

  // r reply, n note, e resolve, a assign; never while typing or with a dialog open.
  const shortcuts = useRef({ focusComposer, resolve, open: setDialog });
  shortcuts.current = { focusComposer, resolve, open: setDialog };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey || isTypingTarget(event.target) || document.querySelector('dialog[open]')) return;
      const action = { r: () => shortcuts.current.focusComposer('reply'), n: () => shortcuts.current.focusComposer('note'), e: () => shortcuts.current.resolve(), a: () => shortcuts.current.open('handoff') }[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  if (conversation.isPending) {
    return (
      <div className="flex flex-1 items-center justify-center text-zinc-400">
        <Spinner className="size-6" />
      </div>
    );
  }
  if (conversation.isError) {
    return (
      <div className="flex flex-col gap-3 p-4">
        <Link to={backHref} className="text-sm text-emerald-700 underline underline-offset-2 md:hidden">
          {t('inbox.back')}
        </Link>
        <Alert>{conversation.error instanceof ApiError && conversation.error.status === 404 ? t('inbox.notFound') : errorMessage(t, conversation.error)}</Alert>
      </div>
    );
  }

  const data = conversation.data;
  // The note comes with the conversation, so it stays pinned however far back it was written.
  const pinned = data.pinnedNote ?? (data.pinnedNoteId ? newestFirst.find((message) => message.id === data.pinnedNoteId) : undefined);
  const teamsById = new Map((teams.data?.teams ?? []).map((team) => [team.id, team]));

  return (
    <div className="flex min-h-0 flex-1">
      <div className="flex min-w-0 flex-1 flex-col">
        <ConversationHeader
          conversation={data}
          backHref={backHref}
          onHandoff={() => setDialog('handoff')}
          onEscalate={() => setDialog('escalate')}
          onCustomSnooze={() => setDialog('snooze')}
          onToggleDetails={details.toggle}
          detailsOpen={details.open}
          detailsId={detailsId}
        />
        <QueueNotice conversation={data} activity={activity.data?.activity ?? []} />
        {pinned ? (
          <div className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm" data-testid="pinned-note">
            <p className="flex items-center gap-1.5 text-[11px] font-semibold tracking-wide text-amber-800 uppercase">
              <Pin className="size-3" aria-hidden="true" />
              {t('note.pinned')}
              {pinned.senderMemberId && byId.get(pinned.senderMemberId) ? (
                <span className="font-medium tracking-normal normal-case">· {byId.get(pinned.senderMemberId)?.name}</span>
              ) : null}
            </p>
            <p className="mt-0.5 line-clamp-3 break-words whitespace-pre-wrap text-zinc-900">{pinned.text}</p>
          </div>
        ) : null}
        <Timeline
          messages={timeline}
          activity={activity.data?.activity ?? []}
          members={byId}
          teams={teamsById}
          loading={messages.isPending}
          error={messages.error}
          hasOlder={messages.hasNextPage}
          loadingOlder={messages.isFetchingNextPage}
          onLoadOlder={() => void messages.fetchNextPage()}
          onReply={(message) => {
            setReplyTo(message);
            focusComposer('reply');
          }}
        />
        <Composer
          conversation={data}
          mode={mode}
          onMode={focusComposer}
          replyTo={replyTo}
          onCancelReply={() => setReplyTo(null)}
          lastSeenMessageId={newestId}
          textarea={textarea}
          onTyping={onTyping}
        />
      </div>
      <div
        id={detailsId}
        className={cx(
          'shrink-0 border-l border-zinc-200',
          !details.open ? 'hidden' : details.docked ? 'w-72 2xl:w-80' : 'absolute inset-y-0 right-0 z-30 w-80 max-w-[90vw] shadow-xl',
        )}
      >
        {details.open ? <SidePanel conversation={data} hrefFor={hrefFor} onClose={() => details.setOpen(false)} /> : null}
      </div>
      {dialog === 'handoff' ? <HandoffDialog open onClose={() => setDialog(null)} conversation={data} /> : null}
      {dialog === 'escalate' ? <EscalateDialog open onClose={() => setDialog(null)} conversation={data} /> : null}
      {dialog === 'snooze' ? <SnoozeDialog open onClose={() => setDialog(null)} conversation={data} /> : null}
    </div>
  );
}
