import { type InfiniteData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api-client.js';
import type {
  ActivityResponse,
  BulkAction,
  BulkResponse,
  ContactChange,
  ContactDetails,
  Conversation,
  ConversationsResponse,
  CountsResponse,
  InboxFilters,
  Message,
  MessagesResponse,
  PriorityValue,
  SendReply,
} from '../../app/api-types.js';
import { useLiveInterval } from '../../app/realtime.js';
import { searchFromFilters } from './inbox-filters.js';

// The stream (app/realtime.ts) invalidates these keys; without it, they poll.
export const conversationsKey = ['conversations'] as const;
export const countsKey = ['conversation-counts'] as const;
export const conversationKey = (conversationId: string) => ['conversation', conversationId] as const;
export const messagesKey = (conversationId: string) => ['conversation-messages', conversationId] as const;
export const activityKey = (conversationId: string) => ['conversation-activity', conversationId] as const;

type ConversationPages = InfiniteData<ConversationsResponse, string | null>;
type MessagePages = InfiniteData<MessagesResponse, string | null>;

/** The list for the current filters, page by page ("load more" follows nextCursor). */
export function useConversations(filters: InboxFilters) {
  const refetchInterval = useLiveInterval(3000);
  const query = searchFromFilters(filters).toString();
  return useInfiniteQuery({
    queryKey: [...conversationsKey, query],
    queryFn: ({ pageParam }) =>
      api.get<ConversationsResponse>(`/conversations?${query}&limit=50${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    refetchInterval,
    placeholderData: (previous) => previous,
  });
}

/** A contact's other conversations, newest first, for the side panel. */
export const useContactConversations = (contactId: string) =>
  useQuery({
    queryKey: [...conversationsKey, 'contact', contactId],
    queryFn: () =>
      api.get<ConversationsResponse>(
        `/conversations?contactId=${contactId}&view=all&status=open&status=pending&status=snoozed&status=resolved&sort=newest&limit=20`,
      ),
  });

export function useCounts() {
  const refetchInterval = useLiveInterval(5000);
  return useQuery({ queryKey: countsKey, queryFn: () => api.get<CountsResponse>('/conversations/counts'), refetchInterval });
}

export function useConversation(conversationId: string) {
  const refetchInterval = useLiveInterval(3000);
  return useQuery({ queryKey: conversationKey(conversationId), queryFn: () => api.get<Conversation>(`/conversations/${conversationId}`), refetchInterval });
}

/** Newest first from the server; older pages load on demand. */
export function useMessages(conversationId: string) {
  const refetchInterval = useLiveInterval(2000);
  return useInfiniteQuery({
    queryKey: messagesKey(conversationId),
    queryFn: ({ pageParam }) =>
      api.get<MessagesResponse>(`/conversations/${conversationId}/messages?limit=50${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    refetchInterval,
  });
}

export function useActivity(conversationId: string) {
  const refetchInterval = useLiveInterval(5000);
  return useQuery({
    queryKey: activityKey(conversationId),
    queryFn: () => api.get<ActivityResponse>(`/conversations/${conversationId}/activity`),
    refetchInterval,
  });
}

export const contactKey = (contactId: string) => ['contact', contactId] as const;

export const useContact = (contactId: string) =>
  useQuery({ queryKey: contactKey(contactId), queryFn: () => api.get<ContactDetails>(`/contacts/${contactId}`), staleTime: 60_000 });

/** Name, VIP, labels or custom fields; labels and fields are replaced as a whole. */
export function useUpdateContact(contactId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: ContactChange) => api.patch<ContactDetails>(`/contacts/${contactId}`, change),
    onSuccess: (contact) => {
      queryClient.setQueryData(contactKey(contactId), contact);
      void queryClient.invalidateQueries({ queryKey: contactKey(contactId) });
    },
  });
}

