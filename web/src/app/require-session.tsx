import { Navigate, Outlet, useLocation } from 'react-router';
import { NoWorkspacePage } from '../features/shell/no-workspace-page.js';
import { BootError, FullPageSpinner } from './boot-states.js';
import { useSessionQuery, wasSignedOutOnPurpose } from './session.js';

/** Gate for the signed-in app: sends signed-out visitors to login and remembers where they were going. */
export function RequireSession() {
  const session = useSessionQuery();
  const location = useLocation();
  if (session.isPending) return <FullPageSpinner />;
  if (session.isError) return <BootError error={session.error} onRetry={() => session.refetch()} />;
  if (!session.data) {
    const next =
      location.pathname === '/' || wasSignedOutOnPurpose()
        ? ''
        : `?next=${encodeURIComponent(location.pathname + location.search)}`;
    return <Navigate to={`/login${next}`} replace />;
  }
  if (!session.data.workspace) return <NoWorkspacePage />;
  return <Outlet />;
}
