import { type QueryClient, useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { api } from '../../app/api-client.js';
import type { PresenceItem, PresenceResponse } from '../../app/api-types.js';
import type { PresenceEvent } from '../../app/realtime.js';
import { useMemberDirectory } from './members.js';

export const presenceKey = ['presence'] as const;

/** Who is looking at or typing in which conversation; the stream keeps it current between polls. */
export function usePresence() {
  return useQuery({
    queryKey: presenceKey,
    queryFn: () => api.get<PresenceResponse>('/presence'),
    // Presence is a nicety: when the server cannot tell, stop asking instead of retrying.
    retry: false,
    refetchInterval: (query) => (query.state.error ? false : 15_000),
    staleTime: 10_000,
  });
}

/** Applies one presence change from the stream to the cached list. */
export function applyPresenceEvent(queryClient: QueryClient, event: PresenceEvent) {
  queryClient.setQueryData<PresenceResponse>(presenceKey, (current) => {
    const others = (current?.presence ?? []).filter((item) => !(item.conversationId === event.conversationId && item.memberId === event.memberId));
    if (event.state === 'left') return { presence: others };
    return { presence: [...others, { conversationId: event.conversationId, memberId: event.memberId, name: event.name, state: event.state, expiresAt: event.expiresAt }] };
  });
}

/** Other members present in one conversation (never me), typing ones first. */
export function useOthersPresent(conversationId: string): PresenceItem[] {
  const { data } = usePresence();
  const { myId } = useMemberDirectory();
  const now = Date.now();
  return (data?.presence ?? [])
    .filter((item) => item.conversationId === conversationId && item.memberId !== myId && Date.parse(item.expiresAt) > now)
    .sort((a, b) => (a.state === b.state ? a.name.localeCompare(b.name) : a.state === 'typing' ? -1 : 1));
}

const announce = (conversationId: string, state: 'viewing' | 'typing' | 'left') =>
  api.post<void>(`/conversations/${conversationId}/presence`, { state }).catch(() => {
    // Presence is best effort: a failed signal is replaced by the next one.
  });

/**
 * Tells the team I am viewing this conversation (now and every 15 s) and that I left when I go;
 * returns the function the composer calls on each keystroke (sent at most every 3 s).
 */
export function useAnnouncePresence(conversationId: string) {
  const lastTyping = useRef(0);
  useEffect(() => {
    void announce(conversationId, 'viewing');
    const timer = setInterval(() => void announce(conversationId, 'viewing'), 15_000);
    return () => {
      clearInterval(timer);
      void announce(conversationId, 'left');
    };
  }, [conversationId]);

  return useCallback(() => {
    const now = Date.now();
    if (now - lastTyping.current < 3000) return;
    lastTyping.current = now;
    void announce(conversationId, 'typing');
  }, [conversationId]);
}
