/**
 * Position and PnL per coin from our fills (average cost): signed position, average entry price,
 * realized PnL and fees since the tracker started; unrealized PnL against a mark. `setFromExchange`
 * replaces positions and entry prices with the exchange's (reconcile), keeping realized PnL/fees.
 */
import type { Fill, Position } from "../../core/types.ts";

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

export class PositionTracker {
  readonly #coins = new Map<string, MutablePnl>();

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
    const signed = f.side === "bid" ? f.sz : -f.sz;
    const pos = p.position;
    if (pos === 0 || Math.sign(pos) === Math.sign(signed)) {
      const entry = p.avgEntryPx ?? f.px;
      const next = pos + signed;
      p.avgEntryPx = (entry * Math.abs(pos) + f.px * Math.abs(signed)) / Math.abs(next);
      p.position = next;
      return;
    }
    const closing = Math.min(Math.abs(signed), Math.abs(pos));
    const entry = p.avgEntryPx ?? f.px;
    p.realizedPnlUsd += (f.px - entry) * closing * Math.sign(pos);
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
  }

  /**
   * Take positions from the exchange (clearinghouseState). Coins in `coins` that are not listed
   * are flat (the exchange omits flat coins).
   */
  setFromExchange(positions: readonly Position[], coins: readonly string[] = []): void {
    const listed = new Set<string>();
    for (const x of positions) {
      listed.add(x.coin);
      const p = this.#get(x.coin);
      p.position = Math.abs(x.szi) <= DUST ? 0 : x.szi;
      p.avgEntryPx = p.position === 0 ? null : x.entryPx ?? p.avgEntryPx;
    }
    for (const coin of coins) {
      if (listed.has(coin)) continue;
      const p = this.#get(coin);
      p.position = 0;
      p.avgEntryPx = null;
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
