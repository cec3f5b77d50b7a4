/**
 * The address-budget governor (issue 12): decides how much of the per-address request budget each
 * decision may spend, so a fresh account can quote all day. Pure: it is told the time, what is
 * left (the budget's one owner, src/limiter/address_budget.ts, keeps that figure), what was spent
 * and what fills earned.
 *
 * - **Sustainable rate**: what is left above the reserve, spread over the horizon, plus what fills
 *   earn (1 request per USDC traded): `(remaining - reserve) / horizonMin + earnPerMin`.
 * - **Allowance**: a token bucket refilled at that rate (burst: one full refresh of every quote,
 *   or 10 s of the rate). Each decision's changes are ranked (rank_changes.ts): missing and
 *   at-risk quotes go while tokens last, the others in batches (no trickle of small actions);
 *   the rest are deferred to a later decision with newer data.
 * - **Cancels are never held back**: they reduce risk, and the reserve is kept for them and for
 *   the kill switch. Other actions never take `remaining` below the reserve.
 * - **Widening before pausing**: when the spend would reach the reserve within the horizon, the
 *   passive dead zone and the size tolerance widen (up to 4x; decide.ts), and at full widening the ladder thins
 *   to the level nearest the touch (filled again once the widening is back under 2x). Quotes stay up; only how often they move changes.
 * - **Buying** (optional): when the forecast says the reserve would be reached within the horizon
 *   even at full widening, it asks to buy requests (reserveRequestWeight) within the daily cap.
 */
import type { BudgetConfig } from "../../core/config.ts";
import type { BudgetView } from "../../core/engine_view.ts";
import { URGENT_RANK } from "./rank_changes.ts";
import { RollingSum } from "./rolling_sum.ts";

/** Non-urgent changes go in batches of at least this many (or all that are pending). */
export const MIN_BATCH = 8;
/** Widening stops at this factor of the configured thresholds and tolerances. */
export const MAX_WIDEN = 4;
/** What the exchange charges for one bought request, USDC (reference §2.3). */
export const USD_PER_BOUGHT_REQUEST = 0.0005;
/** Bought requests per purchase at most, and the spacing of purchases. */
const BUY_CHUNK = 10_000;
const BUY_SPACING_MS = 60_000;
const DAY_MS = 86_400_000;

/** How the quotes are shaped for the budget right now. */
export interface GovernorPolicy {
  /** Multiplier of the passive dead zones and size tolerances (1: as configured). */
  readonly widen: number;
  /** Most levels quoted per side (null: as configured). */
  readonly maxLevels: number | null;
}

/** The governor's figures for the status line, /metrics and the dashboard (core's view). */
export type GovernorView = Omit<BudgetView, "remaining">;

/** The governor's settings besides the config. */
export interface GovernorOptions {
  /** Quote slots of all coins (levels x 2): the burst a full refresh needs. */
  readonly quoteSlots: number;
  readonly nowMs: number;
}

/** See the module comment. */
export class BudgetGovernor {
  #cfg: BudgetConfig;
  readonly #quoteSlots: number;
  readonly #spend = new RollingSum();
  readonly #earn = new RollingSum();
  #tokens: number;
  #lastRefillMs: number;
  #deferred = 0;
  #policy: GovernorPolicy = { widen: 1, maxLevels: null };
  readonly #purchases: { atMs: number; requests: number }[] = [];
  #lastBuyMs = -Infinity;

  constructor(cfg: BudgetConfig, options: GovernorOptions) {
    this.#cfg = cfg;
    this.#quoteSlots = Math.max(1, options.quoteSlots);
    this.#tokens = this.#quoteSlots;
    this.#lastRefillMs = options.nowMs;
  }

  get enabled(): boolean {
    return this.#cfg.governor;
  }

  /** New settings (a config patch); the rates and tokens carry over. */
  configure(cfg: BudgetConfig): void {
    this.#cfg = cfg;
  }

  /** Requests spent now (every item of every action, cancels included). */
  spent(items: number, nowMs: number): void {
    this.#spend.add(items, nowMs);
    this.#tokens -= items;
  }

  /** Our fills traded `usd` now: the exchange adds 1 request per USDC. */
  earned(usd: number, nowMs: number): void {
    this.#earn.add(usd, nowMs);
  }

