import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../app/api-client.js';
import type { ContactPageResponse } from '../../app/api-types.js';
import { useLiveInterval } from '../../app/realtime.js';

// The stream (app/realtime.ts) invalidates this key when customers write; without it, it polls.
export const contactsKey = ['contacts'] as const;

const pageSize = 50;

/** The workspace's contacts matching `q` (all when empty), page by page with the server's cursor. */
export function useContacts(q: string) {
  const refetchInterval = useLiveInterval(15_000);
  return useInfiniteQuery({
    queryKey: [...contactsKey, q],
    queryFn: ({ pageParam }) => {
      const search = new URLSearchParams({ limit: String(pageSize) });
      if (q) search.set('q', q);
      if (pageParam) search.set('cursor', pageParam);
      return api.get<ContactPageResponse>(`/contacts?${search}`);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    refetchInterval,
    placeholderData: (previous) => previous,
  });
}
