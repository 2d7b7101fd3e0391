import { MessagesSquare } from 'lucide-react';
import { useT } from '../i18n/i18n.js';
import { cx } from './class-names.js';

/** The Bandeja mark: an emerald tile with a chat glyph, plus the word mark unless compact. */
export function Logo({ compact, className }: { compact?: boolean; className?: string }) {
  const t = useT();
  return (
    <span className={cx('inline-flex items-center gap-2', className)}>
      <span className="flex size-7 items-center justify-center rounded-lg bg-emerald-600 text-white shadow-sm">
        <MessagesSquare className="size-4" aria-hidden="true" />
      </span>
      {compact ? null : <span className="text-[15px] font-semibold tracking-tight text-zinc-900">{t('app.name')}</span>}
    </span>
  );
}
