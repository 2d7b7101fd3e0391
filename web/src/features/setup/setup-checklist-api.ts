import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api } from '../../app/api-client.js';
import type { SetupChecklist } from '../../app/api-types.js';

export const setupChecklistKey = ['setup-checklist'] as const;

/** The getting-started steps (admins and owners only: the server refuses anyone else). */
export const useSetupChecklist = (enabled: boolean) =>
  // Steps are ticked by what happens elsewhere (a number connected, someone invited): ask again on each visit.
  useQuery({ queryKey: setupChecklistKey, queryFn: () => api.get<SetupChecklist>('/setup-checklist'), enabled, staleTime: 0, refetchOnWindowFocus: true });

export function useDismissSetupChecklist() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<null>('/setup-checklist/dismiss'),
    onSuccess: () => queryClient.setQueryData<SetupChecklist>(setupChecklistKey, (current) => (current ? { ...current, dismissed: true } : current)),
  });
}

/** For the routing rules page: an admin opening it is the checklist's "review the rules". */
export function useMarkRulesReviewed() {
  const queryClient = useQueryClient();
  return useCallback(
    () =>
      api
        .post<null>('/setup-checklist/rules-reviewed')
        .then(() => queryClient.invalidateQueries({ queryKey: setupChecklistKey }))
        .catch(() => {
          // Only the checklist's tick depends on it; the next visit tries again.
        }),
    [queryClient],
  );
}
