/**
 * Decides, each loop, where every coin's market data comes from and which REST l2Book requests
 * to start. Pure given its inputs; the loop starts the requests and feeds answers back.
 *
 * - With the WS: a coin is on "ws" while the feed is connected and its WS data is younger than
 *   cacheTtlMs; otherwise it falls back to REST polling until WS data flows again.
 * - Without the WS: every coin is polled over REST.
 * - REST polls: at most one in flight per coin, spaced so that polling all REST coins uses at
 *   most `pollShare` of the REST weight capacity (the rest is left for orders and housekeeping),
 *   never faster than once per loop, and none while the limiter is nearly full.
 */
import type { DataSource } from "../../core/types.ts";

/**
 * The settings that decide between WS data and REST polling, and the REST weight polling may spend.
 */
export interface MarketDataPolicy {
  readonly useWebsocket: boolean;
  readonly cacheTtlMs: number;
  readonly loopMs: number;
  readonly restCapacityPerMin: number;
  readonly l2BookWeight: number;
  /** Fraction of the REST capacity polling may use (default 0.5). */
  readonly pollShare?: number;
}

/** This loop's facts the plan depends on: time, feed state, REST weight used and WS data ages. */
export interface MarketDataInputs {
  readonly nowMs: number;
  readonly feedConnected: boolean;
  /** REST weight used in the trailing minute. */
  readonly restUsedLastMinute: number;
  /** Age of each coin's newest WS data (null: none yet). */
  readonly wsAgeMs: (coin: string) => number | null;
}

/** Where each coin's data comes from this loop, and the REST books to request now. */
export interface MarketDataPlan {
  readonly modes: ReadonlyMap<string, DataSource>;
  /** Coins whose source differs from the previous plan's (not on the first plan). */
  readonly changed: readonly string[];
  /** Coins to request a REST l2Book for now. */
  readonly fetch: readonly string[];
}

/** Chooses WS or REST per coin each loop and paces REST l2Book polls within the weight budget. */
export class MarketDataPlanner {
  readonly #policy: MarketDataPolicy;
  readonly #coins: readonly string[];
  readonly #inFlight = new Set<string>();
  /** The one record of each coin's data source: the newest plan's decision. */
  #modes: ReadonlyMap<string, DataSource> = new Map();
  readonly #lastStartMs = new Map<string, number>();

  constructor(policy: MarketDataPolicy, coins: readonly string[]) {
    this.#policy = policy;
    this.#coins = coins;
  }

  /** Spacing of REST polls of one coin when `restCoins` coins are polled. */
  pollIntervalMs(restCoins: number): number {
    const p = this.#policy;
    const share = p.pollShare ?? 0.5;
    const budgetPerMin = Math.max(1, share * p.restCapacityPerMin);
    const interval = Math.ceil((restCoins * p.l2BookWeight * 60_000) / budgetPerMin);
    return Math.max(p.loopMs, interval);
  }

  plan(inputs: MarketDataInputs): MarketDataPlan {
    const p = this.#policy;
    const modes = new Map<string, DataSource>();
    for (const coin of this.#coins) {
      const age = inputs.wsAgeMs(coin);
      const wsOk = p.useWebsocket && inputs.feedConnected && age !== null && age <= p.cacheTtlMs;
      modes.set(coin, wsOk ? "ws" : "rest");
    }
    const changed = this.#coins.filter((coin) => {
      const before = this.#modes.get(coin);
      return before !== undefined && before !== modes.get(coin);
    });
    this.#modes = modes;
    const restCoins = [...modes.values()].filter((m) => m === "rest").length;
    const fetch: string[] = [];
    if (restCoins > 0 && inputs.restUsedLastMinute < 0.9 * p.restCapacityPerMin) {
      const interval = this.pollIntervalMs(restCoins);
      for (const coin of this.#coins) {
        if (modes.get(coin) !== "rest" || this.#inFlight.has(coin)) continue;
        const last = this.#lastStartMs.get(coin);
        if (last !== undefined && inputs.nowMs - last < interval) continue;
        fetch.push(coin);
      }
    }
    return { modes, changed, fetch };
  }

  /** The loop started a REST l2Book for `coin`. */
  started(coin: string, nowMs: number): void {
    this.#inFlight.add(coin);
    this.#lastStartMs.set(coin, nowMs);
  }

  /** The REST l2Book for `coin` answered or failed. */
  finished(coin: string): void {
    this.#inFlight.delete(coin);
  }

  /** Where `coin`'s market data comes from, per the newest plan; null before the first. */
  source(coin: string): DataSource | null {
    return this.#modes.get(coin) ?? null;
  }
}
