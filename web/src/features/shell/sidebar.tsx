import { ChartColumn, Inbox, Settings, UsersRound } from 'lucide-react';
import type { ComponentType } from 'react';
import { NavLink, useLocation } from 'react-router';
import type { MessageKey } from '../../i18n/i18n.js';
import { useT } from '../../i18n/i18n.js';
import { cx, focusRing } from '../../ui/class-names.js';
import { Logo } from '../../ui/logo.js';
import { InboxViewsNav } from '../inbox/inbox-views-nav.js';
import { NotificationBell } from '../notifications/notification-bell.js';
import { LanguageSwitch } from './language-switch.js';
import { StatusMenu } from './status-menu.js';
import { UserMenu } from './user-menu.js';
import { WorkspaceSwitcher } from './workspace-switcher.js';

const sections: { to: string; label: MessageKey; icon: ComponentType<{ className?: string }> }[] = [
  { to: '/inbox', label: 'nav.inbox', icon: Inbox },
  { to: '/contacts', label: 'nav.contacts', icon: UsersRound },
  { to: '/reports', label: 'nav.reports', icon: ChartColumn },
  { to: '/settings', label: 'nav.settings', icon: Settings },
];

/** Workspace, the main sections, then language and the person at the bottom. Also used inside the mobile drawer. */
export function Sidebar({ onNavigate, inDrawer }: { onNavigate?: () => void; inDrawer?: boolean }) {
  const t = useT();
  const onInbox = useLocation().pathname.startsWith('/inbox');
  return (
    <div className="flex h-full flex-col gap-4 overflow-y-auto px-3 py-4">
      <div className="flex items-center justify-between gap-2 pl-2">
        <Logo />
        {/* On phones the bell lives in the top bar. */}
        {inDrawer ? null : <NotificationBell />}
      </div>
      <WorkspaceSwitcher />
      <nav aria-label={t('nav.label')}>
        <ul className="flex flex-col gap-0.5">
          {sections.map(({ to, label, icon: Icon }) => (
            <li key={to}>
              <NavLink
                to={to}
                onClick={onNavigate}
                className={({ isActive }) =>
                  cx(
                    'flex items-center gap-2.5 rounded-lg px-2.5 py-2 text-sm font-medium transition-colors',
                    focusRing,
                    isActive
                      ? 'bg-white text-zinc-900 shadow-xs ring-1 ring-zinc-200'
                      : 'text-zinc-600 hover:bg-zinc-200/60 hover:text-zinc-900',
                  )
                }
              >
                {({ isActive }) => (
                  <>
                    <Icon className={cx('size-4 shrink-0', isActive ? 'text-emerald-600' : 'text-zinc-400')} aria-hidden="true" />
                    <span className="truncate">{t(label)}</span>
                  </>
                )}
              </NavLink>
              {to === '/inbox' && onInbox ? (
                <div className="mt-1 mb-2 ml-3 border-l border-zinc-200 pl-2">
                  <InboxViewsNav onNavigate={onNavigate} />
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      </nav>
      <div className="mt-auto flex flex-col gap-3">
        <LanguageSwitch className="mx-2 self-start" />
        <div className="flex flex-col gap-0.5">
          <StatusMenu />
          <UserMenu />
        </div>
      </div>
    </div>
  );
}
