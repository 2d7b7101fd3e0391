import { Link } from 'react-router';
import type { Conversation, Member } from '../../app/api-types.js';
import { useFormat } from '../../i18n/format.js';
import { useT } from '../../i18n/i18n.js';
import { Avatar } from '../../ui/avatar.js';
import { cx, focusRing } from '../../ui/class-names.js';
import { durationSince, PriorityBadge, TagChip } from './conversation-badges.js';
import { useOthersPresent } from './presence.js';
import { SlaBadge } from './sla-badge.js';

/** What to call a contact: their WhatsApp name, else their number. */
export const contactLabel = (contact: Conversation['contact']) => contact.name ?? contact.phone ?? '—';

export function initialsOf(label: string): string {
  const words = label.replace(/[^\p{L}\p{N} ]/gu, ' ').trim().split(/\s+/).filter(Boolean);
  return (words.length > 1 ? `${words[0]?.[0] ?? ''}${words[1]?.[0] ?? ''}` : (words[0] ?? '?').slice(0, 2)).toUpperCase();
}

type RowProps = {
  conversation: Conversation;
  href: string;
  selected: boolean;
  checked: boolean;
  onCheck: (checked: boolean) => void;
  assignee: Member | undefined;
};

/** One conversation in the list: who, what they said last, how long they wait, and who is on it. */
export function ConversationRow({ conversation, href, selected, checked, onCheck, assignee }: RowProps) {
  const t = useT();
  const format = useFormat();
  const label = contactLabel(conversation.contact);
  const last = conversation.lastMessage;
  const present = useOthersPresent(conversation.id);
  const typing = present.some((item) => item.state === 'typing');
  return (
    <div className={cx('group relative flex items-start gap-2 pl-2 hover:bg-zinc-50', selected && 'bg-emerald-50/70 hover:bg-emerald-50')}>
      <input
        type="checkbox"
        checked={checked}
        onChange={(event) => onCheck(event.target.checked)}
        aria-label={t('inbox.select', { name: label })}
        className={cx(
          'mt-5 size-4 shrink-0 cursor-pointer rounded accent-emerald-600',
          checked ? 'opacity-100' : 'opacity-40 group-hover:opacity-100 focus-visible:opacity-100',
        )}
      />
      <Link
        to={href}
        aria-current={selected ? 'page' : undefined}
        data-conversation-id={conversation.id}
        className={cx('flex min-w-0 flex-1 items-start gap-3 py-3 pr-4', focusRing)}
      >
        <span className="relative">
          <Avatar initials={initialsOf(label)} seed={conversation.contact.id} />
          {conversation.unread ? (
            <span className="absolute -top-0.5 -right-0.5 size-2.5 rounded-full bg-emerald-500 ring-2 ring-white" data-testid="unread-dot">
              <span className="sr-only">{t('inbox.unread')}</span>
            </span>
          ) : null}
        </span>
        <span className="min-w-0 flex-1">
          <span className="flex items-baseline justify-between gap-2">
            <span className={cx('truncate text-sm text-zinc-900', conversation.unread ? 'font-semibold' : 'font-medium')}>{label}</span>
            <time dateTime={conversation.lastActivityAt} className="shrink-0 text-xs text-zinc-500">
              {format.when(conversation.lastActivityAt)}
            </time>
          </span>
          <span className="mt-0.5 flex items-center gap-1.5 text-[13px] text-zinc-500">
            <span className="shrink-0 text-zinc-400">#{conversation.displayNumber}</span>
            {typing ? (
              <span className="truncate text-emerald-700 italic">{t('presence.typingShort', { name: present[0]?.name ?? '' })}</span>
            ) : (
              <span className={cx('truncate', conversation.unread && 'text-zinc-800')}>
                {last?.direction === 'internal' ? <span className="font-medium text-amber-700">{t('inbox.notePrefix')} </span> : null}
                {last?.direction === 'outbound' ? <span className="text-zinc-400">{t('inbox.youPrefix')} </span> : null}
                {last?.text ?? (last ? t('inbox.mediaPreview') : '')}
              </span>
            )}
          </span>
          <span className="mt-1.5 flex flex-wrap items-center gap-1.5">
            {conversation.waitingSince ? (
              <span
                className="text-xs font-medium text-amber-700"
                title={t('inbox.waitingSince', { time: format.moment(conversation.waitingSince) })}
              >
                {t('inbox.waitingFor', { duration: durationSince(t, conversation.waitingSince) })}
              </span>
            ) : null}
            <SlaBadge sla={conversation.sla} />
            <PriorityBadge priority={conversation.priority} />
            {conversation.tags.slice(0, 3).map((tag) => (
              <TagChip key={tag.id} tag={tag} />
            ))}
            {conversation.tags.length > 3 ? <span className="text-[11px] text-zinc-500">+{conversation.tags.length - 3}</span> : null}
            <span className="ml-auto flex items-center gap-1">
              {present.length > 0 ? (
                <span className="flex -space-x-1" title={present.map((item) => item.name).join(', ')}>
                  {present.slice(0, 3).map((item) => (
                    <span key={item.memberId} className="relative">
                      <Avatar size="xs" initials={initialsOf(item.name)} seed={item.memberId} />
                      {item.state === 'typing' ? <TypingDots /> : null}
                    </span>
                  ))}
                  <span className="sr-only">{t('presence.viewingList', { names: present.map((item) => item.name).join(', ') })}</span>
                </span>
              ) : null}
              {assignee ? (
                <span title={t('inbox.assignedTo', { name: assignee.name })} className="flex">
                  <Avatar size="xs" initials={assignee.initials} seed={assignee.userId} />
                  <span className="sr-only">{t('inbox.assignedTo', { name: assignee.name })}</span>
                </span>
              ) : null}
            </span>
          </span>
        </span>
      </Link>
    </div>
  );
}

export function TypingDots() {
  return (
    <span aria-hidden="true" className="absolute -right-1 -bottom-1 flex gap-px rounded-full bg-white px-0.5 py-px shadow-xs">
      <span className="size-1 animate-bounce rounded-full bg-emerald-600 [animation-delay:-0.2s]" />
      <span className="size-1 animate-bounce rounded-full bg-emerald-600 [animation-delay:-0.1s]" />
      <span className="size-1 animate-bounce rounded-full bg-emerald-600" />
    </span>
  );
}
