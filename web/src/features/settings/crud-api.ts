import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api-client.js';

/** Create, update and delete for a simple workspace collection (tags, teams, canned responses). */
export function useCrud<Input, Item extends { id: string }>(path: string, key: QueryKey) {
  const queryClient = useQueryClient();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: key });
    // Conversations show tags and teams by name.
    void queryClient.invalidateQueries({ queryKey: ['conversations'] });
  };
  return {
    save: useMutation({
      mutationFn: ({ id, input }: { id?: string; input: Input }) => (id ? api.patch<Item>(`${path}/${id}`, input) : api.post<Item>(path, input)),
      onSuccess: refresh,
    }),
    remove: useMutation({ mutationFn: (id: string) => api.delete<void>(`${path}/${id}`), onSuccess: refresh }),
  };
}
