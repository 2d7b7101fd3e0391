import { useState } from 'react';
import { useT } from '../../../i18n/i18n.js';
import { Button } from '../../../ui/button.js';
import { Card } from '../../../ui/card.js';
import { ConfirmDialog } from '../../../ui/confirm-dialog.js';
import { useSignOut } from '../../shell/use-sign-out.js';

export function SessionsCard() {
  const t = useT();
  const { signOutEverywhere } = useSignOut();
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      <Card
        title={t('profile.sessionsTitle')}
        description={t('profile.sessionsBody')}
        actions={
          <Button variant="secondary" onClick={() => setConfirming(true)}>
            {t('profile.signOutEverywhere')}
          </Button>
        }
      />
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
