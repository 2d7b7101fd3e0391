import { CircleAlert, Info } from 'lucide-react';
import type { ReactNode } from 'react';
import { cx } from './class-names.js';

/** An inline message above a form or section; errors are announced to screen readers. */
export function Alert({ tone = 'error', children }: { tone?: 'error' | 'info'; children: ReactNode }) {
  const Icon = tone === 'error' ? CircleAlert : Info;
  return (
    <div
      role={tone === 'error' ? 'alert' : 'status'}
      className={cx(
        'flex items-start gap-2.5 rounded-lg px-3 py-2.5 text-sm ring-1 ring-inset',
        tone === 'error' ? 'bg-red-50 text-red-800 ring-red-200' : 'bg-zinc-50 text-zinc-700 ring-zinc-200',
      )}
    >
      <Icon className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
      <div className="min-w-0">{children}</div>
    </div>
  );
}
