import { useT } from '../../i18n/i18n.js';
import { Button } from '../../ui/button.js';
import { AuthLayout } from '../auth/auth-layout.js';
import { useSignOut } from './use-sign-out.js';

/** Signed in but with no active membership (deactivated everywhere): explain, and let them leave. */
export function NoWorkspacePage() {
  const t = useT();
  const { signOut } = useSignOut();
  return (
    <AuthLayout title={t('noWorkspace.title')} subtitle={t('noWorkspace.body')}>
      <Button size="lg" className="w-full" loading={signOut.isPending} onClick={() => signOut.mutate()}>
        {t('userMenu.signOut')}
      </Button>
    </AuthLayout>
  );
}
