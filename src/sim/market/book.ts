import type { SimOrder } from "./types.ts";

/** One price level (px in units) with its orders, oldest first. */
export interface Level {
  readonly px: number;
  readonly orders: SimOrder[];
}

/** One side of a price-time priority book: levels best first, orders oldest first. */
export class BookSide {
  readonly levels: Level[] = [];
  constructor(readonly isBid: boolean) {}

  /** True if `a` is a better price than `b` on this side. */
  better(a: number, b: number): boolean {
    return this.isBid ? a > b : a < b;
  }

  best(): Level | undefined {
    return this.levels[0];
  }

  private find(px: number): { index: number; found: boolean } {
    let lo = 0;
    let hi = this.levels.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const level = this.levels[mid] as Level;
      if (level.px === px) return { index: mid, found: true };
      if (this.better(level.px, px)) lo = mid + 1;
      else hi = mid;
    }
    return { index: lo, found: false };
  }

  add(order: SimOrder): void {
    const { index, found } = this.find(order.px);
    if (found) (this.levels[index] as Level).orders.push(order);
    else this.levels.splice(index, 0, { px: order.px, orders: [order] });
  }

  remove(order: SimOrder): boolean {
    const { index, found } = this.find(order.px);
    if (!found) return false;
    const level = this.levels[index] as Level;
    const at = level.orders.indexOf(order);
    if (at < 0) return false;
    level.orders.splice(at, 1);
    if (level.orders.length === 0) this.levels.splice(index, 1);
    return true;
  }

  /** Aggregated levels: price, total lots, order count. */
  aggregate(depth: number): { px: number; sz: number; n: number }[] {
    const out: { px: number; sz: number; n: number }[] = [];
    for (const level of this.levels) {
      if (out.length >= depth) break;
      let sz = 0;
      for (const order of level.orders) sz += order.sz;
      out.push({ px: level.px, sz, n: level.orders.length });
    }
    return out;
  }
}

/** The bid and ask sides of one coin's book. */
export class OrderBook {
  readonly bids = new BookSide(true);
  readonly asks = new BookSide(false);

  side(isBuy: boolean): BookSide {
    return isBuy ? this.bids : this.asks;
  }
}
