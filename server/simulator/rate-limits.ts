import type { BusinessNumber } from './types.js';

/**
 * Meta's two send limits (spec §12): throughput per number (messages per second, 130429) and the
 * pair rate per business/customer pair (about one message every 6 s after a short burst, 131056).
 * Both run on the simulator clock, so advancing it refills them.
 */
export class RateLimiter {
  private readonly recentSends = new Map<string, number[]>();
  private readonly pairBuckets = new Map<string, { tokens: number; updatedAt: number }>();

  /** Which limit this send would break (nothing is counted when it would). */
  check(number: BusinessNumber, customerKey: string, now: number): 130429 | 131056 | undefined {
    if (number.throughputPerSecond) {
      const recent = this.recentOf(number.phoneNumberId, now);
      if (recent.length >= number.throughputPerSecond) return 130429;
    }
    if (number.pairRate) {
      const bucket = this.bucketOf(number, customerKey, now);
      if (bucket.tokens < 1) return 131056;
    }
    return undefined;
  }

  /** Counts an accepted send against both limits. */
  record(number: BusinessNumber, customerKey: string, now: number): void {
    if (number.throughputPerSecond) this.recentOf(number.phoneNumberId, now).push(now);
    if (number.pairRate) this.bucketOf(number, customerKey, now).tokens -= 1;
  }

  private recentOf(phoneNumberId: string, now: number): number[] {
    const recent = (this.recentSends.get(phoneNumberId) ?? []).filter((at) => now - at < 1000);
    this.recentSends.set(phoneNumberId, recent);
    return recent;
  }

  private bucketOf(number: BusinessNumber, customerKey: string, now: number) {
    const limit = number.pairRate as { burst: number; intervalMs: number };
    const key = `${number.phoneNumberId}|${customerKey}`;
    const bucket = this.pairBuckets.get(key) ?? { tokens: limit.burst, updatedAt: now };
    const refill = (now - bucket.updatedAt) / limit.intervalMs;
    bucket.tokens = Math.min(limit.burst, bucket.tokens + refill);
    bucket.updatedAt = now;
    this.pairBuckets.set(key, bucket);
    return bucket;
  }
}