/** After any change to a conversation: its own data, the lists and the counts. */
function useRefreshConversation(conversationId: string) {
  const queryClient = useQueryClient();
  return (updated?: Conversation) => {
    if (updated) queryClient.setQueryData(conversationKey(conversationId), updated);
    void queryClient.invalidateQueries({ queryKey: conversationKey(conversationId) });
    void queryClient.invalidateQueries({ queryKey: activityKey(conversationId) });
    void queryClient.invalidateQueries({ queryKey: conversationsKey });
    void queryClient.invalidateQueries({ queryKey: countsKey });
  };
}

export function useSendMessage(conversationId: string) {
  const queryClient = useQueryClient();
  const refresh = useRefreshConversation(conversationId);
  return useMutation({
    mutationFn: (body: SendReply) => api.post<Message>(`/conversations/${conversationId}/messages`, body),
    onSuccess: (message) => {
      // Show it at once (pending) instead of waiting for the next refetch.
      queryClient.setQueryData<MessagePages>(messagesKey(conversationId), (current) => {
        if (!current || current.pages.some((page) => page.messages.some((item) => item.id === message.id))) return current;
        const [first, ...rest] = current.pages;
        return first ? { ...current, pages: [{ ...first, messages: [message, ...first.messages] }, ...rest] } : current;
      });
      void queryClient.invalidateQueries({ queryKey: messagesKey(conversationId) });
      refresh();
    },
  });
}

export function useTake(conversationId: string) {
  const refresh = useRefreshConversation(conversationId);
  return useMutation({
    mutationFn: () => api.post<Conversation>(`/conversations/${conversationId}/take`),
    onSuccess: refresh,
    onError: () => refresh(),
  });
}

export type AssignBody = { assigneeId?: string | null; teamId?: string | null; note?: string };
export function useAssign(conversationId: string) {
  const refresh = useRefreshConversation(conversationId);
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AssignBody) => api.post<Conversation>(`/conversations/${conversationId}/assign`, body),
    onSuccess: (conversation) => {
      refresh(conversation);
      // The hand-off note is a message of the conversation.
      void queryClient.invalidateQueries({ queryKey: messagesKey(conversationId) });
    },
  });
}

export function useEscalate(conversationId: string) {
  const refresh = useRefreshConversation(conversationId);
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { note?: string; priority: 'high' | 'urgent' }) => api.post<Conversation>(`/conversations/${conversationId}/escalate`, body),
    onSuccess: (conversation) => {
      refresh(conversation);
      void queryClient.invalidateQueries({ queryKey: messagesKey(conversationId) });
    },
  });
}

export type ConversationChange = {
  status?: Conversation['status'];
  snoozedUntil?: string;
  priority?: PriorityValue;
  tagIds?: string[];
  addTagIds?: string[];
  removeTagIds?: string[];
  intent?: string | null;
};
export function useUpdateConversation(conversationId: string) {
  const refresh = useRefreshConversation(conversationId);
  return useMutation({
    mutationFn: (change: ConversationChange) => api.patch<Conversation>(`/conversations/${conversationId}`, change),
    onSuccess: refresh,
  });
}

export function useBulk() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { conversationIds: string[]; action: BulkAction }) => api.post<BulkResponse>('/conversations/bulk', body),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: conversationsKey });
      void queryClient.invalidateQueries({ queryKey: countsKey });
      void queryClient.invalidateQueries({ queryKey: ['conversation'] });
    },
  });
}

/** Marks the conversation read for you (and, with `typing`, shows "typing…" on the customer's phone). */
export const markRead = (conversationId: string, typing = false) =>
  api.post<{ markedMessageId: string | null }>(`/conversations/${conversationId}/read`, { typing });

/** Drops the caller's unread dot in every cached list at once, before the refetch confirms it. */
export function clearUnread(queryClient: ReturnType<typeof useQueryClient>, conversationId: string) {
  queryClient.setQueriesData<ConversationPages>({ queryKey: conversationsKey }, (current) =>
    current?.pages
      ? {
          ...current,
          pages: current.pages.map((page) => ({
            ...page,
            conversations: page.conversations.map((item) => (item.id === conversationId && item.unread ? { ...item, unread: false } : item)),
          })),
        }
      : current,
  );
}
