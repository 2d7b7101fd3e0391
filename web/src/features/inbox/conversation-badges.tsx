import { ArrowUp, Flame } from 'lucide-react';
import type { Conversation, PriorityValue, TagItem } from '../../app/api-types.js';
import { useT, type Translate } from '../../i18n/i18n.js';
import { Badge, type BadgeTone } from '../../ui/badge.js';
import { cx } from '../../ui/class-names.js';
import { tagColour } from '../settings/tags/tags-api.js';

/** Urgent and high stand out; normal shows nothing (it is most of the queue); low is quiet. */
export function PriorityBadge({ priority, showNormal }: { priority: PriorityValue; showNormal?: boolean }) {
  const t = useT();
  if (priority === 'normal' && !showNormal) return null;
  const tone: BadgeTone = priority === 'urgent' ? 'red' : priority === 'high' ? 'amber' : 'neutral';
  const Icon = priority === 'urgent' ? Flame : priority === 'high' ? ArrowUp : null;
  return (
    <Badge tone={tone}>
      {Icon ? <Icon className="mr-0.5 size-3" aria-hidden="true" /> : null}
      {t(`priority.${priority}`)}
    </Badge>
  );
}

const statusTones: Record<Conversation['status'], BadgeTone> = { open: 'green', pending: 'blue', snoozed: 'violet', resolved: 'neutral' };

export function StatusBadge({ status }: { status: Conversation['status'] }) {
  const t = useT();
  return <Badge tone={statusTones[status]}>{t(`status.${status}`)}</Badge>;
}

export function TagChip({ tag, onRemove, removeLabel }: { tag: Pick<TagItem, 'id' | 'name' | 'color'>; onRemove?: () => void; removeLabel?: string }) {
  const colour = tagColour(tag.color);
  return (
    <span className={cx('inline-flex max-w-40 items-center gap-1 rounded-full px-2 py-0.5 text-[11px] font-medium ring-1 ring-inset', colour.chip)}>
      <span aria-hidden="true" className={cx('size-1.5 shrink-0 rounded-full', colour.dot)} style={colour.hex ? { backgroundColor: colour.hex } : undefined} />
      <span className="truncate">{tag.name}</span>
      {onRemove ? (
        <button type="button" onClick={onRemove} aria-label={removeLabel} className="-mr-1 rounded-full px-1 hover:bg-black/5">
          ×
        </button>
      ) : null}
    </span>
  );
}

/** "3 min", "2 h", "4 d": how long someone has been waiting, compact enough for a list row. */
export function durationSince(t: Translate, iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
  if (minutes < 1) return t('duration.now');
  if (minutes < 60) return t('duration.minutes', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('duration.hours', { n: hours });
  return t('duration.days', { n: Math.floor(hours / 24) });
}
