/**
 * A conservative weighted token bucket for the per-IP REST weight (reference §2.1: 1200 per
 * minute) and, with another capacity, the WS message budget (§2.2: 2000 per minute).
 *
 * Rules, all decided from the injected `Clock` (monotonic time, `monoMs`):
 * - **Bucket.** Holds at most `capacityPerMin` tokens and refills continuously at
 *   `capacityPerMin / 60000` tokens per ms. It **starts full**: a freshly started process has sent
 *   nothing, so it may use its whole minute at once.
 * - **Trailing-window guard** (on by default). A bucket alone lets through up to twice its
 *   capacity in one 60 s window (a full burst, then a minute of refill). The exchange does not say
 *   whether its window is sliding, fixed or a bucket (§2.1, UNCONFIRMED), so by default a request
 *   is also held until the weight taken in the trailing 60 s plus its own weight fits in
 *   `capacityPerMin`. Then no 60 s window (sliding or fixed) ever holds more than the capacity. A
 *   take at time t stops counting at t + 60000.
 * - **FIFO.** Waiters are served strictly in arrival order: only the head of the queue waits for
 *   tokens, so a big request is never starved by small ones behind it. `tryAcquire` never jumps
 *   the queue (false while anyone waits).
 * - **429.** `on429(retryAfterMs?)` drains the bucket to 0 and blocks every acquisition until the
 *   backoff has passed; the bucket then refills from empty at the normal rate (no refill during
 *   the block). The backoff is `Retry-After` when given, else `min(maxMs, baseMs * 2^(k-1))` for
 *   the k-th consecutive 429, scaled by a jitter factor in [0.5, 1) from the injected random
 *   source (so it is never less than half the step). The consecutive count resets to 0 when
 *   `resetAfterMs` has passed since the previous backoff ended without another 429 (a success
 *   period: the limiter cannot see successes, only the absence of 429s).
 * - Weights must be finite and >= 0; a weight above the capacity could never be served and is
 *   refused with a RangeError (by `acquire` and `tryAcquire`). Weight 0 passes at once.
 */
import { type Clock, systemClock } from "../core/clock.ts";
import type { RestLimiter } from "../core/ports.ts";
import { abortable, delay } from "../util/async.ts";

/** Sleep `ms`, rejecting with the signal's reason if it aborts first. */
export type Sleeper = (ms: number, signal: AbortSignal) => Promise<void>;

/** The default sleeper: a real timer (`delay` from src/util/async.ts). */
export const timerSleeper: Sleeper = (ms, signal) => delay(ms, { signal });

/** Length of the rate-limit window and of one refill of the full capacity. */
export const WINDOW_MS = 60_000;

/**
 * How long to back off after HTTP 429s (ms): first step, cap, and the quiet time that resets the
 * count.
 */
export interface BackoffSettings {
  /** First backoff after a 429 without Retry-After, before jitter (default 1000). */
  readonly baseMs: number;
  /** Largest backoff step, before jitter (default 60000). */
  readonly maxMs: number;
  /** Quiet time after a backoff ends that resets the consecutive-429 count (default 60000). */
  readonly resetAfterMs: number;
}

/** Backoff after a 429: 1 s doubling up to 60 s, reset after a quiet minute. */
export const DEFAULT_BACKOFF: BackoffSettings = {
  baseMs: 1_000,
  maxMs: 60_000,
  resetAfterMs: 60_000,
};

/**
 * Capacity per minute plus the injected clock, sleeper and jitter, backoff and window-guard
 * settings.
 */
export interface TokenBucketOptions {
  /** Tokens (weight) per minute; also the bucket size. */
  readonly capacityPerMin: number;
  /** Default `systemClock`; only `monoMs` is used. */
  readonly clock?: Clock;
  /** Default `timerSleeper`. */
  readonly sleep?: Sleeper;
  /** Random source in [0, 1) for the backoff jitter (default Math.random). */
  readonly random?: () => number;
  readonly backoff?: Partial<BackoffSettings>;
  /** Also cap the weight of the trailing 60 s at the capacity (default true; see above). */
  readonly windowGuard?: boolean;
  /** Called on every take (acquire, tryAcquire, charge), for metrics and tests. */
  readonly onTake?: (weight: number, atMonoMs: number) => void;
  /** A 429 drains the bucket and refills it only after the backoff (default true). */
  readonly drainOn429?: boolean;
}

