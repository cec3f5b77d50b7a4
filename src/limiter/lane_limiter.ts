/**
 * The REST limiter with a reserved share for risk-reducing requests (cancels, the final
 * openOrders check): two token buckets whose capacities add up to the per-IP capacity.
 *
 * - "normal" requests take from the normal bucket (capacity × (1 - reservedShare)); a 429 backs
 *   it off with the usual doubling (up to a minute).
 * - "priority" requests take from the reserved bucket first, else from the normal bucket when it
 *   has the weight at once, else wait for the reserved bucket. A 429 backs the reserved bucket
 *   off only briefly (250 ms doubling to 2 s, without draining it), so a cancel is never stuck behind the long
 *   backoff of new orders, yet a storm of 429s is not hammered either.
 * Both buckets together never exceed the capacity in any 60 s window.
 */
import type { Clock } from "../core/clock.ts";
import type { LimiterLane, RestLimiter } from "../core/ports.ts";
import { type BackoffSettings, type Sleeper, TokenBucket } from "./token_bucket.ts";

/** Capacity, reserved share and backoff settings of the two-lane REST limiter. */
export interface LaneLimiterOptions {
  readonly capacityPerMin: number;
  /** Share of the capacity reserved for the priority lane (default 0.1). */
  readonly reservedShare?: number;
  readonly clock?: Clock;
  readonly sleep?: Sleeper;
  readonly random?: () => number;
  /** Backoff of the normal lane (the token bucket's defaults). */
  readonly backoff?: Partial<BackoffSettings>;
  /** Backoff of the priority lane (default 250 ms doubling to 2 s). */
  readonly priorityBackoff?: Partial<BackoffSettings>;
  readonly onTake?: (weight: number, atMonoMs: number) => void;
}

/** Default backoff of the priority lane after a 429. */
export const PRIORITY_BACKOFF: BackoffSettings = {
  baseMs: 250,
  maxMs: 2_000,
  resetAfterMs: 10_000,
};

/** The per-IP REST limiter with a reserved lane that cancels and the final check use. */
export class LaneLimiter implements RestLimiter {
  readonly capacityPerMin: number;
  readonly #normal: TokenBucket;
  readonly #reserved: TokenBucket;
  #total429s = 0;

  constructor(options: LaneLimiterOptions) {
    const share = options.reservedShare ?? 0.1;
    if (!(share > 0 && share < 1)) throw new RangeError(`reservedShare must be in (0, 1)`);
    this.capacityPerMin = options.capacityPerMin;
    const common = {
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
      ...(options.random ? { random: options.random } : {}),
      ...(options.onTake ? { onTake: options.onTake } : {}),
    };
    this.#normal = new TokenBucket({
      ...common,
      capacityPerMin: options.capacityPerMin * (1 - share),
      ...(options.backoff ? { backoff: options.backoff } : {}),
    });
    this.#reserved = new TokenBucket({
      ...common,
      capacityPerMin: options.capacityPerMin * share,
      backoff: { ...PRIORITY_BACKOFF, ...options.priorityBackoff },
      // Only a short block: the reserved share is not drained, so a cancel or the final check
      // goes out as soon as the block ends.
      drainOn429: false,
    });
  }

  acquire(weight: number, signal: AbortSignal, lane: LimiterLane = "normal"): Promise<void> {
    if (lane === "normal" || weight > this.#reserved.capacityPerMin) {
      return this.#normal.acquire(weight, signal);
    }
    if (this.#reserved.tryAcquire(weight) || this.#normal.tryAcquire(weight)) {
      return Promise.resolve();
    }
    return this.#reserved.acquire(weight, signal);
  }

  tryAcquire(weight: number): boolean {
    return this.#normal.tryAcquire(weight);
  }

  on429(retryAfterMs?: number): void {
    this.#total429s++;
    this.#normal.on429(retryAfterMs);
    // The reserved share keeps its own short backoff even when the server names a long one:
    // only cancels use it, and a cancel refused again costs nothing.
    this.#reserved.on429();
  }

  usedLastMinute(): number {
    return this.#normal.usedLastMinute() + this.#reserved.usedLastMinute();
  }

  blockedForMs(): number {
    return this.#normal.stats().blockedForMs;
  }

  get total429s(): number {
    return this.#total429s;
  }

  get totalWeightTaken(): number {
    return this.#normal.totalWeightTaken + this.#reserved.totalWeightTaken;
  }
}
