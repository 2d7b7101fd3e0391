import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../app/api-client.js';
import type {
  AgentRoutingItem,
  ChannelRoutingValue,
  QueueItem,
  RoutingRule,
  RoutingRuleInput,
  RoutingSettings,
  RuleCondition,
  RuleTestResponse,
  Schedule,
  Session,
  ShiftEndPolicyValue,
  Strategy,
  TeamRoutingValue,
} from '../../../app/api-types.js';

export type ConditionKind = RuleCondition['kind'];

export const strategies: Strategy[] = ['round_robin', 'least_loaded', 'sticky', 'queue'];
export const shiftEndPolicies: ShiftEndPolicyValue[] = ['keep', 'queue', 'reassign'];
export const conditionKinds: ConditionKind[] = ['text', 'channel', 'intent', 'vip', 'contact_tag', 'contact_field', 'priority', 'business_hours', 'contact_history', 'repeated'];
export const testDayOptions = [1, 7, 30, 90] as const;

export const rulesKey = ['routing', 'rules'] as const;
export const routingSettingsKey = ['routing', 'settings'] as const;
export const agentsKey = ['routing', 'agents'] as const;
export const queueKey = ['routing', 'queue'] as const;
export const teamRoutingKey = (teamId: string) => ['routing', 'team', teamId] as const;
export const channelRoutingKey = (channelId: string) => ['routing', 'channel', channelId] as const;

/** Mirrors the server policy: owners, admins and supervisors see routing; owners and admins change it. */
export const canReadRouting = (session: Session) => session.role === 'owner' || session.role === 'admin' || session.role === 'supervisor';

export const useRules = () => useQuery({ queryKey: rulesKey, queryFn: () => api.get<{ rules: RoutingRule[] }>('/routing/rules') });
export const useRoutingSettings = () => useQuery({ queryKey: routingSettingsKey, queryFn: () => api.get<RoutingSettings>('/routing/settings') });
export const useAgents = () => useQuery({ queryKey: agentsKey, queryFn: () => api.get<{ agents: AgentRoutingItem[] }>('/routing/agents'), refetchInterval: 30_000 });
export const useQueues = () => useQuery({ queryKey: queueKey, queryFn: () => api.get<{ queues: QueueItem[] }>('/routing/queue'), refetchInterval: 30_000 });
export const useTeamRouting = (teamId: string) => useQuery({ queryKey: teamRoutingKey(teamId), queryFn: () => api.get<TeamRoutingValue>(`/teams/${teamId}/routing`) });
export const useChannelRouting = (channelId: string) =>
  useQuery({ queryKey: channelRoutingKey(channelId), queryFn: () => api.get<ChannelRoutingValue>(`/channels/${channelId}/routing`), staleTime: 60_000 });

/** A stored rule as the editor and the test endpoint take it (no id, position or dates). */
export const inputOf = (rule: RoutingRule): RoutingRuleInput => ({ name: rule.name, enabled: rule.enabled, match: rule.match, conditions: rule.conditions, actions: rule.actions, stop: rule.stop });

/** Writes to the rule list; each one refreshes the list (and the agents, whose load routing may change). */
export function useRuleMutations() {
  const queryClient = useQueryClient();
  const setRules = (rules: RoutingRule[]) => queryClient.setQueryData(rulesKey, { rules });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: rulesKey });
    void queryClient.invalidateQueries({ queryKey: agentsKey });
  };
  return {
    save: useMutation({
      mutationFn: ({ id, input }: { id?: string; input: RoutingRuleInput }) => (id ? api.patch<RoutingRule>(`/routing/rules/${id}`, input) : api.post<RoutingRule>('/routing/rules', input)),
      onSuccess: refresh,
    }),
    toggle: useMutation({ mutationFn: (rule: RoutingRule) => api.patch<RoutingRule>(`/routing/rules/${rule.id}`, { enabled: !rule.enabled }), onSuccess: refresh }),
    remove: useMutation({ mutationFn: (id: string) => api.delete<void>(`/routing/rules/${id}`), onSuccess: refresh }),
    reorder: useMutation({ mutationFn: (ids: string[]) => api.put<{ rules: RoutingRule[] }>('/routing/rules/order', { ids }), onSuccess: (result) => setRules(result.rules), onError: refresh }),
    addDefaults: useMutation({
      mutationFn: () => api.post<{ rules: RoutingRule[] }>('/routing/rules/defaults'),
      onSuccess: (result) => {
        setRules(result.rules);
        // The suggested rules create Ventas, Soporte and Supervisores when missing.
        void queryClient.invalidateQueries({ queryKey: ['teams'] });
      },
    }),
  };
}

/** "Probar reglas": nothing is changed on the server. */
export const useRuleTest = () =>
  useMutation({ mutationFn: (body: { rules?: RoutingRuleInput[]; days: number; limit?: number }) => api.post<RuleTestResponse>('/routing/rules/test', { limit: 500, ...body }) });

/** An empty weekly schedule in the given zone; the editors start from it when a schedule is turned on. */
export function emptySchedule(timeZone: string, hours: [string, string][] = []): Schedule {
  const weekly = { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: [], sun: [] };
  return { timeZone, weekly, daysOff: [], specialDays: [] };
}
