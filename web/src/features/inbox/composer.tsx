import { Lock, MessageSquare, Send, X } from 'lucide-react';
import { type ClipboardEvent, type FormEvent, type KeyboardEvent, type ReactNode, type RefObject, useId, useRef, useState } from 'react';
import { ApiError } from '../../app/api-client.js';
import type { Conversation, Message } from '../../app/api-types.js';
import { useSession } from '../../app/session.js';
import { useT } from '../../i18n/i18n.js';
import { Button } from '../../ui/button.js';
import { cx, focusRing } from '../../ui/class-names.js';
import { useKeepToastsClearOf } from '../../ui/toast.js';
import { useMediaQuery } from '../../ui/use-media-query.js';
import { fillCannedResponse, useCannedResponses } from '../settings/canned-responses/canned-responses-api.js';
import {
  AttachButton,
  AttachmentChip,
  AttachmentProblem,
  DropOverlay,
  maxCaptionLength,
  mediaMessage,
  useAttachment,
  useFileDrop,
} from './composer-attachment.js';
import {
  CannedOption,
  cannedQuery,
  EmojiButton,
  matchCanned,
  matchMembers,
  MemberOption,
  mentionQuery,
  SuggestionList,
} from './composer-pickers.js';
import { markRead } from './inbox-api.js';
import { messageSummary } from './message-bubble.js';
import { useMemberDirectory } from './members.js';
import { SendError, StaleWarning, useReplySender } from './reply-sender.js';
import { TemplateComposer } from './template-composer.js';

export type ComposerMode = 'reply' | 'note';

type ComposerProps = {
  conversation: Conversation;
  mode: ComposerMode;
  onMode: (mode: ComposerMode) => void;
  replyTo: Message | null;
  onCancelReply: () => void;
  lastSeenMessageId: string | undefined;
  textarea: RefObject<HTMLTextAreaElement | null>;
  onTyping: () => void;
};

/**
 * Reply or note. Free text while the 24-hour window is open; once it closes (or the server says so
 * with `window_closed`), replies can only be approved templates, and notes still work.
 */
export function Composer(props: ComposerProps) {
  const t = useT();
  const { conversation, mode, onMode } = props;
  const [refused, setRefused] = useState<unknown>(null);
  const templatesOnly = mode === 'reply' && (!conversation.windowOpen || Boolean(refused));
  const box = useRef<HTMLDivElement>(null);
  useKeepToastsClearOf(box);
  return (
    <div ref={box} data-testid="composer" className={cx('border-t bg-white', mode === 'note' ? 'border-amber-300' : 'border-zinc-200')}>
      <div className="flex items-center gap-1 px-3 pt-2" role="group" aria-label={t('composer.mode')}>
        <ModeButton pressed={mode === 'reply'} onClick={() => onMode('reply')} icon={<MessageSquare className="size-3.5" aria-hidden="true" />}>
          {t('composer.reply')}
        </ModeButton>
        <ModeButton pressed={mode === 'note'} onClick={() => onMode('note')} icon={<Lock className="size-3.5" aria-hidden="true" />} note>
          {t('composer.note')}
        </ModeButton>
        {mode === 'note' ? <span className="ml-2 truncate text-xs text-amber-800">{t('composer.noteHint')}</span> : null}
      </div>
      {templatesOnly ? (
        <TemplateComposer conversation={conversation} refused={refused} lastSeenMessageId={props.lastSeenMessageId} />
      ) : (
        <TextComposer {...props} onWindowClosed={setRefused} />
      )}
    </div>
  );
}

function ModeButton({ pressed, onClick, icon, note, children }: { pressed: boolean; onClick: () => void; icon: ReactNode; note?: boolean; children: string }) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      onClick={onClick}
      className={cx(
        'inline-flex items-center gap-1.5 rounded-md px-2.5 py-1 text-[13px] font-medium transition-colors',
        focusRing,
        pressed ? (note ? 'bg-amber-100 text-amber-900' : 'bg-zinc-100 text-zinc-900') : 'text-zinc-500 hover:bg-zinc-50 hover:text-zinc-800',
      )}
    >
      {icon}
      {children}
    </button>
  );
}

type Suggestions = { kind: 'canned'; query: string } | { kind: 'mention'; query: string; start: number } | null;

