/**
 * The quotes one coin should have on the book: N levels per side around a fair price, skewed
 * against the position, limited by the max position, valid for the exchange by construction.
 *
 * Rules (each quote):
 * - level i sits at fair * (1 + (shift -/+ (spreadBps/2 + i * levelSpacingBps)) / 1e4), where
 *   shift = -skewBps * clamp(positionUsd / maxPositionUsd, -1, 1) bps (long -> both sides lower);
 * - post-only safe: a bid is at most one tick below the best ask, an ask at least one tick above
 *   the best bid; prices go through `formatPrice` (bids round down, asks round up);
 * - levels that collapse onto the price of a better level of the same side are dropped (level
 *   indices are kept, so gaps are possible); a bid at or above our lowest ask is dropped;
 * - size = sizeUsd / px rounded down to szDecimals; if that is below $10 at the rounded price the
 *   size is rounded UP to the smallest lot meeting $10 (checked exactly on the wire strings);
 * - max position: levels of a side are added best first while the position after all of that
 *   side's levels fill stays within maxPositionUsd (valued at markPx, default fair); the first
 *   level that would exceed it and all deeper levels are dropped;
 * - mode "reducing": only the side that shrinks the position, reduce-only, total size capped at
 *   |position| (the last level is shrunk; a remainder under $10 is dropped, so a position under
 *   $10 is not quoted); "pulled" / "halted": no quotes.
 * - no quotes without both sides of the book or with a crossed/locked book.
 */
import type { AssetMeta, Side } from "../../core/types.ts";
import type { CoinConfig } from "../../core/config.ts";
import { formatPrice, formatSize } from "../../format/wire_number.ts";
import type { CoinMode } from "../risk/risk_state.ts";
import { fairPrice, type FairPriceMode, type TopOfBook } from "./fair_price.ts";
import { priceTick } from "./price_tick.ts";
import { notionalAtLeast } from "./decimal_notional.ts";

/** Minimum order value of a perp order, USD. */
export const MIN_NOTIONAL_USD = 10;

/** One order the strategy wants on the book. `px`/`sz` are wire strings. */
export interface DesiredQuote {
  readonly coin: string;
  readonly assetId: number;
  readonly side: Side;
  /** 0 = closest to the fair price. */
  readonly level: number;
  readonly px: string;
  readonly sz: string;
  readonly pxNum: number;
  readonly szNum: number;
  readonly reduceOnly: boolean;
}

/** Everything one coin's quotes depend on: its config, meta, book top, position and mode. */
export interface QuoteInput {
  readonly config: CoinConfig;
  readonly meta: Pick<AssetMeta, "assetId" | "szDecimals">;
  readonly top: TopOfBook;
  readonly fairPriceMode: FairPriceMode;
  /** Signed position in coins (+ long). */
  readonly position: number;
  /** Price the position is valued at (e.g. mark); default the fair price. */
  readonly markPx?: number | null;
  readonly mode: CoinMode;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

function tryFormat<T>(f: () => T): T | null {
  try {
    return f();
  } catch (e) {
    if (e instanceof RangeError) return null;
    throw e;
  }
}

/** sizeUsd / px rounded down, or the smallest lot meeting $10 when that falls short. */
function levelSize(sizeUsd: number, px: string, pxNum: number, szDecimals: number): string | null {
  const down = tryFormat(() => formatSize(sizeUsd / pxNum, szDecimals));
  if (down !== null && notionalAtLeast(px, down, MIN_NOTIONAL_USD)) return down;
  const lot = 10 ** -szDecimals;
  let lots = Math.max(1, Math.ceil(MIN_NOTIONAL_USD / pxNum / lot));
  for (let i = 0; i < 4; i++, lots++) {
    // +0.5 lot so that rounding down lands exactly on `lots` lots despite float error.
    const sz = tryFormat(() => formatSize((lots + 0.5) * lot, szDecimals));
    if (sz !== null && notionalAtLeast(px, sz, MIN_NOTIONAL_USD)) return sz;
  }
  return null;
}

/**
 * The desired quotes of one coin, wire-ready (see the file comment for the rules); empty when it
 * must not quote.
 */
export function computeQuotes(input: QuoteInput): DesiredQuote[] {
  const { config, meta, top, position, mode } = input;
  if (mode === "pulled" || mode === "halted") return [];
  if (config.levels < 1 || !(config.sizeUsd > 0) || !(config.maxPositionUsd > 0)) return [];
  const fair = fairPrice(top, input.fairPriceMode);
  if (fair === null || top.bid === null || top.ask === null) return [];
  const bestBid = top.bid.px;
  const bestAsk = top.ask.px;
  const valuePx = input.markPx != null && input.markPx > 0 ? input.markPx : fair;
  const positionUsd = position * valuePx;
  const shiftBps = -config.skewBps * clamp(positionUsd / config.maxPositionUsd, -1, 1);
  const szDecimals = meta.szDecimals;

  const sideQuotes = (side: Side): DesiredQuote[] => {
    const reducing = mode === "reducing";
    if (reducing && !(side === "ask" ? position > 0 : position < 0)) return [];
    const dir = side === "bid" ? 1 : -1; // effect of a fill of this side on the position
    const limitPx = side === "bid"
      ? bestAsk - priceTick(bestAsk, szDecimals)
      : bestBid + priceTick(bestBid, szDecimals);
    const out: DesiredQuote[] = [];
    let cumSz = 0;
    for (let level = 0; level < config.levels; level++) {
      const offsetBps = config.spreadBps / 2 + level * config.levelSpacingBps;
      let raw = fair * (1 + (shiftBps - dir * offsetBps) / 1e4);
      raw = side === "bid" ? Math.min(raw, limitPx) : Math.max(raw, limitPx);
      if (!(raw > 0) || !Number.isFinite(raw)) break;
      const px = tryFormat(() => formatPrice(raw, szDecimals, side));
      if (px === null) continue;
      const pxNum = Number(px);
      if (!(pxNum > 0)) continue;
      if (side === "bid" ? pxNum >= bestAsk : pxNum <= bestBid) continue;
      const prev = out[out.length - 1];
      if (prev !== undefined && (side === "bid" ? pxNum >= prev.pxNum : pxNum <= prev.pxNum)) {
        continue; // collapsed onto a better level after rounding
      }
      let sz = levelSize(config.sizeUsd, px, pxNum, szDecimals);
      if (sz === null) continue;
      if (reducing) {
        const left = Math.abs(position) - cumSz;
        if (Number(sz) > left) {
          sz = tryFormat(() => formatSize(left, szDecimals));
          if (sz === null || !notionalAtLeast(px, sz, MIN_NOTIONAL_USD)) break;
        }
      }
      const szNum = Number(sz);
      const projected = position + dir * (cumSz + szNum);
      if (
        !reducing && dir * projected > 0 && Math.abs(projected) * valuePx > config.maxPositionUsd
      ) {
        break;
      }
      cumSz += szNum;
      out.push({
        coin: config.coin,
        assetId: meta.assetId,
        side,
        level,
        px,
        sz,
        pxNum,
        szNum,
        reduceOnly: reducing,
      });
      if (reducing && cumSz >= Math.abs(position)) break;
    }
    return out;
  };

  const bids = sideQuotes("bid");
  const asks = sideQuotes("ask");
  const lowestAsk = asks[0]?.pxNum ?? Infinity;
  return [...bids.filter((q) => q.pxNum < lowestAsk), ...asks];
}
