import { AlarmClock, ArrowLeft, CheckCircle2, ChevronDown, Hand, ListOrdered, PanelRight, RotateCcw, Shuffle, Siren } from 'lucide-react';
import { Link } from 'react-router';
import { ApiError } from '../../app/api-client.js';
import type { Conversation, PriorityValue } from '../../app/api-types.js';
import { errorMessage } from '../../i18n/error-messages.js';
import { useFormat } from '../../i18n/format.js';
import { useT } from '../../i18n/i18n.js';
import { Avatar } from '../../ui/avatar.js';
import { Badge } from '../../ui/badge.js';
import { Button } from '../../ui/button.js';
import { cx, focusRing } from '../../ui/class-names.js';
import { Select } from '../../ui/field.js';
import { Menu, MenuItem, MenuSeparator } from '../../ui/menu.js';
import { useToast } from '../../ui/toast.js';
import { useTeams } from '../settings/teams/teams-api.js';
import { PriorityBadge, StatusBadge } from './conversation-badges.js';
import { snoozePresets } from './conversation-dialogs.js';
import { contactLabel, initialsOf } from './conversation-row.js';
import { useTake, useUpdateConversation } from './inbox-api.js';
import { priorities } from './inbox-filters.js';
import { useMemberDirectory } from './members.js';
import { useOthersPresent } from './presence.js';
import { SlaBadge } from './sla-badge.js';

type Props = {
  conversation: Conversation;
  backHref: string;
  onHandoff: () => void;
  onEscalate: () => void;
  onCustomSnooze: () => void;
  onToggleDetails: () => void;
  detailsOpen: boolean;
  /** The element the details toggle shows and hides. */
  detailsId: string;
};

