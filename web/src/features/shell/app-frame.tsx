import { Menu as MenuIcon, X } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { Outlet, useLocation } from 'react-router';
import { useActivityHeartbeat } from '../../app/activity-heartbeat.js';
import { useSession } from '../../app/session.js';
import { useT } from '../../i18n/i18n.js';
import { cx, focusRing } from '../../ui/class-names.js';
import { NotificationBell } from '../notifications/notification-bell.js';
import { ChannelAlert } from './channel-alert.js';
import { LiveUpdates } from './live-updates.js';
import { useApplyActivity } from './my-status-api.js';
import { Sidebar } from './sidebar.js';
import { StatusMenu } from './status-menu.js';
import { UserMenu } from './user-menu.js';

/** The signed-in frame: a fixed sidebar on wide screens; a top bar with a drawer on phones. */
export function AppFrame() {
  const t = useT();
  const session = useSession();
  const location = useLocation();
  // The drawer remembers the page it was opened on, so any navigation (back/forward too) closes it.
  const [drawerPath, setDrawerPath] = useState<string | null>(null);
  const drawerOpen = drawerPath === location.pathname;
  const setDrawerOpen = (open: boolean) => setDrawerPath(open ? location.pathname : null);
  const closeButton = useRef<HTMLButtonElement>(null);
  useActivityHeartbeat(useApplyActivity());

  useEffect(() => {
    if (!drawerOpen) return;
    closeButton.current?.focus();
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && setDrawerPath(null);
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [drawerOpen]);

  return (
    <div className="min-h-dvh bg-white lg:flex">
      <LiveUpdates />
      {/* Above the page, so the bell's panel (wider than the sidebar) is not covered by it. */}
      <aside className="sticky top-0 z-20 hidden h-dvh w-64 shrink-0 border-r border-zinc-200 bg-zinc-50 lg:block">
        <Sidebar />
      </aside>

      <header className="sticky top-0 z-30 flex h-14 items-center gap-3 border-b border-zinc-200 bg-white/90 px-3 backdrop-blur lg:hidden">
        <button
          type="button"
          onClick={() => setDrawerOpen(true)}
          aria-label={t('shell.openMenu')}
          aria-expanded={drawerOpen}
          className={cx('rounded-lg p-2 text-zinc-600 hover:bg-zinc-100', focusRing)}
        >
          <MenuIcon className="size-5" aria-hidden="true" />
        </button>
        <span className="min-w-0 flex-1 truncate text-sm font-semibold text-zinc-900">{session.workspace?.name}</span>
        <StatusMenu compact placement="below" />
        <NotificationBell align="end" />
        <UserMenu compact placement="below" />
      </header>

      {drawerOpen ? (
        <div className="fixed inset-0 z-40 lg:hidden">
          <button
            type="button"
            tabIndex={-1}
            aria-hidden="true"
            className="absolute inset-0 bg-zinc-900/40 backdrop-blur-[2px]"
            onClick={() => setDrawerOpen(false)}
          />
          <div
            role="dialog"
            aria-modal="true"
            aria-label={t('nav.label')}
            className="absolute inset-y-0 left-0 w-72 max-w-[85vw] bg-zinc-50 shadow-xl"
          >
            <button
              type="button"
              onClick={() => setDrawerOpen(false)}
              ref={closeButton}
              aria-label={t('shell.closeMenu')}
              className={cx('absolute top-3 right-3 z-10 rounded-lg p-2 text-zinc-500 hover:bg-zinc-200/60', focusRing)}
            >
              <X className="size-5" aria-hidden="true" />
            </button>
            <Sidebar inDrawer onNavigate={() => setDrawerOpen(false)} />
          </div>
        </div>
      ) : null}

      <main className="min-w-0 flex-1">
        <ChannelAlert />
        <Outlet />
      </main>
    </div>
  );
}
