import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api-client.js';
import type { InboxFilters, SavedViewItem, SavedViewsResponse } from '../../app/api-types.js';

export const savedViewsKey = ['views'] as const;

export const useSavedViews = () => useQuery({ queryKey: savedViewsKey, queryFn: () => api.get<SavedViewsResponse>('/views') });

export function useSaveView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; filters: InboxFilters }) => api.post<SavedViewItem>('/views', body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: savedViewsKey }),
  });
}

export function useDeleteView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (viewId: string) => api.delete<void>(`/views/${viewId}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: savedViewsKey }),
  });
}
