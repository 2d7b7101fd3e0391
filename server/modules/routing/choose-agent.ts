import type { Availability, Strategy } from '../../../contracts/routing.js';

export type Candidate = {
  id: string;
  name: string;
  active: boolean;
  onShift: boolean;
  /** Online only while the agent was active recently; see availability.ts. */
  status: Availability;
  open: number;
  capacity: number;
  lastAssignedAt: number | null;
};

export type SkipReason = 'inactive' | 'off_shift' | 'offline' | 'away' | 'at_capacity';
export type Skipped = { id: string; name: string; reason: SkipReason };
export type Choice = { chosen: Candidate | null; skipped: Skipped[] };

/** Why a candidate cannot take a conversation now, or null when they can (on shift ∧ online ∧ under capacity). */
export function unavailability(candidate: Candidate): SkipReason | null {
  if (!candidate.active) return 'inactive';
  if (!candidate.onShift) return 'off_shift';
  if (candidate.status === 'offline') return 'offline';
  if (candidate.status === 'away') return 'away';
  if (candidate.open >= candidate.capacity) return 'at_capacity';
  return null;
}

const byId = (a: Candidate, b: Candidate) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Picks the member for one conversation.
 * - round_robin: the next available member after `pointer` in a fixed order (membership id), so
 *   over any run the counts differ by at most one among members who stayed available.
 * - least_loaded: lowest open/capacity; ties go to whoever waited longest since their last assignment.
 * - sticky: `stickyId` when available, else round-robin.
 * - queue: nobody; members take from the queue.
 */
export function chooseAgent(strategy: Strategy, candidates: Candidate[], options: { pointer: string | null; stickyId: string | null }): Choice {
  const ordered = [...candidates].sort(byId);
  const skipped: Skipped[] = [];
  const available: Candidate[] = [];
  for (const candidate of ordered) {
    const reason = unavailability(candidate);
    if (reason) skipped.push({ id: candidate.id, name: candidate.name, reason });
    else available.push(candidate);
  }
  if (strategy === 'queue' || available.length === 0) return { chosen: null, skipped };
  if (strategy === 'sticky' && options.stickyId) {
    const sticky = available.find((candidate) => candidate.id === options.stickyId);
    if (sticky) return { chosen: sticky, skipped };
  }
  if (strategy === 'least_loaded') {
    const ratio = (candidate: Candidate) => candidate.open / candidate.capacity;
    const chosen = available.reduce((best, candidate) => {
      const difference = ratio(candidate) - ratio(best);
      if (difference !== 0) return difference < 0 ? candidate : best;
      return (candidate.lastAssignedAt ?? -Infinity) < (best.lastAssignedAt ?? -Infinity) ? candidate : best;
    });
    return { chosen, skipped };
  }
  // Round-robin (and sticky's fallback): the first available member after the pointer, wrapping.
  const pointer = options.pointer;
  const chosen = (pointer ? available.find((candidate) => candidate.id > pointer) : undefined) ?? available[0]!;
  return { chosen, skipped };
}
