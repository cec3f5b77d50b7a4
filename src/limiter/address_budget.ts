/**
 * The per-address action budget (reference §2.3): 10000 requests plus 1 per USDC traded
 * cumulatively, minus the requests used. An action with n orders or cancels costs n. Info
 * requests cost nothing here.
 *
 * `sync` takes the exchange's `userRateLimit` answer and sets
 * `remaining = nRequestsCap - nRequestsUsed + nRequestsSurplus`:
 * - `nRequestsCap` = 10000 + floor(cumVlm): the allowance earned so far;
 * - `nRequestsUsed` = max(0, used - reserved): requests used beyond those bought with
 *   `reserveRequestWeight`;
 * - `nRequestsSurplus` = max(0, reserved - used): bought requests not yet used, which add to what
 *   is left.
 * At most one of the last two is non-zero, so both cases give `cap + reserved - used`.
 *
 * Between syncs `charge(n)` counts requests sent (a refused action costs nothing on the exchange,
 * so the local figure can only be too low, which is the safe side) and `addVolume` counts traded
 * notional. Past the limit the exchange still lets one request through every 10 s, timed from
 * the last request it admitted; `throttle` says when the next one may go.
 */
import { type Clock, systemClock } from "../core/clock.ts";
import type { AddressBudget } from "../core/ports.ts";
import type { AddressRateLimit } from "../core/types.ts";

/** Requests every address starts with. */
export const INITIAL_ADDRESS_REQUESTS = 10_000;
/** Extra cancel allowance: cancels may go up to min(limit + 100000, 2 * limit). */
export const CANCEL_EXTRA_REQUESTS = 100_000;
/** When throttled, one request per this interval (observed passes came about every 11 s). */
export const THROTTLED_INTERVAL_MS = 10_000;

/** Starting figures of the budget (until the first `sync`), the clock, and the throttled pace. */
export interface AddressBudgetOptions {
  /** Cumulative traded volume in USDC known at start (default 0). */
  readonly cumVolumeUsd?: number;
  /** Requests already used at start (default 0). */
  readonly used?: number;
  /** Default `systemClock`; `nowMs` is used for the throttle timing. */
  readonly clock?: Clock;
  /** Default 10000 ms. */
  readonly throttledIntervalMs?: number;
}

/** Whether an action must wait for the exchange's throttled pace, and until when. */
export interface ThrottleState {
  /** True when an action of the asked size would go over the limit. */
  readonly throttled: boolean;
  /** Unix ms when the next request may be sent (now when not throttled). */
  readonly nextAllowedAtMs: number;
  /** `nextAllowedAtMs - now`, at least 0. */
  readonly waitMs: number;
}

function checkCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`${what} must be a whole number >= 0, got ${n}`);
  }
}

/**
 * The one owner of the per-address request budget: charged per item sent, corrected by
 * `userRateLimit`.
 */
export class AddressRequestBudget implements AddressBudget {
  readonly #clock: Clock;
  readonly #intervalMs: number;
  /** Allowance before volume: 10000, or what the exchange's last cap implies. */
  #baseRequests = INITIAL_ADDRESS_REQUESTS;
  #cumVolumeUsd: number;
  /** Requests used net of reserved ones (negative when there is a surplus). */
  #netUsed: number;
  #lastSentAtMs: number | undefined;
  #charged = 0;

  constructor(options: AddressBudgetOptions = {}) {
    const cumVolumeUsd = options.cumVolumeUsd ?? 0;
    if (!Number.isFinite(cumVolumeUsd) || cumVolumeUsd < 0) {
      throw new RangeError(`cumVolumeUsd must be a finite number >= 0, got ${cumVolumeUsd}`);
    }
    const used = options.used ?? 0;
    checkCount(used, "used");
    this.#cumVolumeUsd = cumVolumeUsd;
    this.#netUsed = used;
    this.#clock = options.clock ?? systemClock;
    this.#intervalMs = options.throttledIntervalMs ?? THROTTLED_INTERVAL_MS;
  }

  /** The normal limit: base + floor(cumulative volume). */
  cap(): number {
    return this.#baseRequests + Math.floor(this.#cumVolumeUsd);
  }

  /** Requests left before the address is throttled (may be negative). */
  remaining(): number {
    return this.cap() - this.#netUsed;
  }

  /** Cancels left: cancels may use min(cap + 100000, 2 * cap) in all. */
  remainingForCancels(): number {
    const cap = this.cap();
    return Math.min(cap + CANCEL_EXTRA_REQUESTS, 2 * cap) - this.#netUsed;
  }

  /** Items charged by this process since it started (every action's items). */
  get charged(): number {
    return this.#charged;
  }

  /** Record an action with `n` orders or cancels sent now. */
  charge(n: number): void {
    checkCount(n, "item count");
    if (n === 0) return;
    this.#charged += n;
    this.#netUsed += n;
    this.#lastSentAtMs = this.#clock.nowMs();
  }

  /** Record traded notional (USDC) from our fills: 1 more request per USDC. */
  addVolume(notionalUsd: number): void {
    if (!Number.isFinite(notionalUsd) || notionalUsd < 0) {
      throw new RangeError(`notionalUsd must be a finite number >= 0, got ${notionalUsd}`);
    }
    this.#cumVolumeUsd += notionalUsd;
  }

  /** `n` requests bought with reserveRequestWeight: a surplus until used. */
  reserved(n: number): void {
    checkCount(n, "reserved requests");
    this.#netUsed -= n;
  }

  /** Replace the local estimate with the exchange's figures (see the module comment). */
  sync(limit: AddressRateLimit): void {
    const { cumVlm, nRequestsCap, nRequestsUsed, nRequestsSurplus } = limit;
    for (const [name, value] of Object.entries({ cumVlm, nRequestsCap, nRequestsUsed })) {
      if (!Number.isFinite(value) || value < 0) {
        throw new RangeError(`userRateLimit.${name} must be a finite number >= 0, got ${value}`);
      }
    }
    const surplus = Number.isFinite(nRequestsSurplus) && nRequestsSurplus > 0
      ? nRequestsSurplus
      : 0;
    this.#cumVolumeUsd = cumVlm;
    this.#baseRequests = nRequestsCap - Math.floor(cumVlm);
    this.#netUsed = nRequestsUsed - surplus;
  }

  /**
   * Whether an action of `n` items (default 1) would go over the limit, and when the next
   * throttled request may be sent: one per 10 s after the last request sent.
   */
  throttle(n = 1): ThrottleState {
    checkCount(n, "item count");
    const now = this.#clock.nowMs();
    if (this.remaining() >= n) return { throttled: false, nextAllowedAtMs: now, waitMs: 0 };
    const nextAllowedAtMs = this.#lastSentAtMs === undefined
      ? now
      : Math.max(now, this.#lastSentAtMs + this.#intervalMs);
    return { throttled: true, nextAllowedAtMs, waitMs: nextAllowedAtMs - now };
  }
}
