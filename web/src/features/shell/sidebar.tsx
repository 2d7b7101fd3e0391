import { ChartColumn, Inbox, Settings, UsersRound } from 'lucide-react';
import type { ComponentType } from 'react';
import { NavLink } from 'react-router';
import type { MessageKey } from '../../i18n/i18n.js';
import { useT } from '../../i18n/i18n.js';
import { cx, focusRing } from '../../ui/class-names.js';
import { Logo } from '../../ui/logo.js';
import { LanguageSwitch } from './language-switch.js';
import { UserMenu } from './user-menu.js';
import { WorkspaceSwitcher } from './workspace-switcher.js';

const sections: { to: string; label: MessageKey; icon: ComponentType<{ className?: string }> }[] = [
  { to: '/inbox', label: 'nav.inbox', icon: Inbox },
  { to: '/contacts', label: 'nav.contacts', icon: UsersRound },
  { to: '/reports', label: 'nav.reports', icon: ChartColumn },
  { to: '/settings', label: 'nav.settings', icon: Settings },
];

/** Workspace, the main sections, then language and the person at the bottom. Also used inside the mobile drawer. */
export function Sidebar({ onNavigate }: { onNavigate?: () => void }) {
  const t = useT();
  return (
    <div className="flex h-full flex-col gap-4 px-3 py-4">
      <div className="px-2">
        <Logo />
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
            </li>
          ))}
        </ul>
      </nav>
      <div className="mt-auto flex flex-col gap-3">
        <LanguageSwitch className="mx-2 self-start" />
        <UserMenu />
      </div>
    </div>
  );
}
