import { useEffect, useRef } from 'react';
import type { AvailabilityValue } from './api-types.js';
import { api } from './api-client.js';

export type ActivityResult = { status: AvailabilityValue; effectiveStatus: AvailabilityValue };

const THROTTLE_MS = 60_000;
// Module-wide, so a remount (or React's development double effects) does not send twice.
let lastSentAt = Number.NEGATIVE_INFINITY;

/**
 * Tells the server "I am here" at load and on input (keys, clicks and taps, coming back to the tab),
 * at most once a minute: routing counts an agent with no recent activity as away.
 */
export function useActivityHeartbeat(onResult?: (result: ActivityResult) => void) {
  const latest = useRef(onResult);
  latest.current = onResult;

  useEffect(() => {
    const ping = () => {
      const now = Date.now();
      if (now - lastSentAt < THROTTLE_MS) return;
      lastSentAt = now;
      api
        .post<ActivityResult>('/me/activity')
        .then((result) => latest.current?.(result))
        .catch(() => {
          // Presence is best effort: the next input tries again after the throttle.
        });
    };
    const onVisibility = () => {
      if (document.visibilityState === 'visible') ping();
    };
    ping();
    document.addEventListener('keydown', ping, { passive: true });
    document.addEventListener('pointerdown', ping, { passive: true });
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      document.removeEventListener('keydown', ping);
      document.removeEventListener('pointerdown', ping);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, []);
}
