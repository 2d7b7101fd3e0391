import { KeyRound } from 'lucide-react';
import type { PasswordResetLinkItem } from '../../../app/api-types.js';
import { useFormat } from '../../../i18n/format.js';
import { useT } from '../../../i18n/i18n.js';
import { Card } from '../../../ui/card.js';
import { CopyField } from '../../../ui/copy-field.js';
import { useMembers, usePasswordResets } from './members-api.js';

/** Reset links people requested from the login page; without a mailer an admin passes them on. */
export function PasswordResetsCard() {
  const t = useT();
  const format = useFormat();
  const resets = usePasswordResets(true);
  const members = useMembers();
  // A deactivated person cannot use a link, so there is nothing to hand over.
  const deactivated = new Set(members.data?.members.filter((member) => member.status !== 'active').map((member) => member.id));
  // Each request creates a link; only the newest per person is worth handing over.
  const newestByMember = new Map<string, PasswordResetLinkItem>();
  for (const reset of resets.data?.resets ?? []) {
    if (deactivated.has(reset.memberId)) continue;
    const known = newestByMember.get(reset.memberId);
    if (!known || known.expiresAt < reset.expiresAt) newestByMember.set(reset.memberId, reset);
  }
  const pending = [...newestByMember.values()];
  if (pending.length === 0) return null;

  return (
    <Card
      title={
        <span className="flex items-center gap-2">
          <KeyRound className="size-4 text-amber-600" aria-hidden="true" />
          {t('resets.title')}
        </span>
      }
      description={t('resets.subtitle')}
      flush
    >
      <ul className="divide-y divide-zinc-100">
        {pending.map((reset) => (
          <li key={reset.link} className="flex flex-col gap-2 px-5 py-4">
            <p className="text-sm">
              <span className="font-medium text-zinc-900">{reset.name}</span>{' '}
              <span className="text-zinc-500">· {reset.email}</span>
            </p>
            <CopyField label={t('resets.expires', { date: format.dateTime(reset.expiresAt) })} value={reset.link} />
          </li>
        ))}
      </ul>
    </Card>
  );
}
