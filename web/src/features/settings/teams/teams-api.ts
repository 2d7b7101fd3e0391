import { useQuery } from '@tanstack/react-query';
import { api } from '../../../app/api-client.js';
import type { TeamsResponse } from '../../../app/api-types.js';

export const teamsKey = ['teams'] as const;
export const useTeams = () => useQuery({ queryKey: teamsKey, queryFn: () => api.get<TeamsResponse>('/teams'), staleTime: 60_000 });
