/** Figures of a backtest run: PnL, fills, markouts, inventory, actions, quoting uptime. */
import type { BacktestVenue, VenueFill } from "./venue.ts";

/** A point of the inventory / PnL time series (sampled every second of virtual time). */
export interface SeriesPoint {
  readonly tMs: number;
  /** Signed position value in USD per coin. */
  readonly inventoryUsd: Readonly<Record<string, number>>;
  /** Realized + unrealized - fees, USD. */
  readonly pnlUsd: number;
}

/** Everything the report shows. Markouts in bps (positive = the price moved our way). */
export interface BacktestMetrics {
  readonly startMs: number;
  readonly durationMs: number;
  readonly coins: readonly string[];
  readonly realizedPnlUsd: number;
  readonly unrealizedPnlUsd: number;
  readonly feesUsd: number;
  readonly totalPnlUsd: number;
  readonly fills: number;
  readonly filledUsd: number;
  readonly ordersPlaced: number;
  readonly ordersRejected: number;
  /** Fills per order placed (placed and modified orders both count as placed). */
  readonly fillRatio: number;
  readonly markoutBps: {
    readonly s1: number | null;
    readonly s10: number | null;
    readonly s60: number | null;
  };
  readonly actions: number;
  readonly actionsPerMinute: number;
  /** Actions per USDC filled (null without fills). */
  readonly actionsPerUsdFilled: number | null;
  readonly addressRequestsUsed: number;
  /** Share of loop steps with a bid and an ask of ours resting, per coin and overall. */
  readonly quotingUptime: Readonly<Record<string, number>>;
  readonly quotingUptimeAll: number;
  readonly series: readonly SeriesPoint[];
  readonly fillList: readonly VenueFill[];
}

const SAMPLE_MS = 1000;

/** Collects samples during a replay and computes the metrics at the end. */
export class MetricsCollector {
  readonly #mids = new Map<string, { t: number[]; mid: number[] }>();
  readonly #up = new Map<string, number>();
  #steps = 0;
  #startMs: number | null = null;
  #nextSampleMs = 0;
  readonly #series: SeriesPoint[] = [];
  #cash = 0;
  #fillIdx = 0;

  constructor(
    readonly coins: readonly string[],
    readonly venue: BacktestVenue,
  ) {
    for (const c of coins) this.#mids.set(c, { t: [], mid: [] });
  }

  /** After each frame: note mids that changed. */
  mark(nowMs: number): void {
    if (this.#startMs === null) {
      this.#startMs = nowMs;
      this.#nextSampleMs = nowMs;
    }
    for (const c of this.coins) {
      const mid = this.venue.mids.get(c);
      const s = this.#mids.get(c)!;
      if (mid !== undefined && s.mid[s.mid.length - 1] !== mid) {
        s.t.push(nowMs);
        s.mid.push(mid);
      }
    }
  }

  /** After each engine step: uptime, and the series every second. */
  sample(nowMs: number): void {
    this.#steps++;
    for (const c of this.coins) {
      if (this.venue.quoting(c)) this.#up.set(c, (this.#up.get(c) ?? 0) + 1);
    }
    if (this.#startMs !== null && nowMs >= this.#nextSampleMs) {
      this.#series.push(this.#point(nowMs));
      this.#nextSampleMs += SAMPLE_MS *
        Math.max(1, Math.ceil((nowMs - this.#nextSampleMs + 1) / SAMPLE_MS));
    }
  }

  #point(nowMs: number): SeriesPoint {
    const fills = this.venue.fills;
    for (; this.#fillIdx < fills.length; this.#fillIdx++) {
      const f = fills[this.#fillIdx]!;
      this.#cash += (f.side === "bid" ? -1 : 1) * f.px * f.sz - f.fee;
    }
    const inventoryUsd: Record<string, number> = {};
    let value = this.#cash;
    for (const c of this.coins) {
      const mid = this.venue.mids.get(c) ?? 0;
      inventoryUsd[c] = this.venue.position(c) * mid;
      value += inventoryUsd[c]!;
    }
    return { tMs: nowMs, inventoryUsd, pnlUsd: value };
  }

  #midAt(coin: string, tMs: number): number | null {
    const s = this.#mids.get(coin);
    if (!s || s.t.length === 0) return null;
    let lo = 0;
    let hi = s.t.length - 1;
    if (s.t[0]! > tMs) return null;
    while (lo < hi) {
      const m = (lo + hi + 1) >> 1;
      if (s.t[m]! <= tMs) lo = m;
      else hi = m - 1;
    }
    return s.mid[lo]!;
  }

  /** The metrics at virtual time `endMs`. */
  finish(endMs: number): BacktestMetrics {
    const startMs = this.#startMs ?? endMs;
    const last = this.#point(endMs);
    const fills = this.venue.fills;
    let realized = 0;
    let fees = 0;
    let filledUsd = 0;
    for (const f of fills) {
      realized += f.closedPnl;
      fees += f.fee;
      filledUsd += f.px * f.sz;
    }
    const total = last.pnlUsd;
    const markout = (h: number): number | null => {
      let w = 0;
      let sum = 0;
      for (const f of fills) {
        if (f.timeMs + h > endMs) continue;
        const mid = this.#midAt(f.coin, f.timeMs + h);
        if (mid === null) continue;
        const n = f.px * f.sz;
        sum += n * (f.side === "bid" ? 1 : -1) * (mid - f.px) / f.px * 1e4;
        w += n;
      }
      return w > 0 ? sum / w : null;
    };
    const a = this.venue.actions;
    const actions = a.order + a.modify + a.cancel;
    const minutes = Math.max((endMs - startMs) / 60_000, 1e-9);
    const quotingUptime: Record<string, number> = {};
    let upSum = 0;
    for (const c of this.coins) {
      quotingUptime[c] = this.#steps > 0 ? (this.#up.get(c) ?? 0) / this.#steps : 0;
      upSum += quotingUptime[c]!;
    }
    return {
      startMs,
      durationMs: endMs - startMs,
      coins: this.coins,
      realizedPnlUsd: realized,
      unrealizedPnlUsd: total + fees - realized,
      feesUsd: fees,
      totalPnlUsd: total,
      fills: fills.length,
      filledUsd,
      ordersPlaced: this.venue.ordersPlaced,
      ordersRejected: this.venue.ordersRejected,
      fillRatio: this.venue.ordersPlaced > 0 ? fills.length / this.venue.ordersPlaced : 0,
      markoutBps: { s1: markout(1000), s10: markout(10_000), s60: markout(60_000) },
      actions,
      actionsPerMinute: actions / minutes,
      actionsPerUsdFilled: filledUsd > 0 ? actions / filledUsd : null,
      addressRequestsUsed: this.venue.requestsUsed,
      quotingUptime,
      quotingUptimeAll: this.coins.length > 0 ? upSum / this.coins.length : 0,
      series: [...this.#series, last],
      fillList: fills,
    };
  }
}
