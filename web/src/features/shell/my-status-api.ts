import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ActivityResult } from '../../app/activity-heartbeat.js';
import { api } from '../../app/api-client.js';
import type { AvailabilityValue, MyStatusResponse } from '../../app/api-types.js';

// The stream (app/realtime.ts) invalidates this key on member.* and assignment events.
export const myStatusKey = ['my-status'] as const;

/**
 * My presence, shift and load. Polled once a minute as well, because going idle changes the
 * effective status without any event.
 */
export const useMyStatus = () =>
  useQuery({
    queryKey: myStatusKey,
    queryFn: () => api.get<MyStatusResponse>('/me/status'),
    refetchInterval: (query) => (query.state.error ? false : 60_000),
    retry: false,
  });

export function useSetMyStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (status: AvailabilityValue) => api.put<MyStatusResponse>('/me/status', { status }),
    onSuccess: (status) => queryClient.setQueryData(myStatusKey, status),
  });
}

/** After the activity heartbeat: when the server saw me come back from idle, reload my status now. */
export function useApplyActivity() {
  const queryClient = useQueryClient();
  return (result: ActivityResult) => {
    const current = queryClient.getQueryData<MyStatusResponse>(myStatusKey);
    // Without data yet, the first load may have been answered before this activity counted.
    if (!current || current.status !== result.status || current.effectiveStatus !== result.effectiveStatus) void queryClient.invalidateQueries({ queryKey: myStatusKey });
  };
}
