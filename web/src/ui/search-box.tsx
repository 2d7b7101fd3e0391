import { Search } from 'lucide-react';
import { useEffect, useState } from 'react';
import { cx } from './class-names.js';

type Props = {
  value: string;
  onSearch: (q: string) => void;
  label: string;
  placeholder: string;
  /** `sm` in a dense column (the inbox list), `md` at the top of a page. */
  size?: 'sm' | 'md';
  className?: string;
};

/** Searches as the person types, after a short pause, so each keystroke is not a request. */
export function SearchBox({ value, onSearch, label, placeholder, size = 'md', className }: Props) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text.trim() === value) return;
    const timer = setTimeout(() => onSearch(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text, value, onSearch]);
  return (
    <div className={cx('relative', className)}>
      <Search className={cx('pointer-events-none absolute top-1/2 left-2.5 -translate-y-1/2 text-zinc-400', size === 'sm' ? 'size-3.5' : 'size-4')} aria-hidden="true" />
      <input
        type="search"
        value={text}
        onChange={(event) => setText(event.target.value)}
        aria-label={label}
        placeholder={placeholder}
        maxLength={200}
        className={cx(
          'w-full rounded-lg bg-white pr-2 pl-8 text-zinc-900 shadow-xs ring-1 ring-zinc-300 ring-inset placeholder:text-zinc-400 focus:ring-2 focus:ring-emerald-600 focus:outline-none',
          size === 'sm' ? 'h-8 text-[13px]' : 'h-9 text-sm',
        )}
      />
    </div>
  );
}
