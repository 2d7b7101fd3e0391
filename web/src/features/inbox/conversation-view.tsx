import { ArrowLeft, Check, CheckCheck, CircleAlert, Clock } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../app/api-client.js';
import type { Message } from '../../app/api-types.js';
import { errorMessage } from '../../i18n/error-messages.js';
import { useFormat } from '../../i18n/format.js';
import { type Translate, useT } from '../../i18n/i18n.js';
import { Alert } from '../../ui/alert.js';
import { Avatar } from '../../ui/avatar.js';
import { Badge } from '../../ui/badge.js';
import { cx, focusRing } from '../../ui/class-names.js';
import { Spinner } from '../../ui/spinner.js';
import { Composer } from './composer.js';
import { markRead, useConversation, useMessages } from './inbox-api.js';
import { contactLabel, initialsOf } from './inbox-page.js';

/** One conversation: who it is, whether free-form replies are allowed, the messages and the composer. */
export function ConversationView({ conversationId }: { conversationId: string }) {
  const t = useT();
  const format = useFormat();
  const conversation = useConversation(conversationId);
  const messages = useMessages(conversationId);
  const marked = useRef(false);

  // Opening a conversation tells the customer it was read (blue ticks), once.
  useEffect(() => {
    if (marked.current) return;
    marked.current = true;
    markRead(conversationId).catch(() => {
      // Not marking as read is harmless; the next open tries again.
    });
  }, [conversationId]);

  const back = (
    <Link
      to="/inbox"
      aria-label={t('inbox.back')}
      className={cx('-ml-1 rounded-lg p-1.5 text-zinc-600 hover:bg-zinc-100 md:hidden', focusRing)}
    >
      <ArrowLeft className="size-5" aria-hidden="true" />
    </Link>
  );

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
        {back}
        <Alert>{conversation.error instanceof ApiError && conversation.error.status === 404 ? t('inbox.notFound') : errorMessage(t, conversation.error)}</Alert>
      </div>
    );
  }

  const data = conversation.data;
  const label = contactLabel(data.contact);
  const timeline = [...(messages.data?.messages ?? [])].reverse();

  return (
    <>
      <header className="flex items-center gap-3 border-b border-zinc-200 bg-white px-4 py-3">
        {back}
        <Avatar initials={initialsOf(label)} seed={data.contact.id} />
        {/* On phones the window state goes under the name, so the name keeps the width. */}
        <div className="min-w-0 flex-1 sm:flex sm:items-center sm:justify-between sm:gap-3">
          <div className="min-w-0">
            <h2 className="truncate text-[15px] font-semibold text-zinc-900">{label}</h2>
            {data.contact.name && data.contact.phone ? <p className="truncate text-[13px] text-zinc-500">{data.contact.phone}</p> : null}
          </div>
          <div className="mt-1 sm:mt-0">
            {data.windowOpen && data.windowExpiresAt ? (
              <Badge tone="green">{t('inbox.windowOpen', { time: format.moment(data.windowExpiresAt) })}</Badge>
            ) : (
              <Badge tone="amber">{t('inbox.windowClosed')}</Badge>
            )}
          </div>
        </div>
      </header>
      <Timeline messages={timeline} loading={messages.isPending} error={messages.error} />
      <Composer conversation={data} />
    </>
  );
}

function Timeline({ messages, loading, error }: { messages: Message[]; loading: boolean; error: unknown }) {
  const t = useT();
  const end = useRef<HTMLLIElement>(null);
  const newest = messages.at(-1);
  const newestKey = newest ? `${newest.id}:${messages.length}` : '';

  // Keep the newest message in view as messages arrive.
  useEffect(() => {
    if (newestKey) end.current?.scrollIntoView({ block: 'end' });
  }, [newestKey]);

  return (
    <div className="min-h-0 flex-1 overflow-y-auto px-3 py-4 sm:px-6">
      {error ? <Alert>{errorMessage(t, error)}</Alert> : null}
      {loading ? (
        <div className="flex justify-center py-8 text-zinc-400">
          <Spinner className="size-5" />
        </div>
      ) : messages.length === 0 ? (
        <p className="py-8 text-center text-sm text-zinc-500">{t('inbox.noMessages')}</p>
      ) : (
        <ol aria-label={t('inbox.timelineLabel')} className="flex flex-col gap-2">
          {messages.map((message) => (
            <MessageBubble key={message.id} message={message} />
          ))}
          <li ref={end} aria-hidden="true" />
        </ol>
      )}
    </div>
  );
}

