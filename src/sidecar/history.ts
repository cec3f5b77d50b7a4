/**
 * A ring buffer of small samples of the snapshot for the dashboard's charts (mid and our ladder,
 * position and PnL over time, limiter gauges). Filled at most every `minIntervalMs` by whoever
 * calls `record` (the /state route and the sampler of `startSidecar`).
 */
import type { EngineSnapshot } from "../core/engine_view.ts";

/**
 * One coin at one instant for the charts: mid, our ladder prices, position (coins), notional and
 * PnL (USD).
 */
export interface CoinSample {
  readonly mid: number | null;
  /** Our live bid and ask prices, best first. */
  readonly bids: readonly number[];
  readonly asks: readonly number[];
  readonly pos: number;
  readonly notional: number;
  /** Realized + unrealized - fees, USD. */
  readonly pnl: number;
}

/**
 * One point of the dashboard history: per-coin samples, total PnL and the limiter gauges at unix ms
 * `t`.
 */
export interface HistorySample {
  readonly t: number;
  readonly coins: Readonly<Record<string, CoinSample>>;
  /** Sum of all coins' pnl. */
  readonly pnl: number;
  readonly restUsed: number;
  readonly addressBudget: number | null;
}

/** How many samples the ring keeps, and the least spacing between them (ms). */
export interface HistoryOptions {
  readonly capacity: number;
  readonly minIntervalMs: number;
}

/** 1200 samples at least 250 ms apart: five minutes or more of chart history. */
export const HISTORY_DEFAULTS: HistoryOptions = { capacity: 1_200, minIntervalMs: 250 };

const finite = (x: number): number => (Number.isFinite(x) ? x : 0);

/** Reduce a snapshot to a chart sample; non-finite numbers become 0 so the JSON stays valid. */
export function sampleOf(s: EngineSnapshot): HistorySample {
  const coins: Record<string, CoinSample> = {};
  for (const c of s.coins) {
    const pnl = finite(c.realizedPnlUsd) + finite(c.unrealizedPnlUsd) - finite(c.feesUsd);
    coins[c.coin] = {
      mid: c.mid,
      bids: c.bids.map((l) => l.px),
      asks: c.asks.map((l) => l.px),
      pos: finite(c.position),
      notional: finite(c.notionalUsd),
      pnl,
    };
  }
  return {
    t: s.timeMs,
    coins,
    pnl: finite(s.totalPnlUsd),
    restUsed: s.limiter.restWeightUsedLastMinute,
    addressBudget: s.limiter.addressBudgetRemaining,
  };
}

/** The bounded history behind the dashboard charts (oldest samples dropped first). */
export class SnapshotHistory {
  readonly #options: HistoryOptions;
  readonly #samples: HistorySample[] = [];

  constructor(options: Partial<HistoryOptions> = {}) {
    this.#options = { ...HISTORY_DEFAULTS, ...options };
  }

  /** Add a sample unless the last one is younger than minIntervalMs; true when added. */
  record(s: EngineSnapshot): boolean {
    const last = this.#samples.at(-1);
    if (last !== undefined && s.timeMs - last.t < this.#options.minIntervalMs) return false;
    this.#samples.push(sampleOf(s));
    if (this.#samples.length > this.#options.capacity) {
      this.#samples.splice(0, this.#samples.length - this.#options.capacity);
    }
    return true;
  }

  /** Samples newer than `afterMs` (all when omitted), oldest first. */
  since(afterMs?: number): HistorySample[] {
    if (afterMs === undefined || !Number.isFinite(afterMs)) return [...this.#samples];
    return this.#samples.filter((x) => x.t > afterMs);
  }

  get size(): number {
    return this.#samples.length;
  }
}
