import { TriangleAlert } from 'lucide-react';
import { useState } from 'react';
import { ApiError } from '../../app/api-client.js';
import type { Member, Message, SendReply } from '../../app/api-types.js';
import { errorMessage } from '../../i18n/error-messages.js';
import { useFormat } from '../../i18n/format.js';
import { useT } from '../../i18n/i18n.js';
import { Alert } from '../../ui/alert.js';
import { Button } from '../../ui/button.js';
import { useSendMessage } from './inbox-api.js';
import { messageSummary } from './message-bubble.js';

type Body = SendReply;

/**
 * Sends with collision control: every send carries the newest message the agent saw. When the customer
 * or a teammate wrote since, the server answers 409 `stale_reply` with what is new; the agent reads it
 * and either edits their reply or sends it anyway (`force`).
 */
export function useReplySender(conversationId: string, lastSeenMessageId: string | undefined) {
  const send = useSendMessage(conversationId);
  const [stale, setStale] = useState<{ body: Body; newMessages: Message[]; onSent: () => void } | null>(null);

  const submit = (body: Body, onSent: () => void, onError?: (error: unknown) => void) => {
    setStale(null);
    send.mutate(
      { ...body, ...(lastSeenMessageId ? { lastSeenMessageId } : {}) } as Body,
      {
        onSuccess: onSent,
        onError: (error) => {
          if (error instanceof ApiError && error.code === 'stale_reply') {
            const newMessages = (error.details as { newMessages?: Message[] } | undefined)?.newMessages ?? [];
            setStale({ body, newMessages, onSent });
            return;
          }
          onError?.(error);
        },
      },
    );
  };

  const sendAnyway = () => {
    if (!stale) return;
    const { body, onSent } = stale;
    setStale(null);
    send.mutate({ ...body, force: true } as Body, { onSuccess: onSent });
  };

  // A stale error is shown by StaleWarning, not as a generic failure.
  const error = send.error instanceof ApiError && send.error.code === 'stale_reply' ? null : send.error;
  return { submit, sendAnyway, dismissStale: () => setStale(null), stale: stale?.newMessages ?? null, pending: send.isPending, error, reset: send.reset };
}

/** What arrived while the agent was typing, above the composer, with the choice to send anyway. */
export function StaleWarning({ messages, members, onSendAnyway, onDismiss, sending }: { messages: Message[]; members: Map<string, Member>; onSendAnyway: () => void; onDismiss: () => void; sending: boolean }) {
  const t = useT();
  const format = useFormat();
  return (
    <div role="alert" data-testid="stale-reply" className="mb-2 rounded-lg bg-amber-50 p-3 text-sm ring-1 ring-amber-200 ring-inset">
      <p className="flex items-center gap-2 font-medium text-amber-900">
        <TriangleAlert className="size-4 shrink-0" aria-hidden="true" />
        {t('stale.title')}
      </p>
      {messages.length > 0 ? (
        <ul className="mt-2 flex max-h-40 flex-col gap-1.5 overflow-y-auto">
          {messages.map((message) => {
            const who =
              message.direction === 'inbound'
                ? t('stale.customer')
                : (message.senderMemberId && members.get(message.senderMemberId)?.name) || t('activity.someone');
            return (
              <li key={message.id} className="rounded-md bg-white px-2 py-1.5 ring-1 ring-amber-100">
                <span className="text-xs text-zinc-500">
                  {who} · {format.moment(message.occurredAt)}
                  {message.private ? ` · ${t('note.label')}` : ''}
                </span>
                <span className="block break-words whitespace-pre-wrap text-zinc-900">{messageSummary(t, message)}</span>
              </li>
            );
          })}
        </ul>
      ) : null}
      <div className="mt-2 flex flex-wrap justify-end gap-2">
        <Button size="sm" variant="ghost" onClick={onDismiss}>
          {t('stale.review')}
        </Button>
        <Button size="sm" variant="primary" loading={sending} onClick={onSendAnyway}>
          {t('stale.sendAnyway')}
        </Button>
      </div>
    </div>
  );
}

/** A failed send in the person's language; "only the assignee replies" gets its own explanation. */
export function SendError({ error, note }: { error: unknown; note: boolean }) {
  const t = useT();
  if (!error) return null;
  const forbidden = error instanceof ApiError && error.code === 'forbidden' && !note;
  return (
    <div className="mb-2">
      <Alert>{forbidden ? t('composer.onlyAssignee') : errorMessage(t, error)}</Alert>
    </div>
  );
}
