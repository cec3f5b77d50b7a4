/**
 * The top of the book without our own orders. Quoting around a mid that includes our own quotes
 * would chase itself (our bid becomes the best bid, the mid moves up, we requote higher, ...),
 * so our remaining size is taken out of the levels at our prices before picking the best ones.
 * When that leaves a side empty (the book we have shows only our own orders there, e.g. a bbo
 * newer than the last depth snapshot), the side falls back to its plain best level: a known
 * price beats pulling the quotes for want of one.
 */
import type { BookLevel, Side } from "../../core/types.ts";
import type { TopOfBook } from "../strategy/fair_price.ts";

/** Size of one of our live orders at a price, to subtract from the book. */
export interface OwnOrder {
  readonly side: Side;
  /** The order's price as a number (its wire string parsed). */
  readonly pxNum: number;
  readonly remainingSz: number;
}

/** Size at or below this fraction of a level counts as nothing left (float dust). */
const DUST = 1e-9;

function firstExternal(levels: readonly BookLevel[], own: ReadonlyMap<number, number>) {
  for (const level of levels) {
    const mine = own.get(level.px) ?? 0;
    const left = level.sz - mine;
    if (left > DUST * Math.max(1, level.sz)) return { px: level.px, sz: left };
  }
  return null;
}

/**
 * The best bid and ask of the book once our own orders are taken out, so our quotes do not chase
 * themselves.
 */
export function externalTop(
  bids: readonly BookLevel[],
  asks: readonly BookLevel[],
  own: readonly OwnOrder[],
): TopOfBook {
  const ownBids = new Map<number, number>();
  const ownAsks = new Map<number, number>();
  for (const o of own) {
    const m = o.side === "bid" ? ownBids : ownAsks;
    m.set(o.pxNum, (m.get(o.pxNum) ?? 0) + o.remainingSz);
  }
  const plain = (levels: readonly BookLevel[]) => {
    const best = levels[0];
    return best ? { px: best.px, sz: best.sz } : null;
  };
  return {
    bid: firstExternal(bids, ownBids) ?? plain(bids),
    ask: firstExternal(asks, ownAsks) ?? plain(asks),
  };
}
