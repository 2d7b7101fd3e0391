import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { ForgotPasswordPage } from '../features/auth/forgot-password-page.js';
import { InviteAcceptPage } from '../features/auth/invite-accept-page.js';
import { LoginPage } from '../features/auth/login-page.js';
import { ResetPasswordPage } from '../features/auth/reset-password-page.js';
import { SettingsRoutes } from '../features/settings/settings-routes.js';
import { SetupWizard } from '../features/setup/setup-wizard.js';
import { AppFrame } from '../features/shell/app-frame.js';
import { InboxPage } from '../features/inbox/inbox-page.js';
import { ReportsPage } from '../features/reports/reports-page.js';
import { ContactsPage } from '../features/contacts/contacts-page.js';
import { NotFoundPage } from '../features/shell/section-pages.js';
import { useI18n } from '../i18n/i18n.js';
import { BootError, FullPageSpinner } from './boot-states.js';
import { api } from './api-client.js';
import type { SetupStatusResponse } from './api-types.js';
import { RequireSession } from './require-session.js';
import { setupKey, useSessionQuery } from './session.js';

/** Boot: a fresh install shows the setup wizard; otherwise public pages, or the app behind sign-in. */
export function AppRoutes() {
  const setup = useQuery({
    queryKey: setupKey,
    queryFn: () => api.get<SetupStatusResponse>('/setup'),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const { data: session } = useSessionQuery();
  const { setLanguage } = useI18n();
  const sessionLanguage = session?.user.language;

  // The signed-in person's profile language wins over the device's choice.
  useEffect(() => {
    if (sessionLanguage) setLanguage(sessionLanguage);
  }, [sessionLanguage, setLanguage]);

  if (setup.isPending) return <FullPageSpinner />;
  if (setup.isError) return <BootError error={setup.error} onRetry={() => setup.refetch()} />;
  if (setup.data.needed) return <SetupWizard />;

  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/forgot-password" element={<ForgotPasswordPage />} />
      <Route path="/reset-password/:token" element={<ResetPasswordPage />} />
      <Route path="/invite/:token" element={<InviteAcceptPage />} />
      <Route element={<RequireSession />}>
        <Route element={<AppFrame />}>
          <Route index element={<Navigate to="/inbox" replace />} />
          <Route path="/inbox" element={<InboxPage />} />
          <Route path="/inbox/:conversationId" element={<InboxPage />} />
          <Route path="/contacts" element={<ContactsPage />} />
          <Route path="/reports/*" element={<ReportsPage />} />
          <Route path="/settings/*" element={<SettingsRoutes />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Route>
    </Routes>
  );
}
