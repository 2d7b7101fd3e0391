import { LogOut, MonitorX, UserRound } from 'lucide-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useSession } from '../../app/session.js';
import { useT } from '../../i18n/i18n.js';
import { Avatar } from '../../ui/avatar.js';
import { ConfirmDialog } from '../../ui/confirm-dialog.js';
import { Menu, MenuItem, MenuSeparator } from '../../ui/menu.js';
import { useSignOut } from './use-sign-out.js';

/** The signed-in person: profile, sign out here, sign out everywhere (confirmed first). */
export function UserMenu({ compact, placement = 'above' }: { compact?: boolean; placement?: 'above' | 'below' }) {
  const t = useT();
  const session = useSession();
  const navigate = useNavigate();
  const { signOut, signOutEverywhere } = useSignOut();
  const [confirming, setConfirming] = useState(false);
  const { user } = session;

  return (
    <>
      <Menu
        label={t('userMenu.label', { name: user.name })}
        placement={placement}
        align={compact ? 'end' : 'start'}
        triggerClassName={
          compact ? 'rounded-full' : 'flex w-full items-center gap-2.5 rounded-lg px-2 py-1.5 text-left hover:bg-zinc-200/60'
        }
        trigger={
          <>
            <Avatar initials={user.initials} seed={user.id} size="sm" />
            {compact ? null : (
              <span className="min-w-0 flex-1">
                <span className="block truncate text-sm font-medium text-zinc-900">{user.name}</span>
                <span className="block truncate text-xs text-zinc-500">{user.email}</span>
              </span>
            )}
          </>
        }
      >
        {(close) => (
          <>
            <MenuItem
              icon={<UserRound className="size-4 text-zinc-500" aria-hidden="true" />}
              onSelect={() => {
                close();
                navigate('/settings/profile');
              }}
            >
              {t('userMenu.profile')}
            </MenuItem>
            <MenuSeparator />
            <MenuItem
              icon={<LogOut className="size-4 text-zinc-500" aria-hidden="true" />}
              onSelect={() => {
                close();
                signOut.mutate();
              }}
            >
              {t('userMenu.signOut')}
            </MenuItem>
            <MenuItem
              tone="danger"
              icon={<MonitorX className="size-4" aria-hidden="true" />}
              onSelect={() => {
                close();
                setConfirming(true);
              }}
            >
              {t('userMenu.signOutEverywhere')}
            </MenuItem>
          </>
        )}
      </Menu>
      <ConfirmDialog
        open={confirming}
        title={t('profile.signOutEverywhereTitle')}
        body={t('profile.signOutEverywhereBody')}
        confirmLabel={t('profile.signOutEverywhere')}
        loading={signOutEverywhere.isPending}
        onConfirm={() => signOutEverywhere.mutate()}
        onClose={() => setConfirming(false)}
      />
    </>
  );
}