/** Who the customer is, where the conversation stands, who has it, and what can be done with it. */
export function ConversationHeader({ conversation, backHref, onHandoff, onEscalate, onCustomSnooze, onToggleDetails, detailsOpen, detailsId }: Props) {
  const t = useT();
  const format = useFormat();
  const toast = useToast();
  const { byId, myId } = useMemberDirectory();
  const take = useTake(conversation.id);
  const update = useUpdateConversation(conversation.id);
  const present = useOthersPresent(conversation.id);
  const label = contactLabel(conversation.contact);
  const assignee = conversation.assigneeMemberId ? byId.get(conversation.assigneeMemberId) : undefined;
  const closed = conversation.status === 'resolved';
  const teams = useTeams();
  const queueTeam = !assignee && !closed && conversation.teamId ? teams.data?.teams.find((team) => team.id === conversation.teamId) : undefined;

  const onTake = () =>
    take.mutate(undefined, {
      onError: (error) => {
        const owner = error instanceof ApiError && error.code === 'already_taken' ? (error.details as { assignee?: { name?: string } | null })?.assignee?.name : undefined;
        toast(owner ? t('take.alreadyTaken', { name: owner }) : errorMessage(t, error), 'error');
      },
    });
  const change = (body: Parameters<typeof update.mutate>[0], done?: string) =>
    update.mutate(body, { onSuccess: () => done && toast(done), onError: (error) => toast(errorMessage(t, error), 'error') });
  const snooze = (until: Date) => change({ status: 'snoozed', snoozedUntil: until.toISOString() }, t('snooze.done', { time: format.moment(until.toISOString()) }));
  const presets = snoozePresets();

  return (
    <header className="border-b border-zinc-200 bg-white">
      <div className="flex items-center gap-3 px-4 pt-3 pb-2">
        <Link to={backHref} aria-label={t('inbox.back')} className={cx('-ml-1 rounded-lg p-1.5 text-zinc-600 hover:bg-zinc-100 md:hidden', focusRing)}>
          <ArrowLeft className="size-5" aria-hidden="true" />
        </Link>
        <Avatar initials={initialsOf(label)} seed={conversation.contact.id} />
        <div className="min-w-0 flex-1">
          <div className="flex min-w-0 items-baseline gap-2">
            <h2 className="truncate text-[15px] font-semibold text-zinc-900">{label}</h2>
            <span className="shrink-0 text-[13px] text-zinc-400">#{conversation.displayNumber}</span>
          </div>
          <div className="mt-0.5 flex flex-wrap items-center gap-1.5">
            <StatusBadge status={conversation.status} />
            <PriorityBadge priority={conversation.priority} />
            <SlaBadge sla={conversation.sla} />
            {conversation.status === 'snoozed' && conversation.snoozedUntil ? (
              <span className="text-xs text-violet-700">{t('snooze.until', { time: format.moment(conversation.snoozedUntil) })}</span>
            ) : null}
            {assignee ? (
              <span className="flex min-w-0 items-center gap-1 text-xs text-zinc-600">
                <Avatar size="xs" initials={assignee.initials} seed={assignee.userId} />
                <span className="truncate">{assignee.id === myId ? t('inbox.assignedToYou') : t('inbox.assignedTo', { name: assignee.name })}</span>
              </span>
            ) : null}
            {queueTeam ? (
              <span className="flex min-w-0 items-center gap-1 text-xs text-zinc-600" data-testid="queue-hint">
                <ListOrdered className="size-3.5 shrink-0 text-zinc-400" aria-hidden="true" />
                <span className="truncate">{t('inbox.queuedFor', { team: queueTeam.name })}</span>
              </span>
            ) : null}
            {conversation.windowOpen && conversation.windowExpiresAt ? (
              <Badge tone="green">{t('inbox.windowOpen', { time: format.moment(conversation.windowExpiresAt) })}</Badge>
            ) : (
              <Badge tone="amber">{t('inbox.windowClosed')}</Badge>
            )}
          </div>
        </div>
        <button
          type="button"
          onClick={onToggleDetails}
          aria-expanded={detailsOpen}
          aria-controls={detailsId}
          title={detailsOpen ? t('details.hide') : t('details.show')}
          className={cx(
            'inline-flex shrink-0 items-center gap-1.5 rounded-lg px-2.5 py-1.5 text-[13px] font-medium text-zinc-700 ring-1 ring-zinc-300 ring-inset hover:bg-zinc-50 hover:text-zinc-900',
            detailsOpen && 'bg-zinc-100 text-zinc-900',
            focusRing,
          )}
        >
          <PanelRight className="size-4" aria-hidden="true" />
          {t('details.toggle')}
        </button>
      </div>
      {present.length > 0 ? (
        <p className="px-4 pb-1 text-xs text-emerald-700" data-testid="presence" aria-live="polite">
          {present
            .map((item) => (item.state === 'typing' ? t('presence.typing', { name: item.name }) : t('presence.viewing', { name: item.name })))
            .join(' · ')}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-2 px-4 pb-3">
        {assignee ? null : (
          <Button size="sm" variant="primary" loading={take.isPending} onClick={onTake} icon={<Hand className="size-4" aria-hidden="true" />}>
            {t('take.button')}
          </Button>
        )}
        <Button size="sm" onClick={onHandoff} icon={<Shuffle className="size-4" aria-hidden="true" />}>
          {t('handoff.button')}
        </Button>
        <Button size="sm" onClick={onEscalate} icon={<Siren className="size-4" aria-hidden="true" />}>
          {t('escalate.button')}
        </Button>
        <div className="ml-auto flex items-center gap-2">
          <Select
            compact
            aria-label={t('priority.label')}
            value={conversation.priority}
            disabled={update.isPending}
            onChange={(event) => change({ priority: event.target.value as PriorityValue })}
            className="w-auto"
          >
            {priorities.map((priority) => (
              <option key={priority} value={priority}>
                {t(`priority.${priority}`)}
              </option>
            ))}
          </Select>
          {closed || conversation.status === 'snoozed' ? (
            <Button size="sm" loading={update.isPending} onClick={() => change({ status: 'open' }, t('status.reopened'))} icon={<RotateCcw className="size-4" aria-hidden="true" />}>
              {t('status.reopen')}
            </Button>
          ) : null}
          {closed ? null : (
            <>
              <Menu
                label={t('snooze.button')}
                align="end"
                triggerClassName="inline-flex h-8 items-center gap-1 rounded-lg bg-white px-2.5 text-[13px] font-medium text-zinc-800 shadow-xs ring-1 ring-zinc-300 ring-inset hover:bg-zinc-50"
                trigger={
                  <>
                    <AlarmClock className="size-4" aria-hidden="true" />
                    <span className="hidden 2xl:inline">{t('snooze.button')}</span>
                    <ChevronDown className="size-3.5 text-zinc-500" aria-hidden="true" />
                  </>
                }
              >
                {(close) => (
                  <>
                    <MenuItem onSelect={() => {
                        close();
                        snooze(presets.inAnHour);
                      }}>{t('snooze.inAnHour')}</MenuItem>
                    <MenuItem onSelect={() => {
                        close();
                        snooze(presets.tomorrow);
                      }}>{t('snooze.tomorrow')}</MenuItem>
                    <MenuItem onSelect={() => {
                        close();
                        snooze(presets.nextWeek);
                      }}>{t('snooze.nextWeek')}</MenuItem>
                    <MenuItem onSelect={() => {
                        close();
                        onCustomSnooze();
                      }}>{t('snooze.custom')}</MenuItem>
                    {conversation.status === 'pending' ? null : (
                      <>
                        <MenuSeparator />
                        <MenuItem onSelect={() => {
                        close();
                        change({ status: 'pending' }, t('status.markedPending'));
                      }}>{t('status.markPending')}</MenuItem>
                      </>
                    )}
                  </>
                )}
              </Menu>
              <Button
                size="sm"
                variant="primary"
                loading={update.isPending && update.variables?.status === 'resolved'}
                onClick={() => change({ status: 'resolved' }, t('status.resolvedToast'))}
                icon={<CheckCircle2 className="size-4" aria-hidden="true" />}
              >
                {t('status.resolve')}
              </Button>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
