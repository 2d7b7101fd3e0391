import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Route } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { api } from '../../../app/api-client.js';
import type { Channel, ChannelRoutingValue } from '../../../app/api-types.js';
import { errorMessage, fieldErrors } from '../../../i18n/error-messages.js';
import { useT } from '../../../i18n/i18n.js';
import { Alert } from '../../../ui/alert.js';
import { Button } from '../../../ui/button.js';
import { Dialog } from '../../../ui/dialog.js';
import { SelectField, TextAreaField } from '../../../ui/field.js';
import { Spinner } from '../../../ui/spinner.js';
import { useToast } from '../../../ui/toast.js';
import { useTeams } from '../teams/teams-api.js';
import { channelRoutingKey, useChannelRouting } from './routing-api.js';

/** One line on a number's card: which team gets its conversations when no rule picks one. */
export function ChannelRoutingLine({ channel }: { channel: Channel }) {
  const t = useT();
  const routing = useChannelRouting(channel.id);
  const teams = useTeams().data?.teams ?? [];
  if (!routing.data) return null;
  const team = teams.find((item) => item.id === routing.data.defaultTeamId);
  return (
    <p className="mt-1 flex items-center gap-1.5 text-[13px] text-zinc-600" data-testid="channel-routing">
      <Route className="size-3.5 shrink-0 text-zinc-400" aria-hidden="true" />
      <span className="min-w-0">
        {team ? t('channelRouting.line', { team: team.name }) : t('channelRouting.lineNone')}
        {routing.data.outOfHoursReply ? ` · ${t('channelRouting.hasReply')}` : null}
      </span>
    </p>
  );
}

/** A number's default team and its out-of-hours reply (used when the conversation's team has none). */
export function ChannelRoutingDialog({ channel, onClose }: { channel: Channel; onClose: () => void }) {
  const t = useT();
  const routing = useChannelRouting(channel.id);
  return (
    <Dialog open onClose={onClose} size="lg" title={t('channelRouting.title', { name: channel.name })} description={t('channelRouting.subtitle')}>
      {routing.error ? (
        <div className="pb-4">
          <Alert>{errorMessage(t, routing.error)}</Alert>
        </div>
      ) : routing.data ? (
        <ChannelRoutingForm channel={channel} routing={routing.data} onClose={onClose} />
      ) : (
        <div className="flex justify-center py-10 text-zinc-400">
          <Spinner className="size-5" />
        </div>
      )}
    </Dialog>
  );
}

function ChannelRoutingForm({ channel, routing, onClose }: { channel: Channel; routing: ChannelRoutingValue; onClose: () => void }) {
  const t = useT();
  const toast = useToast();
  const queryClient = useQueryClient();
  const teams = useTeams().data?.teams ?? [];
  const [teamId, setTeamId] = useState(routing.defaultTeamId ?? '');
  const [reply, setReply] = useState(routing.outOfHoursReply ?? '');
  const save = useMutation({
    mutationFn: (body: ChannelRoutingValue) => api.patch<ChannelRoutingValue>(`/channels/${channel.id}/routing`, body),
    onSuccess: (saved) => {
      queryClient.setQueryData(channelRoutingKey(channel.id), saved);
      toast(t('common.saved'));
      onClose();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ defaultTeamId: teamId || null, outOfHoursReply: reply.trim() || null });
  };
  const errors = fieldErrors(t, save.error);
  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4 pb-5">
      {save.error && Object.keys(errors).length === 0 ? <Alert>{errorMessage(t, save.error)}</Alert> : null}
      <SelectField label={t('channelRouting.team')} hint={t('channelRouting.teamHint')} value={teamId} onChange={(event) => setTeamId(event.target.value)} error={errors.defaultTeamId}>
        <option value="">{t('channelRouting.noTeam')}</option>
        {teams.map((team) => (
          <option key={team.id} value={team.id}>
            {team.name}
          </option>
        ))}
      </SelectField>
      <TextAreaField
        label={t('channelRouting.reply')}
        hint={t('channelRouting.replyHint')}
        error={errors.outOfHoursReply}
        rows={3}
        maxLength={1000}
        value={reply}
        placeholder={t('teamRouting.replyPlaceholder')}
        onChange={(event) => setReply(event.target.value)}
      />
      <div className="flex justify-end gap-2">
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button type="submit" variant="primary" loading={save.isPending}>
          {t('common.save')}
        </Button>
      </div>
    </form>
  );
}
