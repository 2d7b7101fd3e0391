import { useMutation, useQueryClient } from '@tanstack/react-query';
import { MessageCircle, Plus } from 'lucide-react';
import { useState } from 'react';
import { api } from '../../../app/api-client.js';
import type { Channel } from '../../../app/api-types.js';
import { canManageWorkspace, useSession } from '../../../app/session.js';
import { errorMessage } from '../../../i18n/error-messages.js';
import { useT } from '../../../i18n/i18n.js';
import { Alert } from '../../../ui/alert.js';
import { Button } from '../../../ui/button.js';
import { Card, PageHeader } from '../../../ui/card.js';
import { ConfirmDialog } from '../../../ui/confirm-dialog.js';
import { EmptyState } from '../../../ui/empty-state.js';
import { Spinner } from '../../../ui/spinner.js';
import { useToast } from '../../../ui/toast.js';
import { ChannelRoutingDialog } from '../routing/channel-routing.js';
import { ChannelCard } from './channel-card.js';
import { channelsKey, useChannels } from './channels-api.js';
import { ConnectDialog } from './connect-dialog.js';
import { EditChannelDialog } from './edit-channel-dialog.js';
import { TemplatesDialog } from './templates-dialog.js';

/** The WhatsApp numbers of the workspace: everyone sees them and their templates; owners and admins manage them. */
export function ChannelsPage() {
  const t = useT();
  const toast = useToast();
  const queryClient = useQueryClient();
  const manager = canManageWorkspace(useSession());
  const channels = useChannels();
  const [connecting, setConnecting] = useState(false);
  const [editing, setEditing] = useState<Channel | null>(null);
  const [browsing, setBrowsing] = useState<Channel | null>(null);
  const [routing, setRouting] = useState<Channel | null>(null);
  const [disconnecting, setDisconnecting] = useState<Channel | null>(null);
  const disconnect = useMutation({
    mutationFn: (channel: Channel) => api.delete<void>(`/channels/${channel.id}`),
    onSuccess: (_, channel) => {
      void queryClient.invalidateQueries({ queryKey: channelsKey });
      toast(t('channels.disconnected', { name: channel.name }));
    },
    onError: (error) => toast(errorMessage(t, error), 'error'),
    onSettled: () => setDisconnecting(null),
  });

  const connectButton = (
    <Button variant="primary" icon={<Plus className="size-4" aria-hidden="true" />} onClick={() => setConnecting(true)}>
      {t('channels.connect')}
    </Button>
  );
  const list = channels.data?.channels ?? [];

  return (
    <div className="flex max-w-4xl flex-col gap-6">
      <PageHeader title={t('channels.title')} description={t('channels.subtitle')} actions={manager && list.length > 0 ? connectButton : null} />
      {manager ? null : <Alert tone="info">{t('channels.readOnly')}</Alert>}
      {channels.isPending ? (
        <div className="flex justify-center py-10 text-zinc-400">
          <Spinner className="size-5" />
        </div>
      ) : channels.error ? (
        <Alert>{errorMessage(t, channels.error)}</Alert>
      ) : list.length === 0 ? (
        <Card>
          <EmptyState
            icon={<MessageCircle className="size-7" aria-hidden="true" />}
            title={t('channels.emptyTitle')}
            body={t(manager ? 'channels.emptyBody' : 'channels.emptyBodyReadOnly')}
            action={manager ? connectButton : null}
          />
        </Card>
      ) : (
        <ul className="flex flex-col gap-4">
          {list.map((channel) => (
            <ChannelCard
              key={channel.id}
              channel={channel}
              manager={manager}
              onEdit={() => setEditing(channel)}
              onTemplates={() => setBrowsing(channel)}
              onRouting={() => setRouting(channel)}
              onDisconnect={() => setDisconnecting(channel)}
            />
          ))}
        </ul>
      )}
      {connecting ? <ConnectDialog onClose={() => setConnecting(false)} /> : null}
      {editing ? <EditChannelDialog key={editing.id} channel={editing} onClose={() => setEditing(null)} /> : null}
      {routing ? <ChannelRoutingDialog key={routing.id} channel={routing} onClose={() => setRouting(null)} /> : null}
      {browsing ? <TemplatesDialog channel={browsing} canSync={manager} onClose={() => setBrowsing(null)} /> : null}
      <ConfirmDialog
        open={disconnecting !== null}
        title={t('channels.disconnectTitle', { name: disconnecting?.name ?? '' })}
        body={t('channels.disconnectBody')}
        confirmLabel={t('channels.disconnect')}
        loading={disconnect.isPending}
        onConfirm={() => disconnecting && disconnect.mutate(disconnecting)}
        onClose={() => setDisconnecting(null)}
      />
    </div>
  );
}
