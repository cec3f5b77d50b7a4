/**
 * Position and PnL per coin from our fills (average cost): signed position, average entry price,
 * realized PnL and fees since the tracker started; unrealized PnL against a mark. `setFromExchange`
 * replaces positions and entry prices with the exchange's (reconcile), keeping realized PnL/fees.
 *
 * A reconcile snapshot and the fill stream race each other. With the snapshot's exchange time
 * `asOfMs`, nothing is lost or counted twice: fills already applied whose time is after the
 * snapshot are replayed onto it, and fills that arrive later but are dated at or before it (the
 * snapshot already holds them) change realized PnL and fees but not the position.
 */
import type { Fill, Position } from "../../core/types.ts";

/** Position and PnL of one coin since the tracker started; amounts in USD. */
export interface CoinPnl {
  readonly coin: string;
  /** Signed size in coins: + long, - short. */
  readonly position: number;
  /** Average entry price of the open position; null when flat. */
  readonly avgEntryPx: number | null;
  readonly realizedPnlUsd: number;
  /** Fees paid (negative for net rebates). */
  readonly feesUsd: number;
}

type MutablePnl = { -readonly [K in keyof CoinPnl]: CoinPnl[K] };

/** Positions below this many coins count as flat (float dust after many fills). */
const DUST = 1e-9;

/** How many recently applied fills are kept for replay onto a later snapshot. */
const REPLAY_KEEP = 2_000;

/**
 * Owns position and PnL per coin: applies our fills and exchange snapshots without losing or
 * double-counting a fill.
 */
export class PositionTracker {
  readonly #coins = new Map<string, MutablePnl>();
  /** Exchange time of the last snapshot per coin. */
  readonly #asOfMs = new Map<string, number>();
  /** Recently applied fills, oldest first, for replay onto a snapshot. */
  readonly #recent: Fill[] = [];

  #get(coin: string): MutablePnl {
    let p = this.#coins.get(coin);
    if (p === undefined) {
      p = { coin, position: 0, avgEntryPx: null, realizedPnlUsd: 0, feesUsd: 0 };
      this.#coins.set(coin, p);
    }
    return p;
  }

  /** Apply fills that have not been applied before (dedupe first: OrderManager.applyFills). */
  applyFills(fills: readonly Fill[]): void {
    for (const f of fills) this.applyFill(f);
  }

  applyFill(f: Fill): void {
    const p = this.#get(f.coin);
    p.feesUsd += f.fee;
    this.#recent.push(f);
    if (this.#recent.length > REPLAY_KEEP) {
      this.#recent.splice(0, this.#recent.length - REPLAY_KEEP);
    }
    const asOf = this.#asOfMs.get(f.coin);
    if (asOf !== undefined && f.timeMs <= asOf) {
      // The exchange's snapshot already holds this fill's position change.
      p.realizedPnlUsd += f.closedPnl;
      return;
    }
    p.realizedPnlUsd += this.#move(p, f);
  }

  /** Move the position and average entry by one fill; returns the PnL it realizes. */
  #move(p: MutablePnl, f: Fill): number {
    const signed = f.side === "bid" ? f.sz : -f.sz;
    const pos = p.position;
    if (pos === 0 || Math.sign(pos) === Math.sign(signed)) {
      const entry = p.avgEntryPx ?? f.px;
      const next = pos + signed;
      p.avgEntryPx = (entry * Math.abs(pos) + f.px * Math.abs(signed)) / Math.abs(next);
      p.position = next;
      return 0;
    }
    const closing = Math.min(Math.abs(signed), Math.abs(pos));
    const entry = p.avgEntryPx ?? f.px;
    const realized = (f.px - entry) * closing * Math.sign(pos);
    const next = pos + signed;
    if (Math.abs(next) <= DUST) {
      p.position = 0;
      p.avgEntryPx = null;
    } else if (Math.sign(next) === Math.sign(pos)) {
      p.position = next;
    } else {
      p.position = next;
      p.avgEntryPx = f.px;
    }
    return realized;
  }

  /**
   * Take positions from the exchange (clearinghouseState). Coins in `coins` that are not listed
   * are flat (the exchange omits flat coins). With `asOfMs`, the snapshot's exchange time, fills
   * applied already but dated after it are replayed onto it, and later fills dated at or before it
   * leave the position alone.
   */
  setFromExchange(
    positions: readonly Position[],
    coins: readonly string[] = [],
    asOfMs?: number,
  ): void {
    const touched = new Set<string>();
    for (const x of positions) {
      touched.add(x.coin);
      const p = this.#get(x.coin);
      p.position = Math.abs(x.szi) <= DUST ? 0 : x.szi;
      p.avgEntryPx = p.position === 0 ? null : x.entryPx ?? p.avgEntryPx;
    }
    for (const coin of coins) {
      if (touched.has(coin)) continue;
      touched.add(coin);
      const p = this.#get(coin);
      p.position = 0;
      p.avgEntryPx = null;
    }
    if (asOfMs === undefined) return;
    for (const coin of touched) this.#asOfMs.set(coin, asOfMs);
    for (const f of this.#recent) {
      if (touched.has(f.coin) && f.timeMs > asOfMs) this.#move(this.#get(f.coin), f);
    }
  }

  get(coin: string): CoinPnl {
    return { ...this.#get(coin) };
  }

  position(coin: string): number {
    return this.#coins.get(coin)?.position ?? 0;
  }

  /** (mark - avgEntry) * position; 0 when flat. */
  unrealizedPnlUsd(coin: string, markPx: number): number {
    const p = this.#coins.get(coin);
    if (p === undefined || p.position === 0 || p.avgEntryPx === null) return 0;
    return (markPx - p.avgEntryPx) * p.position;
  }

  /**
   * Sum over coins of realized + unrealized - fees. Coins without a mark in `marks` count no
   * unrealized PnL.
   */
  totalPnlUsd(marks: ReadonlyMap<string, number>): number {
    let total = 0;
    for (const p of this.#coins.values()) {
      const mark = marks.get(p.coin);
      const unrealized = mark === undefined ? 0 : this.unrealizedPnlUsd(p.coin, mark);
      total += p.realizedPnlUsd + unrealized - p.feesUsd;
    }
    return total;
  }

  all(): CoinPnl[] {
    return [...this.#coins.values()].map((p) => ({ ...p }));
  }
}
