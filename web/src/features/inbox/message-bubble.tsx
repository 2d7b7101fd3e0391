import { AtSign, Bot, Check, CheckCheck, CircleAlert, Clock, Lock, Reply } from 'lucide-react';
import type { Member, Message } from '../../app/api-types.js';
import { useFormat } from '../../i18n/format.js';
import { type Translate, useT } from '../../i18n/i18n.js';
import { IconButton } from '../../ui/button.js';
import { cx } from '../../ui/class-names.js';
import { TemplateCard, type TemplateCardButton, type TemplateCardHeader } from './template-card.js';

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
export function typeLabel(t: Translate, message: Message): string {
  if (message.type === 'reaction') {
    const emoji = message.content.emoji;
    return t('inbox.type.reaction', { emoji: typeof emoji === 'string' ? emoji : '' }).trim();
  }
  const key = typeLabels[message.type];
  return key ? t(key) : t('inbox.type.other', { type: message.type });
}

/** The text a quote or preview shows for a message. */
export const messageSummary = (t: Translate, message: Message) => (message.text?.trim() ? message.text : typeLabel(t, message));

type BubbleProps = {
  message: Message;
  quoted: Message | null;
  reactions: { emoji: string; direction: Message['direction'] }[];
  sender: Member | undefined;
  members: Map<string, Member>;
  onReply?: () => void;
  /** A note written with a hand-off or an escalation: what it is called and the change it went with. */
  noteContext?: { label: string; sentence: string | null };
};

/** A message or a note. Notes are yellow, full width and say "Nota interna": never mistaken for something the customer saw. */
export function MessageBubble({ message, quoted, reactions, sender, members, onReply, noteContext }: BubbleProps) {
  const t = useT();
  const format = useFormat();
  const note = message.private || message.direction === 'internal';
  const outbound = message.direction === 'outbound';
  const hasText = Boolean(message.text?.trim());
  const label = message.type === 'text' && hasText ? null : typeLabel(t, message);
  // Sent by Bandeja itself (the out-of-hours reply, the shift-end hand-off note), not by a person.
  const automatic = message.content.automatic === true;
  const sentTemplate = message.type === 'template' ? renderedTemplate(message.content.rendered) : null;

  if (note) {
    return (
      <li className="flex flex-col items-stretch" data-direction="internal" data-note="true" data-message-id={message.id}>
        <div className="mx-auto w-full max-w-[92%] rounded-xl bg-amber-50 px-3 py-2 text-sm text-zinc-900 ring-1 ring-amber-200 ring-inset sm:max-w-[80%]">
          <p className="mb-1 flex items-center gap-1.5 text-[11px] font-semibold tracking-wide text-amber-800 uppercase">
            <Lock className="size-3" aria-hidden="true" />
            {noteContext?.label ?? t('note.label')}
            {sender ? <span className="font-medium tracking-normal normal-case">· {sender.name}</span> : null}
            {automatic ? <AutomaticBadge /> : null}
          </p>
          {noteContext?.sentence ? (
            <p className="mb-1 text-xs text-amber-900" data-testid="note-context">
              {noteContext.sentence}
            </p>
          ) : null}
          {hasText ? <p className="break-words whitespace-pre-wrap">{message.text}</p> : null}
          {message.mentions.length > 0 ? (
            <p className="mt-1 flex flex-wrap items-center gap-1 text-[11px] text-amber-800">
              <AtSign className="size-3" aria-hidden="true" />
              {message.mentions.map((id) => members.get(id)?.name ?? t('activity.someone')).join(', ')}
            </p>
          ) : null}
          <p className="mt-1 text-right text-[11px] text-amber-700/80">
            <time dateTime={message.occurredAt}>{format.moment(message.occurredAt)}</time>
          </p>
        </div>
      </li>
    );
  }

  return (
    <li className={cx('group flex flex-col', outbound ? 'items-end' : 'items-start')} data-direction={message.direction} data-message-id={message.id}>
      <div className={cx('flex max-w-[85%] items-center gap-1 sm:max-w-[70%]', outbound && 'flex-row-reverse')}>
        <div
          className={cx(
            'min-w-0 rounded-2xl px-3 py-2 text-sm shadow-xs',
            outbound ? 'rounded-br-md bg-emerald-100 text-zinc-900' : 'rounded-bl-md bg-white text-zinc-900 ring-1 ring-zinc-200',
          )}
        >
          {quoted ? (
            <blockquote className="mb-1.5 rounded-md border-l-2 border-emerald-500 bg-black/[0.04] px-2 py-1 text-[13px] text-zinc-600">
              <span className="line-clamp-2 break-words">{messageSummary(t, quoted)}</span>
            </blockquote>
          ) : null}
          <MediaPreview message={message} />
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
          {sentTemplate ? (
            <TemplateCard header={sentTemplate.header} body={message.text ?? sentTemplate.body ?? ''} footer={sentTemplate.footer} buttons={sentTemplate.buttons} />
          ) : hasText ? (
            <p className="break-words whitespace-pre-wrap">{message.text}</p>
          ) : null}
          <div className="mt-1 flex items-center justify-end gap-1 text-[11px] text-zinc-500">
            {automatic ? <AutomaticBadge /> : null}
            {outbound && sender ? <span className="truncate">{sender.name} ·</span> : null}
            <time dateTime={message.occurredAt}>{format.moment(message.occurredAt)}</time>
            {outbound ? <StatusIcon status={message.status} /> : null}
          </div>
        </div>
        {onReply ? (
          <IconButton
            onClick={onReply}
            label={t('inbox.replyTo')}
            className="rounded-full p-1.5 text-zinc-400 opacity-0 group-hover:opacity-100 hover:bg-zinc-200 hover:text-zinc-700 focus-visible:opacity-100"
            icon={<Reply className="size-4" aria-hidden="true" />}
          />
        ) : null}
      </div>
      {reactions.length > 0 ? (
        <div className={cx('-mt-1.5 flex gap-0.5', outbound ? 'mr-2' : 'ml-2')}>
          {reactions.map((reaction) => (
            <span
              key={reaction.direction}
              className="rounded-full bg-white px-1.5 py-0.5 text-xs shadow-xs ring-1 ring-zinc-200"
              title={reaction.direction === 'inbound' ? t('inbox.reactionCustomer') : t('inbox.reactionTeam')}
            >
              {reaction.emoji}
            </span>
          ))}
        </div>
      ) : null}
      {message.status === 'failed' ? (
        <p className="mt-1 flex max-w-[85%] items-start gap-1 text-xs text-red-700 sm:max-w-[70%]">
          <CircleAlert className="mt-0.5 size-3.5 shrink-0" aria-hidden="true" />
          <span>{message.error ? (message.error.explanation ?? message.error.title) : t('inbox.status.failed')}</span>
        </p>
      ) : null}
    </li>
  );
}

