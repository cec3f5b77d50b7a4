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
 */
export class AddressBudget {
  readonly #used = new Map<string, number>();
  /** Time of the last admitted request: over the cap, one passes per `throttleMs` after it. */
  readonly #lastPass = new Map<string, number>();

  constructor(readonly limits: AddressBudgetLimits = DEFAULT_ADDRESS_BUDGET) {}

  cap(cumVolumeUsd: number): number {
    return this.limits.initialRequests + Math.floor(cumVolumeUsd * this.limits.requestsPerUsd);
  }

  cancelCap(cumVolumeUsd: number): number {
    const cap = this.cap(cumVolumeUsd);
    return Math.min(cap + this.limits.cancelExtra, 2 * cap);
  }

  used(user: string): number {
    return this.#used.get(user) ?? 0;
  }

  /**
   * Charge `n` requests for `user`; returns the refusal text, or null when admitted (and charged).
   * `cancelOnly` selects the larger cancel allowance.
   */
  charge(
    user: string,
    n: number,
    cancelOnly: boolean,
    cumVolumeUsd: number,
    nowMs: number,
  ): string | null {
    const used = this.used(user);
    const cap = cancelOnly ? this.cancelCap(cumVolumeUsd) : this.cap(cumVolumeUsd);
    if (used + n > cap) {
      const last = this.#lastPass.get(user);
      if (last !== undefined && nowMs - last < this.limits.throttleMs) {
        return `Too many cumulative requests sent (${used + n} > ${cap}) for cumulative volume ` +
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

  snapshot(user: string, cumVolumeUsd: number): BudgetSnapshot {
    return {
      cumVlm: cumVolumeUsd.toFixed(6).replace(/\.?0+$/, "") || "0",
      nRequestsUsed: this.used(user),
      nRequestsCap: this.cap(cumVolumeUsd),
      nRequestsSurplus: 0,
    };
  }
}
