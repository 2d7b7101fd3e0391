import { cx } from './class-names.js';

const palette = [
  'bg-emerald-100 text-emerald-800',
  'bg-sky-100 text-sky-800',
  'bg-amber-100 text-amber-800',
  'bg-violet-100 text-violet-800',
  'bg-rose-100 text-rose-800',
  'bg-teal-100 text-teal-800',
];

// The same person always gets the same colour, so faces are recognisable across lists.
function colourFor(seed: string) {
  let hash = 0;
  for (const char of seed) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return palette[hash % palette.length];
}

export function Avatar({
  initials,
  seed,
  size = 'md',
  muted,
}: {
  initials: string;
  seed: string;
  size?: 'xs' | 'sm' | 'md';
  muted?: boolean;
}) {
  return (
    <span
      aria-hidden="true"
      className={cx(
        'inline-flex shrink-0 items-center justify-center rounded-full font-semibold',
        size === 'xs' ? 'size-5 text-[9px] ring-2 ring-white' : size === 'sm' ? 'size-7 text-[11px]' : 'size-9 text-xs',
        muted ? 'bg-zinc-100 text-zinc-400' : colourFor(seed),
      )}
    >
      {initials}
    </span>
  );
}