/** A point-in-time view of a bucket for metrics and tests. */
export interface TokenBucketStats {
  readonly capacityPerMin: number;
  /** Tokens in the bucket now (negative after a `charge` beyond what was there). */
  readonly availableTokens: number;
  readonly usedLastMinute: number;
  /** Waiters queued in `acquire`. */
  readonly waiters: number;
  /** How long acquisitions stay blocked by a 429 backoff from now (0 when not blocked). */
  readonly blockedForMs: number;
  readonly total429s: number;
  readonly consecutive429s: number;
  /** Weight taken since creation (acquire, tryAcquire and charge). */
  readonly totalWeightTaken: number;
}

interface Take {
  readonly atMs: number;
  readonly weight: number;
}

interface Waiter {
  readonly turn: PromiseWithResolvers<void>;
}

/**
 * Paces requests under a per-minute weight capacity (REST weight or WS messages) and backs off
 * after 429s.
 */
export class TokenBucket implements RestLimiter {
  readonly capacityPerMin: number;
  readonly #clock: Clock;
  readonly #sleep: Sleeper;
  readonly #random: () => number;
  readonly #backoff: BackoffSettings;
  readonly #windowGuard: boolean;
  readonly #onTake: ((weight: number, atMonoMs: number) => void) | undefined;
  readonly #drainOn429: boolean;

  /**
   * Bucket level in units of 1/60000 token, so a refill of `elapsedMs * capacityPerMin` units is
   * exact for whole milliseconds.
   */
  #levelUnits: number;
  /** Refill is counted from here (pushed to the end of a 429 block). */
  #refillFromMs: number;
  #blockedUntilMs = Number.NEGATIVE_INFINITY;
  readonly #log: Take[] = [];
  #logHead = 0;
  #logSum = 0;
  readonly #queue: Waiter[] = [];
  #total429s = 0;
  #consecutive429s = 0;
  #totalWeightTaken = 0;

  constructor(options: TokenBucketOptions) {
    const { capacityPerMin } = options;
    if (!Number.isFinite(capacityPerMin) || capacityPerMin <= 0) {
      throw new RangeError(`capacityPerMin must be a positive number, got ${capacityPerMin}`);
    }
    this.capacityPerMin = capacityPerMin;
    this.#clock = options.clock ?? systemClock;
    this.#sleep = options.sleep ?? timerSleeper;
    this.#random = options.random ?? Math.random;
    this.#backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.#windowGuard = options.windowGuard ?? true;
    this.#onTake = options.onTake;
    this.#drainOn429 = options.drainOn429 ?? true;
    this.#levelUnits = capacityPerMin * WINDOW_MS;
    this.#refillFromMs = this.#clock.monoMs();
  }

