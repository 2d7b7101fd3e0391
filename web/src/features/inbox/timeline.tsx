import { History, Timer } from 'lucide-react';
import { useEffect, useRef } from 'react';
import type { ActivityEntry, Member, Message, TeamItem } from '../../app/api-types.js';
import { errorMessage } from '../../i18n/error-messages.js';
import { useFormat } from '../../i18n/format.js';
import { useT } from '../../i18n/i18n.js';
import { Alert } from '../../ui/alert.js';
import { Button } from '../../ui/button.js';
import { cx } from '../../ui/class-names.js';
import { Spinner } from '../../ui/spinner.js';
import { activityDetail, activitySentence } from './activity-sentence.js';
import { MessageBubble } from './message-bubble.js';

type Props = {
  /** Oldest first. */
  messages: Message[];
  activity: ActivityEntry[];
  members: Map<string, Member>;
  teams: Map<string, TeamItem>;
  loading: boolean;
  error: unknown;
  hasOlder: boolean;
  loadingOlder: boolean;
  onLoadOlder: () => void;
  onReply: (message: Message) => void;
};

/** The changes a note can go with, and what the note is called then. */
const noteKinds: Record<string, 'note.handoff' | 'note.escalation' | undefined> = {
  'conversation.assigned': 'note.handoff',
  'conversation.escalated': 'note.escalation',
};

type Item = { kind: 'message'; at: string; message: Message } | { kind: 'activity'; at: string; entry: ActivityEntry };

const reactionTarget = (message: Message) => {
  const target = message.content.targetExternalId;
  return typeof target === 'string' ? target : message.replyToExternalId;
};

/** Messages, notes and conversation changes in one line of time; reactions sit on the message they react to. */
export function Timeline({ messages, activity, members, teams, loading, error, hasOlder, loadingOlder, onLoadOlder, onReply }: Props) {
  const t = useT();
  const format = useFormat();
  const end = useRef<HTMLLIElement>(null);
  const byExternalId = new Map(messages.filter((message) => message.externalId).map((message) => [message.externalId as string, message]));

  // The latest reaction from each side wins; an empty emoji means it was removed.
  const reactions = new Map<string, Map<Message['direction'], string>>();
  const attached = new Set<string>();
  for (const message of messages) {
    if (message.type !== 'reaction') continue;
    const target = reactionTarget(message);
    if (!target || !byExternalId.has(target)) continue;
    attached.add(message.id);
    const emoji = typeof message.content.emoji === 'string' ? message.content.emoji : '';
    const forTarget = reactions.get(target) ?? new Map();
    if (emoji) forTarget.set(message.direction, emoji);
    else forTarget.delete(message.direction);
    reactions.set(target, forTarget);
  }

  // A hand-off or an escalation with a note is one thing: the note says what it went with, and
  // the change is not listed again beside it.
  const loadedIds = new Set(messages.map((message) => message.id));
  const noteChanges = new Map<string, ActivityEntry>();
  for (const entry of activity) {
    const noteId = entry.payload.noteId;
    if (typeof noteId === 'string' && loadedIds.has(noteId) && noteKinds[entry.type]) noteChanges.set(noteId, entry);
  }
  const merged = new Set([...noteChanges.values()].map((entry) => entry.id));

  // Activity older than the oldest loaded message belongs to pages not loaded yet.
  const oldest = hasOlder ? messages[0]?.occurredAt : undefined;
  const items: Item[] = [
    ...messages.filter((message) => !attached.has(message.id)).map((message): Item => ({ kind: 'message', at: message.occurredAt, message })),
    ...activity.filter((entry) => (!oldest || entry.at >= oldest) && !merged.has(entry.id)).map((entry): Item => ({ kind: 'activity', at: entry.at, entry })),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

  const newest = items.at(-1);
  const newestKey = newest ? `${newest.kind === 'message' ? newest.message.id : newest.entry.id}:${items.length}` : '';
  useEffect(() => {
    if (newestKey) end.current?.scrollIntoView({ block: 'end' });
  }, [newestKey]);

  const directory = { members, teams, moment: format.moment, time: format.time };
  return (
    <div className="min-h-0 flex-1 overflow-y-auto px-3 py-4 sm:px-6">
      {error ? <Alert>{errorMessage(t, error)}</Alert> : null}
      {loading ? (
        <div className="flex justify-center py-8 text-zinc-400">
          <Spinner className="size-5" />
        </div>
      ) : messages.length === 0 && activity.length === 0 ? (
        <p className="py-8 text-center text-sm text-zinc-500">{t('inbox.noMessages')}</p>
      ) : (
        <>
          {hasOlder ? (
            <div className="mb-3 flex justify-center">
              <Button size="sm" variant="ghost" loading={loadingOlder} onClick={onLoadOlder}>
                {t('inbox.loadOlder')}
              </Button>
            </div>
          ) : null}
          <ol aria-label={t('inbox.timelineLabel')} className="flex flex-col gap-2">
            {items.map((item) => {
              if (item.kind === 'activity') {
                const sentence = activitySentence(t, item.entry, directory);
                if (!sentence) return null;
                const detail = activityDetail(t, item.entry);
                const alert = item.entry.type === 'conversation.sla_breached' || (item.entry.type === 'conversation.escalated' && item.entry.payload.reason === 'sla_breach');
                const warning = item.entry.type === 'conversation.sla_warning';
                return (
                  <li key={`activity-${item.entry.id}`} data-activity={item.entry.type} className="flex justify-center py-0.5">
                    <div
                      className={cx(
                        'flex max-w-[90%] flex-col items-center px-3 py-1 text-center text-xs',
                        detail ? 'rounded-2xl' : 'rounded-full',
                        alert ? 'bg-red-50 text-red-800' : warning ? 'bg-amber-50 text-amber-900' : 'bg-zinc-100 text-zinc-600',
                      )}
                    >
                      <p className="flex items-center gap-1.5">
                        {alert || warning ? (
                          <Timer className={cx('size-3 shrink-0', alert ? 'text-red-500' : 'text-amber-600')} aria-hidden="true" />
                        ) : (
                          <History className="size-3 shrink-0 text-zinc-400" aria-hidden="true" />
                        )}
                        <span>{sentence}</span>
                        <time dateTime={item.entry.at} className={cx('shrink-0', alert ? 'text-red-400' : warning ? 'text-amber-600' : 'text-zinc-400')}>
                          · {format.moment(item.entry.at)}
                        </time>
                      </p>
                      {detail ? <p className="mt-0.5 text-[11px] text-zinc-500">{detail}</p> : null}
                    </div>
                  </li>
                );
              }
              const { message } = item;
              const change = noteChanges.get(message.id);
              const changeKind = change ? noteKinds[change.type] : undefined;
              const quoted = message.replyToExternalId && message.type !== 'reaction' ? (byExternalId.get(message.replyToExternalId) ?? null) : null;
              const reacted = message.externalId ? reactions.get(message.externalId) : undefined;
              return (
                <MessageBubble
                  key={message.id}
                  message={message}
                  quoted={quoted}
                  reactions={reacted ? [...reacted].map(([direction, emoji]) => ({ direction, emoji })) : []}
                  sender={message.senderMemberId ? members.get(message.senderMemberId) : undefined}
                  members={members}
                  noteContext={change && changeKind ? { label: t(changeKind), sentence: activitySentence(t, change, directory) } : undefined}
                  onReply={message.externalId && message.direction !== 'internal' ? () => onReply(message) : undefined}
                />
              );
            })}
            <li ref={end} aria-hidden="true" />
          </ol>
        </>
      )}
    </div>
  );
}
