import type { ReactNode } from 'react';

/** What a section looks like before it has data: says what will appear and how to get there. */
export function EmptyState({
  icon,
  title,
  body,
  action,
  badge,
}: {
  icon: ReactNode;
  title: ReactNode;
  body?: ReactNode;
  action?: ReactNode;
  badge?: ReactNode;
}) {
  return (
    <div className="mx-auto flex max-w-md flex-col items-center px-4 py-16 text-center">
      <div className="mb-5 flex size-14 items-center justify-center rounded-2xl bg-emerald-50 text-emerald-600 ring-1 ring-emerald-100">
        {icon}
      </div>
      {badge ? <div className="mb-3">{badge}</div> : null}
      <h2 className="text-lg font-semibold text-balance text-zinc-900">{title}</h2>
      {body ? <p className="mt-2 text-sm text-pretty text-zinc-500">{body}</p> : null}
      {action ? <div className="mt-6">{action}</div> : null}
    </div>
  );
}
