import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { BrowserRouter } from 'react-router';
import { I18nProvider } from '../i18n/i18n.js';
import { ToastProvider } from '../ui/toast.js';
import { ApiError, isSignedOutError, setCsrfToken } from './api-client.js';
import { sessionKey } from './session.js';

function createQueryClient() {
  // A 401 anywhere means the session ended (expired, or signed out elsewhere): drop it so the app shows login.
  const onError = (error: unknown) => {
    if (isSignedOutError(error) && queryClient.getQueryData(sessionKey)) {
      setCsrfToken(null);
      queryClient.setQueryData(sessionKey, null);
    }
  };
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // Client errors will not fix themselves on retry; network blips might.
        retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      },
    },
  });
  return queryClient;
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <ToastProvider>
          <BrowserRouter>{children}</BrowserRouter>
        </ToastProvider>
      </I18nProvider>
    </QueryClientProvider>
  );
}
