/** Fair price of a coin from the top of its book. */
import type { BookLevel } from "../../core/types.ts";

/** How the fair price is taken from the top of book: plain mid, or size-weighted microprice. */
export type FairPriceMode = "mid" | "microprice";

/** Best bid and best ask of a book (px and size), either may be missing. */
export interface TopOfBook {
  readonly bid: Pick<BookLevel, "px" | "sz"> | null;
  readonly ask: Pick<BookLevel, "px" | "sz"> | null;
}

/**
 * mid = (bid + ask) / 2; microprice = (bid * askSz + ask * bidSz) / (bidSz + askSz), falling back
 * to mid when both sizes are 0. null when a side is missing or the book is crossed or locked.
 */
export function fairPrice(top: TopOfBook, mode: FairPriceMode): number | null {
  const { bid, ask } = top;
  if (bid === null || ask === null) return null;
  if (!(bid.px > 0) || !(ask.px > bid.px)) return null;
  const mid = (bid.px + ask.px) / 2;
  if (mode === "mid") return mid;
  const depth = bid.sz + ask.sz;
  if (!(depth > 0)) return mid;
  return (bid.px * ask.sz + ask.px * bid.sz) / depth;
}
