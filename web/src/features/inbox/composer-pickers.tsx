import { Smile } from 'lucide-react';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import type { CannedResponseItem, Member } from '../../app/api-types.js';
import { useT } from '../../i18n/i18n.js';
import { Avatar } from '../../ui/avatar.js';
import { cx, focusRing } from '../../ui/class-names.js';

/** The "/shortcut" being typed: only at the very start of the composer, before any space. */
export const cannedQuery = (text: string) => /^\/([^\s/]*)$/.exec(text)?.[1] ?? null;

/** The "@name" being typed right before the caret, in a note. */
export function mentionQuery(text: string, caret: number): { query: string; start: number } | null {
  const match = /(^|\s)@([\p{L}\p{N}_.-]*)$/u.exec(text.slice(0, caret));
  if (!match) return null;
  return { query: match[2] ?? '', start: caret - (match[2]?.length ?? 0) - 1 };
}

const normalise = (value: string) => value.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();

export const matchCanned = (items: CannedResponseItem[], query: string) =>
  items.filter((item) => normalise(item.shortcut).includes(normalise(query)) || normalise(item.title).includes(normalise(query))).slice(0, 8);

export const matchMembers = (members: Member[], query: string) =>
  members.filter((member) => normalise(member.name).includes(normalise(query))).slice(0, 8);

type PickerProps<T> = {
  label: string;
  items: T[];
  active: number;
  onPick: (item: T) => void;
  render: (item: T) => ReactNode;
  keyOf: (item: T) => string;
  empty: string;
};

/** A suggestion list above the composer; the textarea keeps focus and drives it with the arrow keys. */
export function SuggestionList<T>({ label, items, active, onPick, render, keyOf, empty }: PickerProps<T>) {
  return (
    <div className="absolute right-3 bottom-full left-3 z-20 mb-1 max-h-64 overflow-y-auto rounded-xl bg-white p-1 shadow-lg ring-1 ring-zinc-900/10">
      {items.length === 0 ? (
        <p className="px-2.5 py-2 text-sm text-zinc-500">{empty}</p>
      ) : (
        <ul role="listbox" aria-label={label}>
          {items.map((item, index) => (
            <li
              key={keyOf(item)}
              role="option"
              aria-selected={index === active}
              // mousedown, not click: the textarea must not lose focus first.
              onMouseDown={(event) => {
                event.preventDefault();
                onPick(item);
              }}
              className={cx('cursor-pointer rounded-lg px-2.5 py-1.5 text-sm', index === active ? 'bg-emerald-50 text-emerald-950' : 'text-zinc-700 hover:bg-zinc-50')}
            >
              {render(item)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function CannedOption({ item }: { item: CannedResponseItem }) {
  return (
    <span className="flex min-w-0 flex-col">
      <span className="flex items-baseline gap-2">
        <span className="font-mono text-xs text-emerald-700">/{item.shortcut}</span>
        <span className="truncate font-medium">{item.title}</span>
      </span>
      <span className="truncate text-xs text-zinc-500">{item.body}</span>
    </span>
  );
}

export function MemberOption({ member }: { member: Member }) {
  return (
    <span className="flex items-center gap-2">
      <Avatar size="sm" initials={member.initials} seed={member.userId} />
      <span className="truncate">{member.name}</span>
    </span>
  );
}

const emojis = ['😀', '😊', '😂', '😉', '😍', '🙏', '👍', '👌', '👋', '🙌', '👏', '💪', '🎉', '✅', '❌', '⚠️', '❤️', '🔥', '⭐', '📦', '🚚', '💳', '📞', '⏰'];

/** A small built-in emoji set: what support teams actually use, without a picker library. */
export function EmojiButton({ onPick }: { onPick: (emoji: string) => void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && setOpen(false);
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  return (
    <div ref={root} className="relative">
      <button
        type="button"
        aria-label={t('composer.emoji')}
        title={t('composer.emoji')}
        aria-expanded={open}
        onClick={() => setOpen((value) => !value)}
        className={cx('rounded-lg p-2 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-800', focusRing)}
      >
        <Smile className="size-5" aria-hidden="true" />
      </button>
      {open ? (
        <div className="absolute bottom-full left-0 z-20 mb-1 grid w-64 grid-cols-8 gap-0.5 rounded-xl bg-white p-2 shadow-lg ring-1 ring-zinc-900/10">
          {emojis.map((emoji) => (
            <button
              key={emoji}
              type="button"
              onClick={() => {
                onPick(emoji);
                setOpen(false);
              }}
              className={cx('rounded-md p-1 text-lg hover:bg-zinc-100', focusRing)}
            >
              {emoji}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