const typeLabels: Record<string, Parameters<Translate>[0]> = {
  image: 'inbox.type.image',
  video: 'inbox.type.video',
  audio: 'inbox.type.audio',
  voice: 'inbox.type.voice',
  document: 'inbox.type.document',
  sticker: 'inbox.type.sticker',
  location: 'inbox.type.location',
  contacts: 'inbox.type.contacts',
  interactive: 'inbox.type.interactive',
  button: 'inbox.type.button',
  order: 'inbox.type.order',
  template: 'inbox.type.template',
};

/** A short label for what has no text of its own (media, location, reaction…). */
function typeLabel(t: Translate, message: Message): string {
  if (message.type === 'reaction') {
    const emoji = message.content.emoji;
    return t('inbox.type.reaction', { emoji: typeof emoji === 'string' ? emoji : '' }).trim();
  }
  const key = typeLabels[message.type];
  return key ? t(key) : t('inbox.type.other', { type: message.type });
}

function MessageBubble({ message }: { message: Message }) {
  const t = useT();
  const format = useFormat();
  const outbound = message.direction === 'outbound';
  const hasText = Boolean(message.text?.trim());
  const label = message.type === 'text' && hasText ? null : typeLabel(t, message);
  return (
    <li className={cx('flex flex-col', outbound ? 'items-end' : 'items-start')} data-direction={message.direction}>
      <div
        className={cx(
          'max-w-[85%] rounded-2xl px-3 py-2 text-sm shadow-xs sm:max-w-[70%]',
          outbound ? 'rounded-br-md bg-emerald-100 text-zinc-900' : 'rounded-bl-md bg-white text-zinc-900 ring-1 ring-zinc-200',
        )}
      >
        {label ? (
          <p className="text-[13px] font-medium text-zinc-500">
            {label}
            {message.mediaUrl ? (
              <>
                {' · '}
                <a href={message.mediaUrl} target="_blank" rel="noreferrer" className="text-emerald-700 underline underline-offset-2">
                  {t('inbox.openMedia')}
                </a>
              </>
            ) : null}
          </p>
        ) : null}
        {hasText ? <p className="break-words whitespace-pre-wrap">{message.text}</p> : null}
        <div className="mt-1 flex items-center justify-end gap-1 text-[11px] text-zinc-500">
          <time dateTime={message.occurredAt}>{format.moment(message.occurredAt)}</time>
          {outbound ? <StatusIcon status={message.status} /> : null}
        </div>
      </div>
      {message.status === 'failed' ? (
        <p className="mt-1 flex max-w-[85%] items-start gap-1 text-xs text-red-700 sm:max-w-[70%]">
          <CircleAlert className="mt-0.5 size-3.5 shrink-0" aria-hidden="true" />
          <span>{message.error ? (message.error.explanation ?? message.error.title) : t('inbox.status.failed')}</span>
        </p>
      ) : null}
    </li>
  );
}

function StatusIcon({ status }: { status: Message['status'] }) {
  const t = useT();
  const [key, Icon, colour] =
    status === 'read' || status === 'played'
      ? (['inbox.status.read', CheckCheck, 'text-sky-600'] as const)
      : status === 'delivered'
        ? (['inbox.status.delivered', CheckCheck, 'text-zinc-500'] as const)
        : status === 'sent'
          ? (['inbox.status.sent', Check, 'text-zinc-500'] as const)
          : status === 'failed'
            ? (['inbox.status.failed', CircleAlert, 'text-red-600'] as const)
            : (['inbox.status.pending', Clock, 'text-zinc-400'] as const);
  const name = t('inbox.status.label', { status: t(key) });
  return (
    <span role="img" aria-label={name} title={name} data-status={status} className={colour}>
      <Icon className="size-3.5" aria-hidden="true" />
    </span>
  );
}
