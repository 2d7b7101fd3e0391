import { UsersRound } from 'lucide-react';
import { Link } from 'react-router';
import type { ActivityEntry, Conversation, RoutingReasonInfo } from '../../app/api-types.js';
import { canManageWorkspace, useSession } from '../../app/session.js';
import { useT } from '../../i18n/i18n.js';
import { useTeams } from '../settings/teams/teams-api.js';
import { isOneOf } from './activity-sentence.js';
import { useMemberDirectory } from './members.js';

const skipReasons = ['off_shift', 'at_capacity', 'away', 'offline', 'inactive'] as const;

/** The routing decision that left it waiting, when the latest change of owner was routing queueing it. */
function lastQueuedReason(activity: ActivityEntry[]): Pick<RoutingReasonInfo, 'strategy' | 'skipped'> | null {
  const last = activity.findLast((entry) => entry.type === 'conversation.queued' || entry.type === 'conversation.assigned');
  const routing = last?.type === 'conversation.queued' ? (last.payload.routing as Partial<RoutingReasonInfo> | undefined) : undefined;
  if (!routing || typeof routing !== 'object' || typeof routing.strategy !== 'string') return null;
  return { strategy: routing.strategy, skipped: Array.isArray(routing.skipped) ? routing.skipped.filter((skip) => skip && typeof skip.name === 'string') : [] };
}

/**
 * Why a queued conversation is still waiting, and what to do about it: its team has nobody in it
 * (an admin adds people in Settings → Teams; others ask an admin), or it has people but none was
 * available when routing last tried (and why each was passed over, when routing said). A team that
 * works as a queue by design says nothing here: its members take from it.
 */
export function QueueNotice({ conversation, activity }: { conversation: Conversation; activity: ActivityEntry[] }) {
  const t = useT();
  const session = useSession();
  const teams = useTeams();
  const { byId, loaded } = useMemberDirectory();
  if (conversation.assigneeMemberId || conversation.status === 'resolved' || !conversation.teamId || !loaded) return null;
  const team = teams.data?.teams.find((item) => item.id === conversation.teamId);
  if (!team) return null;
  const members = team.memberIds.filter((id) => byId.get(id)?.status === 'active');

  if (members.length === 0) {
    return (
      <p className="flex flex-wrap items-center gap-x-1.5 gap-y-0.5 border-b border-amber-200 bg-amber-50 px-4 py-2 text-[13px] text-amber-950" role="status" data-testid="queue-notice">
        <UsersRound className="size-4 shrink-0 text-amber-700" aria-hidden="true" />
        <span>{t('queue.teamEmpty', { team: team.name })}:</span>
        {canManageWorkspace(session) ? (
          <span>
            {t('queue.addMembersIn')}{' '}
            <Link to="/settings/teams" className="font-medium text-amber-900 underline underline-offset-2">
              {t('queue.teamsSettings')}
            </Link>
          </span>
        ) : (
          <span>{t('queue.askAdmin')}</span>
        )}
      </p>
    );
  }

  const reason = lastQueuedReason(activity);
  if (!reason || reason.strategy === 'queue') return null;
  const passedOver = reason.skipped
    .filter((skip) => members.includes(skip.id))
    .map((skip) => (isOneOf(skipReasons, skip.reason) ? t('queue.skippedMember', { name: skip.name, reason: t(`activity.skip.${skip.reason}`) }) : skip.name));
  return (
    <p className="flex flex-wrap items-center gap-x-1.5 gap-y-0.5 border-b border-zinc-200 bg-zinc-50 px-4 py-2 text-[13px] text-zinc-700" role="status" data-testid="queue-notice">
      <UsersRound className="size-4 shrink-0 text-zinc-400" aria-hidden="true" />
      <span>{t('queue.nobodyAvailable', { team: team.name })}</span>
      {passedOver.length > 0 ? <span className="text-zinc-500">({passedOver.join(', ')})</span> : null}
      <span className="text-zinc-500">{t('queue.waitsForSomeone')}</span>
    </p>
  );
}