type RenderedTemplate = { header?: TemplateCardHeader; body?: string | null; footer?: string; buttons?: TemplateCardButton[] };

/** The header, footer and buttons the server stored with a sent template (messages sent before a template sync have none). */
function renderedTemplate(value: unknown): RenderedTemplate | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as RenderedTemplate) : null;
}

function AutomaticBadge() {
  const t = useT();
  return (
    <span
      title={t('inbox.automaticHint')}
      data-testid="automatic-badge"
      className="inline-flex items-center gap-0.5 rounded bg-white/70 px-1 py-px text-[10px] font-medium tracking-normal text-zinc-600 normal-case ring-1 ring-zinc-300 ring-inset"
    >
      <Bot className="size-3" aria-hidden="true" />
      {t('inbox.automatic')}
    </span>
  );
}

/** Images, stickers, audio and video play in place once the media is stored. */
function MediaPreview({ message }: { message: Message }) {
  const t = useT();
  const url = message.mediaUrl;
  if (!url) return null;
  if (message.type === 'image' || message.type === 'sticker') {
    return (
      <a href={url} target="_blank" rel="noreferrer" className="mb-1 block">
        <img src={url} alt={message.text ?? typeLabel(t, message)} loading="lazy" className={cx('rounded-lg object-cover', message.type === 'sticker' ? 'max-h-32' : 'max-h-64')} />
      </a>
    );
  }
  if (message.type === 'audio' || message.type === 'voice') return <audio controls preload="none" src={url} className="mb-1 h-10 max-w-full" />;
  if (message.type === 'video') return <video controls preload="none" src={url} className="mb-1 max-h-64 rounded-lg" />;
  return null;
}

export function StatusIcon({ status }: { status: Message['status'] }) {
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
