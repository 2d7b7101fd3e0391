/**
 * Counts work in flight (scheduled status webhooks, deliveries not yet acknowledged) so tests can
 * `waitForIdle()` instead of sleeping.
 */
export class Activity {
  private busy = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private waiters: (() => void)[] = [];

  /** Marks one unit of work started; call the returned function (once) when it is done. */
  begin(): () => void {
    this.busy += 1;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.busy -= 1;
      this.notify();
    };
  }

  /** A timer that counts as work until its callback has run. */
  later(ms: number, run: () => void): void {
    const end = this.begin();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      try {
        run();
      } finally {
        end();
      }
    }, Math.max(0, ms));
    this.timers.add(timer);
  }

  get inFlight(): number {
    return this.busy;
  }

  idle(timeoutMs: number, describePending: () => string): Promise<void> {
    if (this.busy === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== done);
        reject(new Error(`Simulator not idle after ${timeoutMs} ms: ${describePending()}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push(done);
    });
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private notify(): void {
    if (this.busy !== 0) return;
    // Resolve on a later tick: work that ends often schedules the next step synchronously after.
    setImmediate(() => {
      if (this.busy !== 0) return;
      const waiters = this.waiters;
      this.waiters = [];
      for (const waiter of waiters) waiter();
    });
  }
}
