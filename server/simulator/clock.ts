/**
 * The simulator's notion of "now". Tests move it forward to expire the 24 h window or a media URL
 * without waiting; timers that pace webhooks still run on real time.
 */
export class SimClock {
  private offsetMs = 0;

  constructor(private readonly base: () => number = Date.now) {}

  now(): number {
    return this.base() + this.offsetMs;
  }

  /** Unix seconds as the string Meta puts in every `timestamp`. */
  unixSeconds(at = this.now()): string {
    return String(Math.floor(at / 1000));
  }

  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new Error('advanceClock needs a non-negative number of milliseconds');
    this.offsetMs += ms;
    return this.now();
  }
}
