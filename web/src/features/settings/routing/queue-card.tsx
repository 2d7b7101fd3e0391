import { useT } from '../../../i18n/i18n.js';
import { Card } from '../../../ui/card.js';
import { cx } from '../../../ui/class-names.js';
import { durationSince } from '../../inbox/conversation-badges.js';
import { useQueues } from './routing-api.js';

/** Unassigned work per team right now, the longest wait, and how many members could take it. */
export function QueueCard() {
  const t = useT();
  const queues = useQueues().data?.queues ?? [];
  return (
    <Card title={t('queue.title')} description={t('queue.subtitle')} flush>
      {queues.length === 0 ? (
        <p className="px-5 py-4 text-sm text-zinc-500">{t('queue.empty')}</p>
      ) : (
        <ul className="divide-y divide-zinc-100">
          {queues.map((queue) => (
            <li key={queue.teamId ?? 'none'} className="flex flex-wrap items-baseline gap-x-4 gap-y-0.5 px-5 py-2.5">
              <span className="min-w-0 flex-1 basis-40 truncate text-sm font-medium text-zinc-900">{queue.teamName ?? t('queue.noTeam')}</span>
              <span className="text-[13px] text-zinc-600">
                {t('queue.waiting', { count: queue.waiting })}
                {queue.oldestWaitingSince ? ` · ${t('queue.oldest', { duration: durationSince(t, queue.oldestWaitingSince) })}` : null}
              </span>
              <span className={cx('text-[13px]', queue.available ? 'text-emerald-700' : 'text-amber-700')}>
                {queue.available ? t('queue.available', { count: queue.available }) : t('queue.nobody')}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
