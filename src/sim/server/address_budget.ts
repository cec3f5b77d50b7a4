/**
 * Per-address action budget (reference §2.3): 10000 + 1 per USDC traded; cancels may go up to
 * min(cap + 100000, 2 * cap); past the cap one request per 10 s passes. Refused requests use no
 * budget and do not restart the 10 s window.
 */
export interface AddressBudgetLimits {
  /** Initial buffer of requests (10000). */
  readonly initialRequests: number;
  /** Requests added per USD traded (1). */
  readonly requestsPerUsd: number;
  /** Extra cancel allowance (100000), capped at 2x. */
  readonly cancelExtra: number;
  /** Throttled-mode interval (10000 ms). */
  readonly throttleMs: number;
}

/** The exchange's documented per-address budget rules. */
export const DEFAULT_ADDRESS_BUDGET: AddressBudgetLimits = {
  initialRequests: 10_000,
  requestsPerUsd: 1,
  cancelExtra: 100_000,
  throttleMs: 10_000,
};

/** An address's budget as `userRateLimit` answers it. */
export interface BudgetSnapshot {
  readonly cumVlm: string;
  readonly nRequestsUsed: number;
  readonly nRequestsCap: number;
  readonly nRequestsSurplus: number;
}

/**
 * Charges and enforces the per-address request budget of every account, throttling it past the cap.
 * `reservedRequests` (bought with `reserveRequestWeight`, owned by the core) raise the limit:
 * limit = 10000 + floor(cumVlm) + reserved; cancels may go to min(limit + 100000, 2 * limit).
 */
export class AddressBudget {
  readonly #used = new Map<string, number>();
  /** Time of the last admitted request: over the cap, one passes per `throttleMs` after it. */
  readonly #lastPass = new Map<string, number>();

  constructor(readonly limits: AddressBudgetLimits = DEFAULT_ADDRESS_BUDGET) {}

  /** The earned cap, `nRequestsCap` of `userRateLimit` (reserved requests not included). */
  cap(cumVolumeUsd: number): number {
    return this.limits.initialRequests + Math.floor(cumVolumeUsd * this.limits.requestsPerUsd);
  }

  /** The limit the gate applies to non-cancel actions: the earned cap plus the reserve. */
  limit(cumVolumeUsd: number, reservedRequests = 0): number {
    return this.cap(cumVolumeUsd) + reservedRequests;
  }

  /** The larger limit of cancel-only actions: min(limit + cancelExtra, 2 * limit). */
  cancelCap(cumVolumeUsd: number, reservedRequests = 0): number {
    const limit = this.limit(cumVolumeUsd, reservedRequests);
    return Math.min(limit + this.limits.cancelExtra, 2 * limit);
  }

  /** Requests charged to `user` so far (cumulative, reserve not deducted). */
  used(user: string): number {
    return this.#used.get(user) ?? 0;
  }

  /**
   * Charge `n` requests for `user`; returns the refusal text, or null when admitted (and charged).
   * `cancelOnly` selects the larger cancel allowance. Past the limit, a request passes only when
   * `throttleMs` have gone by since the last admitted one (a throttled pass is charged in full);
   * a refusal charges nothing and leaves the window where it was.
   */
  charge(
    user: string,
    n: number,
    cancelOnly: boolean,
    cumVolumeUsd: number,
    nowMs: number,
    reservedRequests = 0,
  ): string | null {
    const used = this.used(user);
    const limit = cancelOnly
      ? this.cancelCap(cumVolumeUsd, reservedRequests)
      : this.limit(cumVolumeUsd, reservedRequests);
    if (used + n > limit) {
      const last = this.#lastPass.get(user);
      if (last !== undefined && nowMs - last < this.limits.throttleMs) {
        return `Too many cumulative requests sent (${used + n} > ${limit}) for cumulative volume ` +
          `traded $${cumVolumeUsd.toFixed(2)}. Place taker orders to free up 1 request per USDC ` +
          `traded.`;
      }
    }
    this.#lastPass.set(user, nowMs);
    this.#used.set(user, used + n);
    return null;
  }

  /** Add to the used count without checks (e.g. the 5x cost of an expired action). */
  penalize(user: string, n: number): void {
    this.#used.set(user, this.used(user) + n);
  }

  /**
   * The `userRateLimit` answer: nRequestsUsed = max(0, used - reserved), nRequestsSurplus =
   * max(0, reserved - used), nRequestsCap = the earned cap (reference §2.3).
   */
  snapshot(user: string, cumVolumeUsd: number, reservedRequests = 0): BudgetSnapshot {
    const used = this.used(user);
    return {
      cumVlm: cumVolumeUsd.toFixed(6).replace(/\.?0+$/, "") || "0",
      nRequestsUsed: Math.max(0, used - reservedRequests),
      nRequestsCap: this.cap(cumVolumeUsd),
      nRequestsSurplus: Math.max(0, reservedRequests - used),
    };
  }
}
