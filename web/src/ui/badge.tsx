import type { ReactNode } from 'react';
import type { Role } from '../app/api-types.js';
import { useT } from '../i18n/i18n.js';
import { cx } from './class-names.js';

export type BadgeTone = 'neutral' | 'green' | 'amber' | 'red' | 'blue' | 'violet';

const tones: Record<BadgeTone, string> = {
  neutral: 'bg-zinc-100 text-zinc-700 ring-zinc-200',
  green: 'bg-emerald-50 text-emerald-700 ring-emerald-200',
  amber: 'bg-amber-50 text-amber-800 ring-amber-200',
  red: 'bg-red-50 text-red-700 ring-red-200',
  blue: 'bg-sky-50 text-sky-700 ring-sky-200',
  violet: 'bg-violet-50 text-violet-700 ring-violet-200',
};

export function Badge({ tone = 'neutral', children }: { tone?: BadgeTone; children: ReactNode }) {
  return (
    <span
      className={cx(
        'inline-flex items-center rounded-md px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset',
        tones[tone],
      )}
    >
      {children}
    </span>
  );
}

const roleTones: Record<Role, BadgeTone> = { owner: 'violet', admin: 'blue', supervisor: 'amber', agent: 'neutral' };

export function RoleBadge({ role }: { role: Role }) {
  const t = useT();
  return <Badge tone={roleTones[role]}>{t(`role.${role}`)}</Badge>;
}
