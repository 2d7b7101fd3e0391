import { Pencil, UsersRound } from 'lucide-react';
import { useState } from 'react';
import type { AgentRoutingItem, AvailabilityValue, Role } from '../../../app/api-types.js';
import { canManageWorkspace, useSession } from '../../../app/session.js';
import { errorMessage } from '../../../i18n/error-messages.js';
import { useFormat } from '../../../i18n/format.js';
import { useT } from '../../../i18n/i18n.js';
import { Alert } from '../../../ui/alert.js';
import { Badge, type BadgeTone, RoleBadge } from '../../../ui/badge.js';
import { Button } from '../../../ui/button.js';
import { Card, PageHeader } from '../../../ui/card.js';
import { cx } from '../../../ui/class-names.js';
import { EmptyState } from '../../../ui/empty-state.js';
import { Spinner } from '../../../ui/spinner.js';
import { useTeams } from '../teams/teams-api.js';
import { AgentDialog } from './agent-dialog.js';
import { QueueCard } from './queue-card.js';
import { useAgents } from './routing-api.js';

const availabilityTone: Record<AvailabilityValue, BadgeTone> = { online: 'green', away: 'amber', offline: 'neutral' };

/** Agentes y turnos: who can take conversations right now, and why not; admins set capacity, shift and presence. */
export function AgentsPage() {
  const t = useT();
  const manager = canManageWorkspace(useSession());
  const agents = useAgents();
  const [editing, setEditing] = useState<AgentRoutingItem | null>(null);
  const list = agents.data?.agents ?? [];
  const header = (text: string, className?: string) => (
    <th scope="col" className={cx('px-3 py-2.5 font-medium', className)}>
      {text}
    </th>
  );
  return (
    <div className="flex max-w-5xl flex-col gap-6">
      <PageHeader title={t('agents.title')} description={t('agents.subtitle')} />
      {manager ? null : <Alert tone="info">{t('agents.readOnly')}</Alert>}
      <QueueCard />
      <Card flush>
        {agents.isPending ? (
          <div className="flex justify-center py-10 text-zinc-400">
            <Spinner className="size-5" />
          </div>
        ) : agents.error ? (
          <div className="p-5">
            <Alert>{errorMessage(t, agents.error)}</Alert>
          </div>
        ) : list.length === 0 ? (
          <EmptyState icon={<UsersRound className="size-7" aria-hidden="true" />} title={t('agents.emptyTitle')} />
        ) : (
          <table className="w-full text-left text-sm" data-testid="agents-table">
            <thead className="border-b border-zinc-100 text-xs text-zinc-500">
              <tr>
                {header(t('agents.person'), 'pl-5')}
                {header(t('agents.status'), 'hidden sm:table-cell')}
                {header(t('agents.shift'), 'hidden md:table-cell')}
                {header(t('agents.load'), 'hidden sm:table-cell')}
                {header(t('agents.available'))}
                <th scope="col" className="py-2.5 pr-5 pl-3">
                  <span className="sr-only">{t('members.actionsHeader')}</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {list.map((agent) => (
                <AgentRow key={agent.membershipId} agent={agent} manager={manager} onEdit={() => setEditing(agent)} />
              ))}
            </tbody>
          </table>
        )}
      </Card>
      {editing ? <AgentDialog key={editing.membershipId} agent={editing} onClose={() => setEditing(null)} /> : null}
    </div>
  );
}

function AgentRow({ agent, manager, onEdit }: { agent: AgentRoutingItem; manager: boolean; onEdit: () => void }) {
  const t = useT();
  const format = useFormat();
  const teams = useTeams().data?.teams ?? [];
  const teamNames = agent.teamIds.map((id) => teams.find((team) => team.id === id)?.name).filter(Boolean);
  const idle = agent.status === 'online' && agent.effectiveStatus !== 'online';
  const status = (
    <div className="flex flex-col items-start gap-0.5">
      <Badge tone={availabilityTone[agent.effectiveStatus]}>{t(`agents.presence.${agent.effectiveStatus}`)}</Badge>
      {idle ? <span className="text-xs text-zinc-500">{t('agents.idle', { time: agent.lastActivityAt ? format.moment(agent.lastActivityAt) : t('common.never') })}</span> : null}
      {agent.status !== 'online' ? <span className="text-xs text-zinc-500">{t('agents.chosen', { status: t(`agents.presence.${agent.status}`) })}</span> : null}
    </div>
  );
  const shift = <span className={cx('text-[13px]', agent.onShift ? 'text-zinc-700' : 'text-zinc-500')}>{agent.shift ? t(agent.onShift ? 'agents.onShift' : 'agents.offShift') : t('agents.noShift')}</span>;
  const load = (
    <div className="flex items-center gap-2">
      <span className="relative h-1.5 w-14 overflow-hidden rounded-full bg-zinc-100" aria-hidden="true">
        <span className={cx('absolute inset-y-0 left-0 rounded-full', agent.open >= agent.capacity ? 'bg-red-500' : 'bg-emerald-500')} style={{ width: `${agent.capacity ? Math.min(100, (agent.open / agent.capacity) * 100) : 100}%` }} />
      </span>
      <span className="text-[13px] whitespace-nowrap text-zinc-700 tabular-nums">{t('agents.openOf', { open: agent.open, capacity: agent.capacity })}</span>
    </div>
  );
  return (
    <tr data-testid="agent-row">
      <td className="w-full max-w-0 py-3 pr-3 pl-5 sm:w-auto sm:max-w-none">
        <p className="truncate font-medium text-zinc-900">{agent.name}</p>
        <div className="mt-1 flex flex-wrap items-center gap-1.5">
          <RoleBadge role={agent.role as Role} />
          {teamNames.length ? <span className="text-xs text-zinc-500">{teamNames.join(', ')}</span> : <span className="text-xs text-zinc-400">{t('agents.noTeams')}</span>}
        </div>
        {/* On phones the other columns sit under the name. */}
        <div className="mt-2 flex flex-col gap-1.5 sm:hidden">
          {status}
          {shift}
          {load}
        </div>
      </td>
      <td className="hidden px-3 py-3 align-top sm:table-cell">{status}</td>
      <td className="hidden px-3 py-3 align-top md:table-cell">{shift}</td>
      <td className="hidden px-3 py-3 align-top sm:table-cell">{load}</td>
      <td className="px-3 py-3 align-top">
        <div className="flex flex-col items-start gap-0.5">
          <Badge tone={agent.available ? 'green' : 'neutral'}>{t(agent.available ? 'agents.yes' : 'agents.no')}</Badge>
          {agent.available ? null : <span className="text-xs text-zinc-500">{t(`agents.why.${unavailableReason(agent)}`)}</span>}
        </div>
      </td>
      <td className="py-3 pr-5 pl-3 text-right align-top">
        {manager ? (
          <Button size="sm" variant="ghost" icon={<Pencil className="size-3.5" aria-hidden="true" />} onClick={onEdit} aria-label={t('agents.edit', { name: agent.name })}>
            {t('common.edit')}
          </Button>
        ) : null}
      </td>
    </tr>
  );
}

/** Mirrors the server's order of checks (choose-agent.ts): shift, presence, then load. */
function unavailableReason(agent: AgentRoutingItem): 'offShift' | 'offline' | 'away' | 'full' {
  if (!agent.onShift) return 'offShift';
  if (agent.effectiveStatus === 'offline') return 'offline';
  if (agent.effectiveStatus === 'away') return 'away';
  return 'full';
}
