import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api-client.js';
import type { Conversation, ConversationsResponse, Message, MessagesResponse, SendMessage } from '../../app/api-types.js';

// No realtime yet: the inbox polls. The list every 3 s, the open conversation every 2 s.
export const conversationsKey = ['conversations'] as const;
export const messagesKey = (conversationId: string) => ['conversation-messages', conversationId] as const;

export const useConversations = () =>
  useQuery({
    queryKey: conversationsKey,
    queryFn: () => api.get<ConversationsResponse>('/conversations?status=open&limit=50'),
    refetchInterval: 3000,
  });

export const conversationKey = (conversationId: string) => ['conversation', conversationId] as const;

export const useConversation = (conversationId: string) =>
  useQuery({
    queryKey: conversationKey(conversationId),
    queryFn: () => api.get<Conversation>(`/conversations/${conversationId}`),
    refetchInterval: 3000,
  });

export const useMessages = (conversationId: string) =>
  useQuery({
    queryKey: messagesKey(conversationId),
    queryFn: () => api.get<MessagesResponse>(`/conversations/${conversationId}/messages?limit=50`),
    refetchInterval: 2000,
  });

export function useSendMessage(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SendMessage) => api.post<Message>(`/conversations/${conversationId}/messages`, body),
    onSuccess: (message) => {
      // Show it at once (pending) instead of waiting for the next poll.
      queryClient.setQueryData<MessagesResponse>(messagesKey(conversationId), (current) =>
        current && !current.messages.some((item) => item.id === message.id)
          ? { ...current, messages: [message, ...current.messages] }
          : current,
      );
      void queryClient.invalidateQueries({ queryKey: conversationsKey });
      void queryClient.invalidateQueries({ queryKey: conversationKey(conversationId) });
    },
  });
}

export const markRead = (conversationId: string, typing = false) =>
  api.post<{ markedMessageId: string | null }>(`/conversations/${conversationId}/read`, { typing });

/** A template's body text (component of type BODY, any case), or '' when it has none. */
export function templateBody(components: unknown[]): string {
  for (const component of components) {
    if (typeof component !== 'object' || component === null) continue;
    const { type, text } = component as { type?: unknown; text?: unknown };
    if (typeof type === 'string' && type.toUpperCase() === 'BODY' && typeof text === 'string') return text;
  }
  return '';
}

/** The `{{n}}` placeholders of a body, in numeric order, each once. */
export function placeholdersOf(body: string): number[] {
  const found = new Set<number>();
  for (const match of body.matchAll(/\{\{\s*(\d+)\s*\}\}/g)) found.add(Number(match[1]));
  return [...found].sort((a, b) => a - b);
}

/** The body with each `{{n}}` replaced by its value; empty values keep the placeholder visible. */
export function fillBody(body: string, values: Record<number, string>): string {
  return body.replace(/\{\{\s*(\d+)\s*\}\}/g, (match, n: string) => values[Number(n)]?.trim() || match);
}
