import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api-client.js';
import type { NotificationItem, NotificationsResponse } from '../../app/api-types.js';
import { useLiveInterval } from '../../app/realtime.js';
import type { Translate } from '../../i18n/i18n.js';
import { slaTargetLabel } from '../inbox/sla.js';

export const notificationsKey = ['notifications'] as const;

export function useNotifications() {
  const refetchInterval = useLiveInterval(15_000);
  return useQuery({ queryKey: notificationsKey, queryFn: () => api.get<NotificationsResponse>('/notifications?limit=30'), refetchInterval });
}

/** Marks the given notifications read, or all of them without ids. */
export function useMarkNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids?: number[]) => api.post<{ marked: number }>('/notifications/read', ids ? { ids } : {}),
    onMutate: (ids) => {
      const now = new Date().toISOString();
      queryClient.setQueryData<NotificationsResponse>(notificationsKey, (current) => {
        if (!current) return current;
        const notifications = current.notifications.map((item) => (!item.readAt && (!ids || ids.includes(item.id)) ? { ...item, readAt: now } : item));
        return { notifications, unread: Math.max(0, current.unread - (current.notifications.filter((item) => !item.readAt).length - notifications.filter((item) => !item.readAt).length)) };
      });
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: notificationsKey }),
  });
}

/** One line for a notification: who did what, in the reader's language. */
export function notificationSentence(t: Translate, item: NotificationItem): string {
  const vars = { actor: item.actor?.name ?? t('notifications.someone'), number: item.displayNumber ?? '—', count: item.count };
  switch (item.kind) {
    case 'assigned':
      // No actor: routing (or an integration) assigned it.
      return item.actor ? t('notifications.assigned', vars) : t('notifications.assignedNoActor', vars);
    case 'handed_off':
      return t('notifications.handedOff', vars);
    case 'mentioned':
      return t('notifications.mentioned', vars);
    case 'escalated':
      return item.actor ? t('notifications.escalated', vars) : t('notifications.escalatedNoActor', vars);
    case 'priority_raised':
      return t('notifications.priorityRaised', vars);
    case 'sla_warning':
      return t('notifications.slaWarning', vars);
    case 'sla_breached':
      return t('notifications.slaBreached', vars);
    default:
      return t('notifications.newMessages', vars);
  }
}

/** The line under the sentence: the message or note, or for SLA alerts which target ("First response"). */
export function notificationDetail(t: Translate, item: NotificationItem): string | null {
  if (item.kind === 'sla_warning' || item.kind === 'sla_breached') {
    const target = slaTargetLabel(t, item.text);
    return target ? target.charAt(0).toLocaleUpperCase() + target.slice(1) : null;
  }
  return item.text;
}
