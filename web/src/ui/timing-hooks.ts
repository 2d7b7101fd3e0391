import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Runs `action` at once, then at most once per `ms`: calls in between collapse into one at the end
 * of the interval, so a burst of events costs one refetch and the last one is never missed.
 */
export function useThrottled(action: () => void, ms: number) {
  const state = useRef<{ last: number; timer: ReturnType<typeof setTimeout> | null }>({ last: 0, timer: null });
  const current = useRef(action);
  current.current = action;
  useEffect(() => {
    const own = state.current;
    return () => {
      if (own.timer) clearTimeout(own.timer);
    };
  }, []);
  return useCallback(() => {
    const own = state.current;
    const wait = own.last + ms - Date.now();
    if (wait <= 0) {
      own.last = Date.now();
      current.current();
      return;
    }
    own.timer ??= setTimeout(() => {
      own.timer = null;
      own.last = Date.now();
      current.current();
    }, wait);
  }, [ms]);
}

/** Runs `action` `ms` after the first call of a burst; the calls while it waits are covered by it. */
export function useDelayed(action: () => void, ms: number) {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const current = useRef(action);
  current.current = action;
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return useCallback(() => {
    timer.current ??= setTimeout(() => {
      timer.current = null;
      current.current();
    }, ms);
  }, [ms]);
}

/** The current time, updated every `ms` (for "3 min ago" texts); use it in a small component so only it re-renders. */
export function useNow(ms = 1000) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}
