import http from 'node:http';

export type SseMessage = { id: string | null; event: string; data: any };

/**
 * A Server-Sent Events client over real HTTP (like a browser's EventSource, minus the automatic
 * reconnect, which tests do by hand with `lastEventId`).
 */
export function openStream(baseUrl: string, auth: { cookie?: string; bearer?: string }, lastEventId?: string | number | null) {
  const messages: SseMessage[] = [];
  const waiters = new Set<() => void>();
  let request: http.ClientRequest;
  let status = 0;
  const opened = new Promise<void>((resolve, reject) => {
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (auth.cookie) headers.cookie = auth.cookie;
    if (auth.bearer) headers.authorization = `Bearer ${auth.bearer}`;
    if (lastEventId !== undefined && lastEventId !== null) headers['last-event-id'] = String(lastEventId);
    request = http.get(`${baseUrl}/api/v1/stream`, { headers }, (response) => {
      status = response.statusCode ?? 0;
      response.setEncoding('utf8');
      let buffer = '';
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let id: string | null = null;
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('id: ')) id = line.slice(4);
            else if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length) messages.push({ id, event, data: JSON.parse(data.join('\n')) });
        }
        for (const wake of waiters) wake();
      });
      response.on('error', () => {});
      resolve();
    });
    request.on('error', reject);
  });
  return {
    messages,
    opened,
    get status() {
      return status;
    },
    events: () => messages.filter((message) => message.event === 'message').map((message) => message.data),
    lastId: () => [...messages].reverse().find((message) => message.id !== null)?.id ?? null,
    /** Resolves once the predicate holds over the received messages (or rejects after timeoutMs). */
    async until(predicate: (messages: SseMessage[]) => boolean, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(messages)) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`stream: condition not met after ${timeoutMs} ms (${messages.length} messages)`);
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiters.delete(wake);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(wake, Math.min(left, 200));
          waiters.add(wake);
        });
      }
    },
    close() {
      request.destroy();
    },
  };
}
