import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api, isSignedOutError, setCsrfToken } from './api-client.js';
import type { Session } from './api-types.js';

export const sessionKey = ['session'] as const;
export const setupKey = ['setup'] as const;

async function fetchSession(): Promise<Session | null> {
  try {
    const session = await api.get<Session>('/session');
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    // Signed out is a normal state of the app, not a failure to show.
    if (isSignedOutError(error)) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

/** The current session, or null when signed out. Loaded once; writes that return a Session replace it. */
export function useSessionQuery() {
  return useQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: Number.POSITIVE_INFINITY, retry: false });
}

/** The session inside the signed-in app, where RequireSession guarantees one. */
export function useSession(): Session {
  const { data } = useSessionQuery();
  if (!data) throw new Error('useSession is only available inside the signed-in app');
  return data;
}

// After an intentional sign-out the login page must not offer to return to the page just left;
// after an expired session it should. Kept outside React because both updates land in one render.
let signedOutOnPurpose = false;
export const wasSignedOutOnPurpose = () => signedOutOnPurpose;

/** Stores a session returned by login, setup, profile or workspace switch; null signs out locally. */
export function useApplySession() {
  const queryClient = useQueryClient();
  return useCallback(
    (session: Session | null, options: { onPurpose?: boolean } = {}) => {
      signedOutOnPurpose = session === null && options.onPurpose === true;
      setCsrfToken(session?.csrfToken ?? null);
      const previous = queryClient.getQueryData<Session | null>(sessionKey);
      // Another person or workspace must never see cached data of the previous one.
      if (!session || previous?.user.id !== session.user.id || previous?.workspace?.id !== session.workspace?.id) {
        queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'session' && query.queryKey[0] !== 'setup' });
      }
      queryClient.setQueryData(sessionKey, session);
    },
    [queryClient],
  );
}

export const canManageWorkspace = (session: Session) => session.role === 'owner' || session.role === 'admin';
