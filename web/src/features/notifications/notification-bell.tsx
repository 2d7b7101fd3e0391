import { Bell, BellRing, Timer } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import type { NotificationItem } from '../../app/api-types.js';
import { useFormat } from '../../i18n/format.js';
import { useT } from '../../i18n/i18n.js';
import { Button } from '../../ui/button.js';
import { cx, focusRing } from '../../ui/class-names.js';
import { notificationDetail, notificationSentence, useMarkNotificationsRead, useNotifications } from './notifications-api.js';

const canNotify = () => typeof Notification !== 'undefined';

/**
 * The bell: unread count, a dropdown of recent notifications (clicking one opens its conversation),
 * and, once the person allowed it with the button, a browser notification for each new one while
 * the tab is in the background.
 */
export function NotificationBell({ align = 'start' }: { align?: 'start' | 'end' }) {
  const t = useT();
  const format = useFormat();
  const navigate = useNavigate();
  const notifications = useNotifications();
  const markRead = useMarkNotificationsRead();
  const [open, setOpen] = useState(false);
  // Opening from the sidebar, the panel is wider than the sidebar (which scrolls and would clip it): place it on the page.
  const [anchor, setAnchor] = useState<{ top: number; left: number } | null>(null);
  const [permission, setPermission] = useState(() => (canNotify() ? Notification.permission : 'denied'));
  const root = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const unread = notifications.data?.unread ?? 0;
  const items = notifications.data?.notifications ?? [];

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && setOpen(false);
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  useBrowserNotifications(items);

  const openItem = (item: NotificationItem) => {
    setOpen(false);
    if (!item.readAt) markRead.mutate([item.id]);
    if (item.conversationId) navigate(`/inbox/${item.conversationId}`);
  };

  const label = unread > 0 ? t('notifications.labelUnread', { count: unread }) : t('notifications.label');
  return (
    <div ref={root} className="relative">
      <button
        type="button"
        aria-label={label}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={(event) => {
          const rect = event.currentTarget.getBoundingClientRect();
          setAnchor({ top: rect.bottom, left: rect.left });
          setOpen((value) => !value);
        }}
        className={cx('relative rounded-lg p-2 text-zinc-600 hover:bg-zinc-200/60 hover:text-zinc-900', focusRing)}
      >
        <Bell className="size-5" aria-hidden="true" />
        {unread > 0 ? (
          <span
            aria-hidden="true"
            data-testid="notification-count"
            className="absolute -top-0.5 -right-0.5 flex h-4 min-w-4 items-center justify-center rounded-full bg-red-600 px-1 text-[10px] font-semibold text-white"
          >
            {unread > 99 ? '99+' : unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <div
          id={panelId}
          role="dialog"
          aria-label={t('notifications.title')}
          style={align === 'start' && anchor ? { position: 'fixed', top: anchor.top, left: anchor.left } : undefined}
          className={cx(
            'z-50 flex max-h-[70dvh] w-80 max-w-[calc(100vw-1.5rem)] flex-col rounded-xl bg-white shadow-lg ring-1 ring-zinc-900/10',
            align === 'end' ? 'absolute top-full right-0 mt-2' : 'absolute top-full left-0 mt-2',
          )}
        >
          <div className="flex items-center justify-between gap-2 border-b border-zinc-100 px-3 py-2">
            <h2 className="text-sm font-semibold text-zinc-900">{t('notifications.title')}</h2>
            {unread > 0 ? (
              <Button size="sm" variant="ghost" onClick={() => markRead.mutate(undefined)}>
                {t('notifications.markAll')}
              </Button>
            ) : null}
          </div>
          {canNotify() && permission === 'default' ? (
            <div className="border-b border-zinc-100 px-3 py-2">
              <Button
                size="sm"
                icon={<BellRing className="size-4" aria-hidden="true" />}
                onClick={() => void Notification.requestPermission().then(setPermission)}
              >
                {t('notifications.enableBrowser')}
              </Button>
            </div>
          ) : null}
          {items.length === 0 ? (
            <p className="px-3 py-6 text-center text-sm text-zinc-500">{t('notifications.empty')}</p>
          ) : (
            <ul className="min-h-0 flex-1 divide-y divide-zinc-100 overflow-y-auto">
              {items.map((item) => {
                const detail = notificationDetail(t, item);
                const sla = item.kind === 'sla_warning' || item.kind === 'sla_breached';
                return (
                <li key={item.id} data-kind={item.kind}>
                  <button
                    type="button"
                    onClick={() => openItem(item)}
                    className={cx('flex w-full items-start gap-2 px-3 py-2.5 text-left hover:bg-zinc-50', focusRing)}
                  >
                    <span
                      aria-hidden="true"
                      className={cx('mt-1.5 size-2 shrink-0 rounded-full', item.readAt ? 'bg-transparent' : 'bg-emerald-500')}
                    />
                    {sla ? (
                      <Timer
                        aria-hidden="true"
                        className={cx('mt-0.5 size-4 shrink-0', item.kind === 'sla_breached' ? 'text-red-600' : 'text-amber-600')}
                      />
                    ) : null}
                    <span className="min-w-0 flex-1">
                      <span className={cx('block text-sm', item.readAt ? 'text-zinc-600' : 'font-medium text-zinc-900')}>
                        {notificationSentence(t, item)}
                      </span>
                      {detail ? <span className="block truncate text-[13px] text-zinc-500">{detail}</span> : null}
                      <time dateTime={item.createdAt} className="block text-xs text-zinc-400">
                        {format.moment(item.createdAt)}
                      </time>
                    </span>
                  </button>
                </li>
                );
              })}
            </ul>
          )}
        </div>
      ) : null}
    </div>
  );
}

/** Shows each notification that arrives while the tab is hidden, if the person allowed it. */
function useBrowserNotifications(items: NotificationItem[]) {
  const t = useT();
  const navigate = useNavigate();
  const newestSeen = useRef<number | null>(null);
  useEffect(() => {
    const newest = items.reduce((max, item) => Math.max(max, item.id), 0);
    const previous = newestSeen.current;
    newestSeen.current = Math.max(previous ?? 0, newest);
    // The first load is history, not news.
    if (previous === null || !canNotify() || Notification.permission !== 'granted' || !document.hidden) return;
    for (const item of items.filter((entry) => entry.id > previous && !entry.readAt)) {
      const shown = new Notification(notificationSentence(t, item), { body: notificationDetail(t, item) ?? undefined, tag: `bandeja-${item.id}` });
      shown.onclick = () => {
        window.focus();
        if (item.conversationId) navigate(`/inbox/${item.conversationId}`);
        shown.close();
      };
    }
  }, [items, t, navigate]);
}
