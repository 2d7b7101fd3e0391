import type { ReactNode } from 'react';
import { cx } from './class-names.js';

type CardProps = {
  title?: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  footer?: ReactNode;
  children?: ReactNode;
  className?: string;
  /** Lets tables and lists run edge to edge. */
  flush?: boolean;
};

/** A settings section: heading on top, content, optional footer with the section's actions. */
export function Card({ title, description, actions, footer, children, className, flush }: CardProps) {
  return (
    <section className={cx('rounded-xl bg-white shadow-xs ring-1 ring-zinc-200', className)}>
      {title ? (
        <header
          className={cx(
            'flex flex-wrap items-center justify-between gap-3 px-5 py-4',
            Boolean(children || footer) && 'border-b border-zinc-100',
          )}
        >
          <div className="min-w-0 flex-1 basis-60">
            <h2 className="text-[15px] font-semibold text-zinc-900">{title}</h2>
            {description ? <p className="mt-0.5 text-[13px] text-zinc-500">{description}</p> : null}
          </div>
          {actions ? <div className="flex shrink-0 gap-2">{actions}</div> : null}
        </header>
      ) : null}
      {children ? <div className={flush ? undefined : 'px-5 py-4'}>{children}</div> : null}
      {footer ? (
        <footer className="flex flex-wrap items-center justify-end gap-2 rounded-b-xl border-t border-zinc-100 bg-zinc-50/60 px-5 py-3">
          {footer}
        </footer>
      ) : null}
    </section>
  );
}

/** Page title for settings pages and the main sections. */
export function PageHeader({ title, description, actions }: { title: ReactNode; description?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-4">
      <div className="min-w-0 flex-1 basis-72">
        <h1 className="text-xl font-semibold tracking-tight text-zinc-900">{title}</h1>
        {description ? <p className="mt-1 text-sm text-zinc-500">{description}</p> : null}
      </div>
      {actions ? <div className="flex shrink-0 gap-2">{actions}</div> : null}
    </div>
  );
}
