import type { AppContext } from '../../context.js';
import { HOLE_MIN_AGE_MS, rollUp } from './rollup.js';

/**
 * Keeps the reports a few seconds behind the event log: every event (this process's, and with Redis
 * the others') asks for a fold shortly after, bursts collapse into one, and a fold stopped at a hole
 * looks again once the hole can have settled. The minute job stays as the backstop.
 */
export function createMetricsFolder(ctx: AppContext, options: { delayMs?: number } = {}) {
  const delayMs = options.delayMs ?? 300;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let unsubscribe: (() => void) | null = null;

  const schedule = (ms: number) => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = null;
      run();
    }, ms);
    timer.unref();
  };

  const run = () => {
    if (running) {
      again = true;
      return;
    }
    running = rollUp(ctx)
      .then(({ caughtUp }) => {
        if (!caughtUp) schedule(HOLE_MIN_AGE_MS);
      })
      .catch((error) => {
        ctx.logger.error({ err: error }, 'metrics fold failed');
        schedule(5_000);
      })
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          schedule(delayMs);
        }
      });
  };

  return {
    kick: () => schedule(delayMs),
    listen() {
      unsubscribe ??= ctx.eventBus.subscribe(() => schedule(delayMs));
      // What came in while the server was down, once it is up (not on the start path).
      schedule(2_000);
    },
    async stop() {
      stopped = true;
      unsubscribe?.();
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