  /** Wait (abortably, FIFO) until `weight` tokens can be taken, then take them. */
  async acquire(weight: number, signal: AbortSignal): Promise<void> {
    this.#validate(weight);
    if (signal.aborted) throw signal.reason;
    if (weight === 0) return;
    if (this.#queue.length === 0) {
      const now = this.#clock.monoMs();
      if (this.#waitMs(weight, now) === 0) {
        this.#take(weight, now);
        return;
      }
    }
    const waiter: Waiter = { turn: Promise.withResolvers<void>() };
    this.#queue.push(waiter);
    if (this.#queue[0] === waiter) waiter.turn.resolve();
    try {
      await abortable(waiter.turn.promise, signal);
      while (true) {
        if (signal.aborted) throw signal.reason;
        const now = this.#clock.monoMs();
        const waitMs = this.#waitMs(weight, now);
        if (waitMs === 0) {
          this.#take(weight, now);
          return;
        }
        await this.#sleep(Math.ceil(waitMs), signal);
      }
    } finally {
      const index = this.#queue.indexOf(waiter);
      if (index >= 0) this.#queue.splice(index, 1);
      if (index === 0) this.#queue[0]?.turn.resolve();
    }
  }

  /** Take `weight` now if it fits and nobody is queued; never waits. */
  tryAcquire(weight: number): boolean {
    this.#validate(weight);
    if (weight === 0) return true;
    if (this.#queue.length > 0) return false;
    const now = this.#clock.monoMs();
    if (this.#waitMs(weight, now) > 0) return false;
    this.#take(weight, now);
    return true;
  }

  /**
   * Record weight that was spent without asking first (e.g. the per-item surcharge of an info
   * answer, known only once it arrives). The bucket may go negative; later requests wait longer.
   */
  charge(weight: number): void {
    if (!Number.isFinite(weight) || weight < 0) {
      throw new RangeError(`weight must be a finite number >= 0, got ${weight}`);
    }
    if (weight === 0) return;
    const now = this.#clock.monoMs();
    this.#refill(now);
    this.#take(weight, now);
  }

  /** HTTP 429: drain to 0 and block until the backoff passes (see the module comment). */
  on429(retryAfterMs?: number): void {
    const now = this.#clock.monoMs();
    this.#refill(now);
    if (now - this.#blockedUntilMs >= this.#backoff.resetAfterMs) this.#consecutive429s = 0;
    this.#consecutive429s++;
    this.#total429s++;
    let backoffMs: number;
    if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs >= 0) {
      backoffMs = retryAfterMs;
    } else {
      const { baseMs, maxMs } = this.#backoff;
      const stepMs = Math.min(maxMs, baseMs * 2 ** (this.#consecutive429s - 1));
      const r = Math.min(Math.max(this.#random(), 0), 1);
      backoffMs = stepMs * (0.5 + 0.5 * r);
    }
    this.#blockedUntilMs = Math.max(this.#blockedUntilMs, now + backoffMs);
    if (this.#drainOn429) {
      this.#levelUnits = Math.min(this.#levelUnits, 0);
      this.#refillFromMs = Math.max(this.#refillFromMs, this.#blockedUntilMs);
    }
  }

  /** Weight taken in the trailing 60 s (takes at t count until t + 60000). */
  usedLastMinute(): number {
    this.#prune(this.#clock.monoMs());
    return this.#logSum;
  }

  /** Milliseconds until `weight` could be taken at once (0: now), ignoring queued waiters. */
  readyInMs(weight: number): number {
    return this.#waitMs(weight, this.#clock.monoMs());
  }

  /** Tokens in the bucket now. */
  availableTokens(): number {
    this.#refill(this.#clock.monoMs());
    return this.#levelUnits / WINDOW_MS;
  }

  get total429s(): number {
    return this.#total429s;
  }

  get totalWeightTaken(): number {
    return this.#totalWeightTaken;
  }

  stats(): TokenBucketStats {
    const now = this.#clock.monoMs();
    return {
      capacityPerMin: this.capacityPerMin,
      availableTokens: this.availableTokens(),
      usedLastMinute: this.usedLastMinute(),
      waiters: this.#queue.length,
      blockedForMs: Math.max(0, this.#blockedUntilMs - now),
      total429s: this.#total429s,
      consecutive429s: this.#consecutive429s,
      totalWeightTaken: this.#totalWeightTaken,
    };
  }

  #validate(weight: number): void {
    if (!Number.isFinite(weight) || weight < 0) {
      throw new RangeError(`weight must be a finite number >= 0, got ${weight}`);
    }
    if (weight > this.capacityPerMin) {
      throw new RangeError(
        `weight ${weight} exceeds the limiter capacity of ${this.capacityPerMin} per minute: ` +
          `it could never be served`,
      );
    }
  }

  #refill(now: number): void {
    if (now <= this.#refillFromMs) return;
    const full = this.capacityPerMin * WINDOW_MS;
    const level = this.#levelUnits + (now - this.#refillFromMs) * this.capacityPerMin;
    this.#levelUnits = Math.min(full, level);
    this.#refillFromMs = now;
  }

  #prune(now: number): void {
    const log = this.#log;
    while (this.#logHead < log.length) {
      const take = log[this.#logHead]!;
      if (take.atMs + WINDOW_MS > now) break;
      this.#logSum -= take.weight;
      this.#logHead++;
    }
    if (this.#logHead === log.length) {
      log.length = 0;
      this.#logHead = 0;
      this.#logSum = 0;
    } else if (this.#logHead > 1024 && this.#logHead * 2 > log.length) {
      log.splice(0, this.#logHead);
      this.#logHead = 0;
    }
  }

  /** Milliseconds until `weight` could be taken (0 = now), from the bucket, window and block. */
  #waitMs(weight: number, now: number): number {
    this.#refill(now);
    this.#prune(now);
    let readyAt = Math.max(now, this.#blockedUntilMs);
    const missingUnits = weight * WINDOW_MS - this.#levelUnits;
    if (missingUnits > 0) {
      readyAt = Math.max(
        readyAt,
        this.#refillFromMs + Math.ceil(missingUnits / this.capacityPerMin),
      );
    } else {
      readyAt = Math.max(readyAt, this.#refillFromMs);
    }
    if (this.#windowGuard && this.#logSum + weight > this.capacityPerMin) {
      let sum = this.#logSum;
      for (let i = this.#logHead; i < this.#log.length; i++) {
        const take = this.#log[i]!;
        sum -= take.weight;
        if (sum + weight <= this.capacityPerMin) {
          readyAt = Math.max(readyAt, take.atMs + WINDOW_MS);
          break;
        }
      }
    }
    return Math.max(0, readyAt - now);
  }

  #take(weight: number, now: number): void {
    this.#levelUnits -= weight * WINDOW_MS;
    this.#log.push({ atMs: now, weight });
    this.#logSum += weight;
    this.#totalWeightTaken += weight;
    this.#onTake?.(weight, now);
  }
}
