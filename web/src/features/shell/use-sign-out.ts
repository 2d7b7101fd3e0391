import { useMutation } from '@tanstack/react-query';
import { api } from '../../app/api-client.js';
import { useApplySession } from '../../app/session.js';

/** Sign out here or on every device; either way the browser forgets the session and shows login. */
export function useSignOut() {
  const applySession = useApplySession();
  // Dropping the session is enough: the app's gate sends the browser to the login page.
  const leave = () => applySession(null, { onPurpose: true });
  const signOut = useMutation({ mutationFn: () => api.post<void>('/auth/logout'), onSettled: leave });
  const signOutEverywhere = useMutation({ mutationFn: () => api.post<void>('/auth/logout-all'), onSuccess: leave });
  return { signOut, signOutEverywhere };
}
