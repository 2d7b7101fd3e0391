import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FileText, Pencil, RefreshCw, Route, Smartphone, Unplug } from 'lucide-react';
import { api } from '../../../app/api-client.js';
import type { Channel, ChannelCheckResult, ChannelsResponse } from '../../../app/api-types.js';
import { useFormat } from '../../../i18n/format.js';
import { errorMessage } from '../../../i18n/error-messages.js';
import { useT } from '../../../i18n/i18n.js';
import { Alert } from '../../../ui/alert.js';
import { Button } from '../../../ui/button.js';
import { cx } from '../../../ui/class-names.js';
import { useToast } from '../../../ui/toast.js';
import { ChannelRoutingLine } from '../routing/channel-routing.js';
import { channelsKey } from './channels-api.js';
import { channelProblem, HealthBadge, problemKey } from './health.js';

type ChannelCardProps = {
  channel: Channel;
  manager: boolean;
  onEdit: () => void;
  onTemplates: () => void;
  onRouting: () => void;
  onDisconnect: () => void;
};

/** One connected number: who it is, whether it works, what to fix, and what can be done with it. */
export function ChannelCard({ channel, manager, onEdit, onTemplates, onRouting, onDisconnect }: ChannelCardProps) {
  const t = useT();
  const format = useFormat();
  const toast = useToast();
  const queryClient = useQueryClient();
  const check = useMutation({
    mutationFn: () => api.post<ChannelCheckResult>(`/channels/${channel.id}/check`),
    onSuccess: async (result) => {
      // The advice depends on the Graph code the check just stored, so read the number again first.
      await queryClient.invalidateQueries({ queryKey: channelsKey });
      const fresh = queryClient.getQueryData<ChannelsResponse>(channelsKey)?.channels.find((item) => item.id === channel.id);
      if (result.ok) toast(t('channels.checkOk', { name: channel.name }));
      else toast(t(problemKey(result.health, fresh?.lastError?.code, fresh?.lastError?.reason)), 'error');
    },
    onError: (error) => toast(errorMessage(t, error), 'error'),
  });

  const problem = channelProblem(channel);
  const number = channel.displayPhoneNumber ?? t('channels.unverifiedNumber');
  return (
    <li className="rounded-xl bg-white shadow-xs ring-1 ring-zinc-200">
      <div className="flex items-start gap-3.5 px-5 py-4">
        <span
          aria-hidden="true"
          className={cx(
            'hidden size-10 shrink-0 items-center justify-center rounded-xl ring-1 sm:flex',
            channel.health === 'connected' ? 'bg-emerald-50 text-emerald-600 ring-emerald-100' : 'bg-zinc-50 text-zinc-500 ring-zinc-200',
          )}
        >
          <Smartphone className="size-5" />
        </span>
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-x-2.5 gap-y-1">
            <h2 className="min-w-0 truncate text-[15px] font-semibold text-zinc-900">{channel.name}</h2>
            <HealthBadge health={channel.health} />
          </div>
          <p className="mt-0.5 text-sm text-zinc-700">
            <span className={cx('tabular-nums', !channel.displayPhoneNumber && 'text-zinc-500')}>{number}</span>
            {channel.verifiedName ? <span className="text-zinc-500"> · {channel.verifiedName}</span> : null}
          </p>
          <p className="mt-1 text-[13px] text-zinc-500">
            {channel.lastCheckedAt ? t('channels.lastChecked', { date: format.dateTime(channel.lastCheckedAt) }) : t('channels.neverChecked')}
          </p>
          <p className="mt-0.5 flex flex-wrap gap-x-3 font-mono text-xs text-zinc-400">
            <span className="whitespace-nowrap">{t('channels.phoneNumberId', { id: channel.phoneNumberId })}</span>
            <span className="whitespace-nowrap">{t('channels.wabaId', { id: channel.wabaId })}</span>
          </p>
          <ChannelRoutingLine channel={channel} />
        </div>
      </div>
      {problem ? (
        <div className="px-5 pb-4">
          <Alert tone={channel.health === 'unchecked' ? 'info' : 'error'}>
            <p className="font-medium">{t(problem)}</p>
            {channel.lastError ? (
              <p className="mt-1 text-xs break-words opacity-80">
                {t(channel.lastError.reason ? 'channels.detailOwn' : 'channels.detail', { message: channel.lastError.message })} · {format.dateTime(channel.lastError.at)}
              </p>
            ) : null}
          </Alert>
        </div>
      ) : null}
      <div className="flex flex-wrap items-center gap-2 rounded-b-xl border-t border-zinc-100 bg-zinc-50/60 px-5 py-3">
        {manager ? (
          <>
            <Button
              size="sm"
              loading={check.isPending}
              icon={<RefreshCw className="size-3.5" aria-hidden="true" />}
              onClick={() => check.mutate()}
            >
              {t('channels.check')}
            </Button>
            <Button size="sm" icon={<Pencil className="size-3.5" aria-hidden="true" />} onClick={onEdit}>
              {t('channels.edit')}
            </Button>
            <Button size="sm" icon={<Route className="size-3.5" aria-hidden="true" />} onClick={onRouting}>
              {t('channelRouting.button')}
            </Button>
          </>
        ) : null}
        <Button size="sm" icon={<FileText className="size-3.5" aria-hidden="true" />} onClick={onTemplates}>
          {t('channels.templates')}
        </Button>
        {manager ? (
          <Button
            size="sm"
            variant="dangerGhost"
            className="ml-auto"
            icon={<Unplug className="size-3.5" aria-hidden="true" />}
            onClick={onDisconnect}
          >
            {t('channels.disconnect')}
          </Button>
        ) : null}
      </div>
    </li>
  );
}
