import { type QueryClient, type QueryKey, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useSyncExternalStore } from 'react';

/** One event of the workspace stream (GET /stream), as the server sends it. */
export type StreamEvent = {
  id: number | string;
  type: string;
  subjectType: string;
  subjectId: string;
  conversationId: string | null;
  actor: { type: string; id: string | null };
  payload: Record<string, unknown>;
  at: string;
};

/** A presence change (`event: presence`): someone opened, typed in or left a conversation. */
export type PresenceEvent = { conversationId: string; memberId: string; name: string; state: 'viewing' | 'typing' | 'left'; expiresAt: string };

// Whether the stream is connected. While it is not, lists and conversations poll instead.
let connected = false;
const listeners = new Set<() => void>();
const setConnected = (value: boolean) => {
  if (connected === value) return;
  connected = value;
  for (const listener of listeners) listener();
};
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** Polling interval to use for a query: none while the stream pushes changes, `ms` otherwise. */
export function useLiveInterval(ms: number): number | false {
  const live = useSyncExternalStore(subscribe, () => connected);
  return live ? false : ms;
}

// Features that react to events themselves (the live dashboard) rather than through query keys.
const eventListeners = new Set<(event: StreamEvent) => void>();

/**
 * Calls `onEvent` with every event of the workspace stream while the caller is mounted. The latest
 * callback is used, so passing an inline function never resubscribes.
 */
export function useStreamEvents(onEvent: (event: StreamEvent) => void) {
  const current = useRef(onEvent);
  current.current = onEvent;
  useEffect(() => {
    const listener = (event: StreamEvent) => current.current(event);
    eventListeners.add(listener);
    return () => {
      eventListeners.delete(listener);
    };
  }, []);
}

type Handlers = { onPresence: (event: PresenceEvent) => void };

// The query keys each kind of event makes stale; the open conversation's are added by conversationId.
function keysFor(event: StreamEvent): QueryKey[] {
  const [domain] = event.type.split('.');
  const keys: QueryKey[] = [];
  if (domain === 'message' || domain === 'note' || domain === 'conversation') keys.push(['conversations'], ['conversation-counts']);
  if (event.conversationId && (domain === 'message' || domain === 'note' || domain === 'conversation')) {
    keys.push(['conversation', event.conversationId], ['conversation-messages', event.conversationId], ['conversation-activity', event.conversationId]);
  }
  // A new customer, a conversation that moved: the contacts page's order and last conversations.
  if (domain === 'message' || domain === 'conversation' || domain === 'contact') keys.push(['contacts']);
  if (domain === 'notification') keys.push(['notifications']);
  if (domain === 'tag') keys.push(['tags'], ['conversations']);
  if (domain === 'team') keys.push(['teams'], ['conversation-counts']);
  if (domain === 'canned_response') keys.push(['canned-responses']);
  if (domain === 'workspace') keys.push(['workspace']);
  // My presence and load: availability changes, and conversations that change who carries them.
  if (domain === 'member') keys.push(['members'], ['my-status']);
  if (event.type === 'conversation.assigned' || event.type === 'conversation.resolved' || event.type === 'conversation.reopened') keys.push(['my-status']);
  if (domain === 'channel') keys.push(['channels'], ['conversation-counts']);
  return keys;
}

/**
 * Bursts of events (a customer sending five messages) become one refetch per query: keys are
 * collected and invalidated together a moment later.
 */
function batchedInvalidator(queryClient: QueryClient) {
  const pending = new Map<string, QueryKey>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  return (keys: QueryKey[]) => {
    for (const key of keys) pending.set(JSON.stringify(key), key);
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      const batch = [...pending.values()];
      pending.clear();
      for (const queryKey of batch) void queryClient.invalidateQueries({ queryKey });
    }, 150);
  };
}

const numericId = (id: number | string) => (typeof id === 'number' ? id : Number(id));

/**
 * The workspace's live stream, one EventSource per tab. The browser reconnects by itself and sends
 * Last-Event-ID; when the endpoint refuses (or is missing), it tries again later and the app polls meanwhile.
 */
export function useRealtime(handlers: Handlers) {
  const queryClient = useQueryClient();
  // The latest handlers, so re-rendering the caller never reconnects the stream.
  const current = useRef(handlers);
  current.current = handlers;

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const invalidate = batchedInvalidator(queryClient);
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let lastId = Number.NEGATIVE_INFINITY;
    let stopped = false;

    const open = () => {
      // After a refused connection the browser's own Last-Event-ID is gone: resume from the last id applied.
      source = new EventSource(Number.isFinite(lastId) ? `/api/v1/stream?lastEventId=${lastId}` : '/api/v1/stream');
      source.onopen = () => {
        // Anything may have changed while disconnected: polling covered it, but refresh once to be sure.
        if (!connected) invalidate([['conversations'], ['conversation-counts'], ['notifications']]);
        setConnected(true);
      };
      source.onmessage = (message) => {
        let event: StreamEvent;
        try {
          event = JSON.parse(message.data) as StreamEvent;
        } catch {
          return;
        }
        const id = numericId(event.id);
        if (Number.isFinite(id)) {
          if (id <= lastId) return;
          lastId = id;
        }
        invalidate(keysFor(event));
        for (const listener of eventListeners) listener(event);
      };
      source.addEventListener('presence', (message) => {
        try {
          current.current.onPresence(JSON.parse((message as MessageEvent<string>).data) as PresenceEvent);
        } catch {
          // A malformed presence update is not worth breaking the stream for.
        }
      });
      source.addEventListener('reset', () => void queryClient.invalidateQueries());
      source.onerror = () => {
        setConnected(false);
        if (source?.readyState === EventSource.CLOSED && !stopped) {
          source = null;
          retry = setTimeout(open, 30_000);
        }
      };
    };
    open();

    return () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      source?.close();
      setConnected(false);
    };
  }, [queryClient]);
}