  /** Sustainable spend, requests per minute (see the module comment). */
  ratePerMin(remaining: number, nowMs: number): number {
    return Math.max(0, remaining - this.#cfg.reserve) / this.#cfg.horizonMin +
      this.#earn.sum(nowMs);
  }

  /**
   * The policy for this decision: widen as the forecast time to the reserve falls below the
   * horizon; thin the ladder at full widening.
   */
  policy(remaining: number, nowMs: number): GovernorPolicy {
    if (!this.#cfg.governor) return this.#policy = { widen: 1, maxLevels: null };
    const minutesLeft = this.#minutesToReserve(remaining, nowMs);
    const widen = Math.min(MAX_WIDEN, Math.max(1, this.#cfg.horizonMin / minutesLeft));
    // Thin at full widening; fill the ladder again only once well below it (no churn of deep
    // levels around the threshold: each flip costs a cancel or a place per level).
    const thinned = widen >= MAX_WIDEN ||
      (this.#policy.maxLevels !== null && widen > MAX_WIDEN / 2);
    this.#policy = { widen, maxLevels: thinned ? 1 : null };
    return this.#policy;
  }

  /**
   * The changes of one decision that go now, from `ranked` (rank order, see rank_changes.ts):
   * urgent ones (missing or at-risk quotes) while the allowance lasts; the others only as a batch
   * of at least `MIN_BATCH` (or all of them, when fewer are pending), so that under pressure the
   * bot sends fewer, larger actions instead of a trickle. The rest are counted as deferred.
   */
  select<C extends { readonly rank: number }>(
    ranked: readonly C[],
    remaining: number,
    nowMs: number,
  ): C[] {
    if (!this.#cfg.governor) return [...ranked];
    this.#refill(remaining, nowMs);
    let room = Math.floor(
      Math.min(this.#tokens, remaining - this.#cfg.reserve),
    );
    const out: C[] = [];
    const rest: C[] = [];
    for (const c of ranked) {
      if (c.rank > URGENT_RANK) rest.push(c);
      else if (room >= 1) {
        out.push(c);
        room--;
      }
    }
    if (rest.length > 0 && room >= Math.min(rest.length, MIN_BATCH)) {
      out.push(...rest.slice(0, Math.max(0, room)));
    }
    this.#deferred += ranked.length - out.length;
    return out;
  }

  /**
   * Requests to buy now (0: none): when even at full widening the reserve would be reached within
   * the horizon, within the daily USDC cap, at most one purchase a minute.
   */
  toBuy(remaining: number, nowMs: number): number {
    const cap = this.#cfg.maxBuyUsdPerDay;
    if (!this.#cfg.governor || cap <= 0 || nowMs - this.#lastBuyMs < BUY_SPACING_MS) return 0;
    if (this.#policy.widen < MAX_WIDEN) return 0;
    if (this.#minutesToReserve(remaining, nowMs) >= this.#cfg.horizonMin) return 0;
    const leftUsd = cap - this.#boughtUsd(nowMs);
    const n = Math.min(BUY_CHUNK, Math.floor(leftUsd / USD_PER_BOUGHT_REQUEST + 1e-9));
    return n > 0 ? n : 0;
  }

  /** A purchase of `requests` was sent now (counted against the daily cap whatever its answer). */
  bought(requests: number, nowMs: number): void {
    this.#lastBuyMs = nowMs;
    this.#purchases.push({ atMs: nowMs, requests });
  }

  view(remaining: number, nowMs: number): GovernorView {
    this.#refill(remaining, nowMs);
    const boughtUsd = this.#boughtUsd(nowMs);
    return {
      governor: this.#cfg.governor,
      reserve: this.#cfg.reserve,
      spendPerMin: this.#spend.sum(nowMs),
      earnPerMin: this.#earn.sum(nowMs),
      ratePerMin: this.ratePerMin(remaining, nowMs),
      allowance: Math.floor(this.#tokens),
      deferred: this.#deferred,
      widen: this.#policy.widen,
      maxLevels: this.#policy.maxLevels,
      boughtRequests: Math.round(boughtUsd / USD_PER_BOUGHT_REQUEST),
      boughtUsdLastDay: boughtUsd,
    };
  }

  #minutesToReserve(remaining: number, nowMs: number): number {
    const headroom = remaining - this.#cfg.reserve;
    if (headroom <= 0) return 0;
    const netPerMin = this.#spend.sum(nowMs) - this.#earn.sum(nowMs);
    return netPerMin > 0 ? headroom / netPerMin : Infinity;
  }

  #refill(remaining: number, nowMs: number): void {
    const dt = Math.max(0, nowMs - this.#lastRefillMs);
    this.#lastRefillMs = Math.max(this.#lastRefillMs, nowMs);
    const rate = this.ratePerMin(remaining, nowMs);
    const burst = Math.max(this.#quoteSlots, rate / 6);
    this.#tokens = Math.min(burst, this.#tokens + rate * dt / 60_000);
  }

  #boughtUsd(nowMs: number): number {
    while (this.#purchases.length > 0 && nowMs - this.#purchases[0]!.atMs >= DAY_MS) {
      this.#purchases.shift();
    }
    return this.#purchases.reduce((s, p) => s + p.requests * USD_PER_BOUGHT_REQUEST, 0);
  }
}
