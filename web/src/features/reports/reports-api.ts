import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../app/api-client.js';
import type {
  AgentFiguresResponse,
  LiveMetricsResponse,
  LostConversationsResponse,
  MetricsLoadResponse,
  MetricsQueryValue,
  MetricsSeriesResponse,
  MetricsSummary,
} from '../../app/api-types.js';
import { queryString } from './report-filters.js';

export const liveMetricsKey = ['metrics', 'live'] as const;
/** Every report's queries: the history refetches them all after events. */
export const reportsKey = ['metrics'] as const;

/** The events that change the figures: conversations, incoming messages, people's presence and shifts. */
export const changesFigures = (type: string) => type.startsWith('conversation.') || type === 'message.received' || type.startsWith('member.');
const metricsKey = (kind: string, query: MetricsQueryValue | null) => ['metrics', kind, query] as const;

/** Right now: open, unassigned, waiting per team, agents' load. Polled every 30 s; events refresh it sooner. */
export const useLiveMetrics = () => useQuery({ queryKey: liveMetricsKey, queryFn: () => api.get<LiveMetricsResponse>('/metrics/live'), refetchInterval: 30_000 });

// A report keeps showing the previous figures while the next filters load, so the page does not jump.
function useReport<T>(kind: string, query: MetricsQueryValue | null) {
  return useQuery({
    queryKey: metricsKey(kind, query),
    queryFn: () => api.get<T>(`/metrics/${kind}?${query ? queryString(query) : ''}`),
    enabled: query !== null,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export const useMetricsSummary = (query: MetricsQueryValue | null) => useReport<MetricsSummary>('summary', query);
export const useMetricsSeries = (query: MetricsQueryValue | null) => useReport<MetricsSeriesResponse>('series', query);
export const useAgentFigures = (query: MetricsQueryValue | null) => useReport<AgentFiguresResponse>('agents', query);
export const useMetricsLoad = (query: MetricsQueryValue | null) => useReport<MetricsLoadResponse>('load', query);
export const useLostConversations = (query: MetricsQueryValue | null) => useReport<LostConversationsResponse>('lost', query);

/** A CSV export's address: a plain link, so the browser downloads it with the session cookie. */
export const csvUrl = (file: 'cycles' | 'agents', query: MetricsQueryValue) => `/api/v1/metrics/${file}.csv?${queryString(query)}`;
