import { Link } from 'react-router';
import { useSession } from '../../app/session.js';
import { useT } from '../../i18n/i18n.js';
import { Alert } from '../../ui/alert.js';
import { useChannels } from '../settings/channels/channels-api.js';

/**
 * Tells owners and admins, on every page, when a WhatsApp number stopped working (expired token,
 * revoked permission): messages to it wait in the outbox until someone fixes it.
 */
export function ChannelAlert() {
  const t = useT();
  const session = useSession();
  const canFix = session.role === 'owner' || session.role === 'admin';
  const channels = useChannels();
  if (!canFix) return null;
  // A number Meta never confirmed did not "stop" working: its card in Canales says what to fix.
  const broken = (channels.data?.channels ?? []).filter((channel) => channel.verifiedAt !== null && (channel.health === 'token_expired' || channel.health === 'disconnected'));
  if (broken.length === 0) return null;
  return (
    <div className="border-b border-red-100 bg-red-50/60 px-4 py-2 sm:px-6">
      <Alert>
        {t('shell.channelAlert', { names: broken.map((channel) => channel.name).join(', ') })}{' '}
        <Link to="/settings/channels" className="font-medium underline underline-offset-2">
          {t('shell.channelAlertFix')}
        </Link>
      </Alert>
    </div>
  );
}
