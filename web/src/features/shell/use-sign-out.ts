import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '../../app/api-client.js';
import { useApplySession } from '../../app/session.js';

/** Sign out here or on every device; either way the browser forgets the session and shows login. */
export function useSignOut() {
  const navigate = useNavigate();
  const applySession = useApplySession();
  const leave = () => {
    // Navigate and drop the session in the same tick so the login page never sees a stale session.
    navigate('/login', { replace: true });
    applySession(null);
  };
  const signOut = useMutation({ mutationFn: () => api.post<void>('/auth/logout'), onSettled: leave });
  const signOutEverywhere = useMutation({ mutationFn: () => api.post<void>('/auth/logout-all'), onSuccess: leave });
  return { signOut, signOutEverywhere };
}
