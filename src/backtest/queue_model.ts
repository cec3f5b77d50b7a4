/**
 * Pure queue-position fill model for our post-only orders in a replayed book.
 *
 * - An order joins behind the displayed size at its price (`ahead` = that level's size, 0 if the
 *   level is empty). An order that would cross the opposite best is rejected (post-only).
 * - A trade at our price first consumes `ahead`, then fills us; a trade through our price (a buy
 *   above our ask, a sell below our bid) fills us completely. Trades fill up to their size.
 * - Cancels: when a book update shows the level's size down by more than the volume traded there
 *   since the previous update, that unexplained decrease D is cancellations; a fraction
 *   `cancelAheadFraction` of D is assumed to have been ahead of us (0 = all cancels behind us,
 *   pessimistic; 1 = all ahead, optimistic; default 0.5). `ahead` never exceeds the displayed size.
 * - Depth: a `fast` book shows 5 levels. An order priced beyond the displayed depth joins behind an
 *   estimated queue, the mean size of the displayed levels on its side; while its price stays
 *   beyond the depth, book updates leave its queue alone (only trades move it); when the price
 *   comes into view, `ahead` is capped at the displayed size.
 */

/** Our side: B = bid (buy), A = ask (sell). */
export type QSide = "B" | "A";

/** One of our resting orders and its place in the queue. */
export interface QueueOrder {
  readonly oid: number;
  readonly coin: string;
  readonly side: QSide;
  readonly px: number;
  /** Remaining size. */
  sz: number;
  /** Displayed size ahead of us at our price. */
  ahead: number;
}

/** A fill produced by the model. */
export interface QueueFill {
  readonly oid: number;
  readonly px: number;
  readonly sz: number;
}

/** One displayed level. */
export interface QLevel {
  readonly px: number;
  readonly sz: number;
}

/** Model parameter (see the module comment). */
export interface QueueModelOptions {
  readonly cancelAheadFraction: number;
}

const EPS = 1e-12;

/** Queue state of one coin: the last displayed book and our resting orders. */
export class CoinQueue {
  bids: readonly QLevel[] = [];
  asks: readonly QLevel[] = [];
  readonly orders = new Map<number, QueueOrder>();
  /** Volume traded at each price since the last book update (for the cancel model). */
  readonly #tradedSince = new Map<number, number>();

  constructor(readonly coin: string, readonly opts: QueueModelOptions) {}

  /** Would a post-only order at `px` on `side` cross the displayed opposite best? */
  wouldCross(side: QSide, px: number): boolean {
    if (side === "B") {
      const ask = this.asks[0];
      return ask !== undefined && px >= ask.px;
    }
    const bid = this.bids[0];
    return bid !== undefined && px <= bid.px;
  }

  /** Displayed size at `px` on `side`. */
  sizeAt(side: QSide, px: number): number {
    const levels = side === "B" ? this.bids : this.asks;
    for (const l of levels) if (l.px === px) return l.sz;
    return 0;
  }

  /** Add a post-only order; false (rejected, nothing changes) when it would cross. */
  place(oid: number, side: QSide, px: number, sz: number): boolean {
    if (this.wouldCross(side, px)) return false;
    const levels = side === "B" ? this.bids : this.asks;
    const ahead = visible(levels, side, px) ? this.sizeAt(side, px) : meanSize(levels);
    this.orders.set(oid, { oid, coin: this.coin, side, px, sz, ahead });
    return true;
  }

  /** Remove an order; the removed order or undefined. */
  cancel(oid: number): QueueOrder | undefined {
    const o = this.orders.get(oid);
    this.orders.delete(oid);
    return o;
  }

  /** A new displayed book: apply the cancel model to each order's queue. */
  book(bids: readonly QLevel[], asks: readonly QLevel[]): void {
    for (const o of this.orders.values()) {
      const levels = o.side === "B" ? bids : asks;
      if (!visible(levels, o.side, o.px)) continue;
      const old = o.side === "B" ? this.bids : this.asks;
      const before = visible(old, o.side, o.px) ? this.sizeAt(o.side, o.px) : 0;
      let after = 0;
      for (const l of levels) {
        if (l.px === o.px) {
          after = l.sz;
          break;
        }
      }
      const traded = this.#tradedSince.get(o.px) ?? 0;
      const cancelled = Math.max(0, before - after - traded);
      o.ahead = Math.max(0, o.ahead - this.opts.cancelAheadFraction * cancelled);
      if (o.ahead > after) o.ahead = after;
    }
    this.#tradedSince.clear();
    this.bids = bids;
    this.asks = asks;
  }

  /** A new top of book (bbo): replaces the best level of each side, keeps deeper levels. */
  bbo(bid: QLevel | null, ask: QLevel | null): void {
    const merge = (
      levels: readonly QLevel[],
      top: QLevel | null,
      better: (a: number, b: number) => boolean,
    ) => {
      if (top === null) return [];
      const rest = levels.filter((l) => better(top.px, l.px));
      return [top, ...rest];
    };
    this.book(
      merge(this.bids, bid, (t, p) => p < t),
      merge(this.asks, ask, (t, p) => p > t),
    );
  }

  /**
   * A trade of `sz` at `px`; `aggressor` B hits asks (our sells), A hits bids (our buys). Our orders
   * are visited best price first, oldest (lowest oid) first; returns the fills.
   */
  trade(aggressor: QSide, px: number, sz: number): QueueFill[] {
    this.#tradedSince.set(px, (this.#tradedSince.get(px) ?? 0) + sz);
    const ourSide: QSide = aggressor === "B" ? "A" : "B";
    const candidates = [...this.orders.values()]
      .filter((o) => o.side === ourSide && (ourSide === "A" ? o.px <= px : o.px >= px))
      .sort((a, b) => (ourSide === "A" ? a.px - b.px : b.px - a.px) || a.oid - b.oid);
    const fills: QueueFill[] = [];
    let left = sz;
    for (const o of candidates) {
      if (left <= EPS) break;
      let reach = left;
      if (o.px === px) {
        const eaten = Math.min(o.ahead, left);
        o.ahead -= eaten;
        reach = left - eaten;
      } else {
        o.ahead = 0;
      }
      const q = Math.min(reach, o.sz);
      if (q <= EPS) continue;
      o.sz -= q;
      left -= q;
      fills.push({ oid: o.oid, px: o.px, sz: q });
      if (o.sz <= EPS) this.orders.delete(o.oid);
    }
    return fills;
  }
}

/** Is `px` within the displayed depth of `levels` (best first)? */
function visible(levels: readonly QLevel[], side: QSide, px: number): boolean {
  const last = levels[levels.length - 1];
  if (last === undefined) return false;
  return side === "B" ? px >= last.px : px <= last.px;
}

function meanSize(levels: readonly QLevel[]): number {
  if (levels.length === 0) return 0;
  let sum = 0;
  for (const l of levels) sum += l.sz;
  return sum / levels.length;
}
