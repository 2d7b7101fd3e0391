import { randomUUID } from 'node:crypto';
import type { GraphEndpoint } from './types.js';

/**
 * A scripted failure for the next `times` matching Graph calls of a number:
 * - `status`/`code`: answer with that Meta error instead of handling the call;
 * - `failAsync`: accept a send (200 + wamid) and then post a `failed` status with that code;
 * - `delayMs`: answer late (alone: a slow but successful call);
 * - `timeout`: never answer; the request hangs until the client gives up.
 */
export interface FaultOptions {
  endpoint?: GraphEndpoint | GraphEndpoint[];
  status?: number;
  code?: number;
  subcode?: number;
  message?: string;
  details?: string;
  failAsync?: number;
  delayMs?: number;
  timeout?: boolean;
  /** Default 1. */
  times?: number;
  /** Only calls whose parsed body matches (e.g. a given `to` or biz_opaque_callback_data). */
  match?: (call: { endpoint: GraphEndpoint; body: unknown }) => boolean;
}

export interface Fault extends FaultOptions {
  id: string;
  phoneNumberId: string;
  remaining: number;
  /** Calls this fault has already answered. */
  used: number;
}

const DEFAULT_CODE_FOR_STATUS: Record<number, number> = { 400: 100, 401: 190, 403: 10, 404: 100, 429: 130429, 500: 131000, 503: 131016 };

export function defaultCodeFor(status: number): number {
  return DEFAULT_CODE_FOR_STATUS[status] ?? (status >= 500 ? 131000 : 100);
}

export class FaultInjector {
  private faults: Fault[] = [];

  add(phoneNumberId: string, options: FaultOptions): Fault {
    const fault: Fault = { ...options, id: randomUUID(), phoneNumberId, remaining: Math.max(1, options.times ?? 1), used: 0 };
    this.faults.push(fault);
    return fault;
  }

  /** Takes the first armed fault for this call, in the order faults were injected. */
  take(phoneNumberId: string | undefined, endpoint: GraphEndpoint, body: unknown): Fault | undefined {
    const fault = this.faults.find((candidate) => {
      if (candidate.phoneNumberId !== phoneNumberId || candidate.remaining <= 0) return false;
      const endpoints = candidate.endpoint === undefined ? undefined : [candidate.endpoint].flat();
      if (endpoints && !endpoints.includes(endpoint)) return false;
      // An asynchronous failure only makes sense for a send.
      if (candidate.failAsync !== undefined && endpoint !== 'messages') return false;
      return !candidate.match || candidate.match({ endpoint, body });
    });
    if (!fault) return undefined;
    fault.remaining -= 1;
    fault.used += 1;
    if (fault.remaining === 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
    return fault;
  }

  list(): Fault[] {
    return [...this.faults];
  }

  clear(phoneNumberId?: string, faultId?: string): number {
    const before = this.faults.length;
    this.faults = this.faults.filter((fault) => (phoneNumberId && fault.phoneNumberId !== phoneNumberId) || (faultId && fault.id !== faultId));
    return before - this.faults.length;
  }
}