function TextComposer({
  conversation,
  mode,
  replyTo,
  onCancelReply,
  lastSeenMessageId,
  textarea,
  onTyping,
  onWindowClosed,
}: ComposerProps & { onWindowClosed: (error: unknown) => void }) {
  const t = useT();
  // A phone has no Shift key to speak of, and the full hint does not fit its width.
  const narrow = useMediaQuery('(max-width: 639px)');
  const id = useId();
  const session = useSession();
  const { active, byId, me } = useMemberDirectory();
  const canned = useCannedResponses();
  const [text, setText] = useState('');
  const [mentioned, setMentioned] = useState<Map<string, string>>(new Map());
  const [suggestions, setSuggestions] = useState<Suggestions>(null);
  const [activeIndex, setActiveIndex] = useState(0);
  const sender = useReplySender(conversation.id, lastSeenMessageId);
  const lastWhatsAppTyping = useRef(0);
  const note = mode === 'note';
  // Files go to the customer only: notes stay text, and a closed window already switched to templates.
  const files = useAttachment(conversation.channelId);
  const attachment = note ? null : files.attachment;
  const drop = useFileDrop(files.choose, !note);
  const captionless = attachment?.kind === 'audio';
  const captionTooLong = Boolean(attachment) && !captionless && text.trim().length > maxCaptionLength;
  const busy = sender.pending || files.uploading;

  const cannedItems = suggestions?.kind === 'canned' ? matchCanned(canned.data?.cannedResponses ?? [], suggestions.query) : [];
  const memberItems = suggestions?.kind === 'mention' ? matchMembers(active.filter((member) => member.id !== me?.id), suggestions.query) : [];
  const suggestionCount = suggestions?.kind === 'canned' ? cannedItems.length : memberItems.length;

  const refreshSuggestions = (value: string, caret: number) => {
    const slash = cannedQuery(value);
    const mention = note ? mentionQuery(value, caret) : null;
    const next: Suggestions = slash !== null ? { kind: 'canned', query: slash } : mention ? { kind: 'mention', ...mention } : null;
    setSuggestions(next);
    setActiveIndex(0);
  };

  const onType = (value: string, caret: number) => {
    setText(value);
    refreshSuggestions(value, caret);
    if (!value.trim()) return;
    onTyping();
    // WhatsApp shows "typing…" for up to 25 s per signal: tell the customer at most every 20 s, and never for notes.
    const now = Date.now();
    if (!note && now - lastWhatsAppTyping.current > 20_000) {
      lastWhatsAppTyping.current = now;
      markRead(conversation.id, true).catch(() => {});
    }
  };

  const placeCaret = (position: number) =>
    requestAnimationFrame(() => {
      textarea.current?.focus();
      textarea.current?.setSelectionRange(position, position);
    });

  const pickCanned = (index: number) => {
    const item = cannedItems[index];
    if (!item) return;
    const filled = fillCannedResponse(item.body, {
      contactName: conversation.contact.name,
      contactPhone: conversation.contact.phone,
      agentName: session.user.name,
      conversationNumber: conversation.displayNumber,
    });
    setText(filled);
    setSuggestions(null);
    placeCaret(filled.length);
  };

  const pickMember = (index: number) => {
    const member = memberItems[index];
    if (!member || suggestions?.kind !== 'mention') return;
    const caret = textarea.current?.selectionStart ?? text.length;
    const before = `${text.slice(0, suggestions.start)}@${member.name} `;
    setText(before + text.slice(caret));
    setMentioned((current) => new Map(current).set(member.id, member.name));
    setSuggestions(null);
    placeCaret(before.length);
  };

  const insert = (value: string) => {
    const element = textarea.current;
    const start = element?.selectionStart ?? text.length;
    const end = element?.selectionEnd ?? text.length;
    const next = text.slice(0, start) + value + text.slice(end);
    setText(next);
    placeCaret(start + value.length);
  };

  const onSendError = (error: unknown) => {
    if (error instanceof ApiError && error.code === 'window_closed') onWindowClosed(error);
  };

  const sendAttachment = async (caption: string) => {
    if (!attachment || captionTooLong) return;
    const mediaId = await files.upload();
    if (!mediaId) return;
    sender.submit(
      mediaMessage(attachment, mediaId, captionless ? '' : caption, replyTo?.id),
      () => {
        // Audio goes without a caption, so what was typed stays to be sent next.
        if (!captionless) setText('');
        files.clear();
        onCancelReply();
      },
      onSendError,
    );
  };

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const body = text.trim();
    if (busy) return;
    if (attachment) {
      void sendAttachment(body);
      return;
    }
    if (!body) return;
    // Only people still named in the text are mentioned (the agent may have deleted one).
    const mentions = note ? [...mentioned].filter(([, name]) => body.includes(`@${name}`)).map(([memberId]) => memberId) : [];
    sender.submit(
      note
        ? { type: 'text', text: body, private: true, ...(mentions.length ? { mentions } : {}) }
        : { type: 'text', text: body, ...(replyTo ? { replyTo: replyTo.id } : {}) },
      () => {
        setText('');
        setMentioned(new Map());
        onCancelReply();
      },
      onSendError,
    );
  };

  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    if (note) return;
    const image = [...event.clipboardData.files].find((file) => file.type.startsWith('image/'));
    if (!image) return;
    event.preventDefault();
    files.choose(image);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.nativeEvent.isComposing) return;
    if (suggestions && suggestionCount > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActiveIndex((index) => (index + step + suggestionCount) % suggestionCount);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        if (suggestions.kind === 'canned') pickCanned(activeIndex);
        else pickMember(activeIndex);
        return;
      }
    }
    if (event.key === 'Escape') {
      event.preventDefault();
      if (suggestions) setSuggestions(null);
      else event.currentTarget.blur();
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey) submit(event);
  };

  return (
    <form onSubmit={submit} className="relative p-3 pt-2" {...drop.handlers}>
      {drop.dragging ? <DropOverlay /> : null}
      {sender.stale ? (
        <StaleWarning messages={sender.stale} members={byId} sending={sender.pending} onSendAnyway={sender.sendAnyway} onDismiss={sender.dismissStale} />
      ) : null}
      <SendError error={sender.error} note={note} />
      {note ? null : <AttachmentProblem refusal={files.refusal} error={files.error} captionTooLong={captionTooLong ? text.trim().length : null} />}
      {attachment ? <AttachmentChip attachment={attachment} progress={files.progress} onRemove={files.clear} /> : null}
      {replyTo && !note ? (
        <div className="mb-2 flex items-start gap-2 rounded-lg border-l-2 border-emerald-500 bg-zinc-50 px-2 py-1.5 text-[13px]">
          <span className="min-w-0 flex-1">
            <span className="block text-xs font-medium text-emerald-800">{t('composer.replyingTo')}</span>
            <span className="line-clamp-2 break-words text-zinc-600">{messageSummary(t, replyTo)}</span>
          </span>
          <button type="button" onClick={onCancelReply} aria-label={t('composer.cancelReply')} className={cx('rounded p-0.5 text-zinc-500 hover:bg-zinc-200', focusRing)}>
            <X className="size-4" aria-hidden="true" />
          </button>
        </div>
      ) : null}
      {suggestions?.kind === 'canned' ? (
        <SuggestionList
          label={t('composer.cannedLabel')}
          items={cannedItems}
          active={activeIndex}
          onPick={(item) => pickCanned(cannedItems.indexOf(item))}
          keyOf={(item) => item.id}
          render={(item) => <CannedOption item={item} />}
          empty={t('composer.cannedEmpty')}
        />
      ) : null}
      {suggestions?.kind === 'mention' ? (
        <SuggestionList
          label={t('composer.mentionLabel')}
          items={memberItems}
          active={activeIndex}
          onPick={(item) => pickMember(memberItems.indexOf(item))}
          keyOf={(item) => item.id}
          render={(member) => <MemberOption member={member} />}
          empty={t('composer.mentionEmpty')}
        />
      ) : null}
      <div className="flex items-end gap-2">
        <EmojiButton onPick={insert} />
        {note ? null : <AttachButton onChoose={files.choose} disabled={busy} />}
        <label htmlFor={id} className="sr-only">
          {note ? t('composer.noteLabel') : t('inbox.composer.label')}
        </label>
        <textarea
          ref={textarea}
          id={id}
          rows={2}
          value={text}
          data-composer={mode}
          onChange={(event) => onType(event.target.value, event.target.selectionStart)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          onBlur={() => setSuggestions(null)}
          placeholder={note ? t('composer.notePlaceholder') : attachment && !captionless ? t('composer.attachment.captionPlaceholder') : t(narrow ? 'inbox.composer.placeholderShort' : 'inbox.composer.placeholder')}
          maxLength={4096}
          className={cx(
            'block max-h-40 min-h-10 w-full resize-y rounded-lg px-3 py-2 text-sm text-zinc-900 shadow-xs ring-1 ring-inset placeholder:text-zinc-400 focus:ring-2 focus:outline-none',
            note ? 'bg-amber-50 ring-amber-300 focus:ring-amber-500' : 'bg-white ring-zinc-300 focus:ring-emerald-600',
          )}
        />
        <Button
          type="submit"
          variant={note ? 'note' : 'primary'}
          loading={busy}
          disabled={attachment ? captionTooLong : !text.trim()}
          icon={note ? <Lock className="size-4" aria-hidden="true" /> : <Send className="size-4" aria-hidden="true" />}
        >
          {note ? t('composer.addNote') : t('inbox.composer.send')}
        </Button>
      </div>
    </form>
  );
}
