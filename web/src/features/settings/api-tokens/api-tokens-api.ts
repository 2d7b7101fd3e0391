import { useQuery } from '@tanstack/react-query';
import { api } from '../../../app/api-client.js';
import type { ApiTokensResponse } from '../../../app/api-types.js';

export const apiTokensKey = ['api-tokens'] as const;

export const useApiTokens = () => useQuery({ queryKey: apiTokensKey, queryFn: () => api.get<ApiTokensResponse>('/api-tokens') });
