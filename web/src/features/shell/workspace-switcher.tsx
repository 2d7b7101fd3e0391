import { useMutation } from '@tanstack/react-query';
import { Check, ChevronsUpDown } from 'lucide-react';
import { useNavigate } from 'react-router';
import { api } from '../../app/api-client.js';
import type { Session } from '../../app/api-types.js';
import { useApplySession, useSession } from '../../app/session.js';
import { errorMessage } from '../../i18n/error-messages.js';
import { useT } from '../../i18n/i18n.js';
import { Menu, MenuItem } from '../../ui/menu.js';
import { useToast } from '../../ui/toast.js';

function WorkspaceTile({ name }: { name: string }) {
  return (
    <span
      aria-hidden="true"
      className="flex size-7 shrink-0 items-center justify-center rounded-lg bg-zinc-900 text-xs font-semibold text-white"
    >
      {name.trim().charAt(0).toLocaleUpperCase()}
    </span>
  );
}

/** The current workspace; a menu to switch appears only for people who belong to several. */
export function WorkspaceSwitcher() {
  const t = useT();
  const session = useSession();
  const applySession = useApplySession();
  const navigate = useNavigate();
  const toast = useToast();
  const current = session.workspace;
  const switchTo = useMutation({
    mutationFn: (workspaceId: string) => api.post<Session>('/session/workspace', { workspaceId }),
    onSuccess: (next) => {
      applySession(next);
      navigate('/inbox');
      toast(t('shell.switched', { workspace: next.workspace?.name ?? '' }));
    },
    onError: (error) => toast(errorMessage(t, error), 'error'),
  });
  if (!current) return null;

  const label = (
    <span className="flex min-w-0 items-center gap-2.5">
      <WorkspaceTile name={current.name} />
      <span className="min-w-0 text-left">
        <span className="block truncate text-sm font-semibold text-zinc-900">{current.name}</span>
        <span className="block truncate text-xs text-zinc-500">{t(`role.${session.role ?? 'agent'}`)}</span>
      </span>
    </span>
  );

  if (session.workspaces.length < 2) return <div className="px-2 py-1.5">{label}</div>;
  return (
    <Menu
      label={t('shell.switchWorkspace')}
      triggerClassName="flex w-full items-center justify-between gap-2 rounded-lg px-2 py-1.5 hover:bg-zinc-200/60"
      trigger={
        <>
          {label}
          <ChevronsUpDown className="size-4 shrink-0 text-zinc-400" aria-hidden="true" />
        </>
      }
    >
      {(close) =>
        session.workspaces.map((workspace) => (
          <MenuItem
            key={workspace.id}
            icon={<WorkspaceTile name={workspace.name} />}
            onSelect={() => {
              close();
              if (workspace.id !== current.id) switchTo.mutate(workspace.id);
            }}
          >
            <span className="min-w-0 flex-1">
              <span className="block truncate font-medium">{workspace.name}</span>
              <span className="block text-xs text-zinc-500">{t(`role.${workspace.role}`)}</span>
            </span>
            {workspace.id === current.id ? <Check className="size-4 text-emerald-600" aria-hidden="true" /> : null}
          </MenuItem>
        ))
      }
    </Menu>
  );
}
