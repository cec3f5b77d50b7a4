/** Validates and places one wire order for a user, returning its wire status. */
import { parsePrice, parseSize } from "./decimal.ts";
import type { CoinState, MarketState } from "./market_state.ts";
import type { Tif } from "./types.ts";
import type { OrderWire } from "./wire.ts";

/** $10 minimum notional, in micro-USD. */
const MIN_NOTIONAL_MICRO = 10_000_000;
/** Open orders: 1000, plus one per $5M traded, at most 5000 (reference §2.4). */
const BASE_OPEN_ORDERS = 1000;
const MAX_OPEN_ORDERS = 5000;
const MICRO_PER_EXTRA_ORDER = 5_000_000 * 1e6;

/** The per-order status the exchange answers for a placed or modified order. */
export type OrderStatusWire =
  | { resting: { oid: number; cloid?: string } }
  | { filled: { totalSz: string; avgPx: string; oid: number; cloid?: string } }
  | { error: string };

function reject(state: MarketState, text: string, asset: number, counter: string) {
  state.count(`orders.${counter}`);
  return { error: `${text} asset=${asset}` };
}

function bboText(state: MarketState, coin: CoinState): string {
  const bid = coin.book.bids.best();
  const ask = coin.book.asks.best();
  const show = (px: number | undefined) =>
    px === undefined ? "None" : state.pxString(coin, px, "wire");
  return `${show(bid?.px)}@${show(ask?.px)}`;
}

/**
 * Places an order. `cloidOverride` lets modify keep the old cloid when the wire order has none.
 */
export function placeOrder(
  state: MarketState,
  user: string,
  wire: OrderWire,
  cloidOverride: string | null = null,
): OrderStatusWire {
  const asset = wire.a;
  const coin = state.coins[asset];
  if (!coin) return reject(state, "Invalid asset.", asset, "rejected");
  if (!("limit" in wire.t)) {
    return reject(state, "Trigger orders are not supported by the simulator.", asset, "rejected");
  }
  const tif: Tif = wire.t.limit.tif === "FrontendMarket" ? "Ioc" : wire.t.limit.tif;
  const account = state.account(user);
  const price = parsePrice(wire.p, coin.spec.szDecimals);
  if (!price.ok) {
    const text = price.reason === "tick"
      ? "Price must be divisible by tick size."
      : "Order has invalid price.";
    return reject(state, text, asset, "tickRejected");
  }
  const size = parseSize(wire.s, coin.spec.szDecimals);
  if (!size.ok) {
    const text = size.reason === "zero" ? "Order has zero size." : "Order has invalid size.";
    return reject(state, text, asset, "rejected");
  }
  if (!account.synthetic && account.open.size >= BASE_OPEN_ORDERS) {
    const limit = Math.min(
      MAX_OPEN_ORDERS,
      BASE_OPEN_ORDERS + Math.floor(account.cumVlm / MICRO_PER_EXTRA_ORDER),
    );
    if (wire.r || (tif !== "Ioc" && account.open.size >= limit)) {
      return reject(state, "Too many open orders.", asset, "tooManyOpenOrdersRejected");
    }
  }
  const cloid = wire.c?.toLowerCase() ?? cloidOverride;
  if (cloid !== null) {
    const existing = account.cloids.get(cloid);
    if (existing !== undefined && account.open.has(existing)) {
      return reject(state, "Duplicate cloid.", asset, "rejected");
    }
  }
  const px = price.units;
  let lots = size.lots;
  /**
   * A rejection after parsing: an order with a cloid keeps a record with the rejection status,
   * so `orderStatus` by cloid can answer it, as the exchange's order history does.
   */
  const refuse = (text: string, status: string) => {
    if (cloid !== null) {
      const order = state.newOrder(user, coin, wire.b, px, 0, size.lots, tif, wire.r, cloid);
      order.status = status;
      state.record(account, order);
    }
    return reject(state, text, asset, status);
  };
  const szi = account.positions.get(asset)?.szi ?? 0;
  if (wire.r) {
    const reduces = wire.b ? szi < 0 : szi > 0;
    if (!reduces) {
      return refuse("Reduce only order would increase position.", "reduceOnlyRejected");
    }
    lots = Math.min(lots, Math.abs(szi));
  }
  const closesAll = szi !== 0 && (wire.b ? szi < 0 : szi > 0) && lots === Math.abs(szi);
  if (!closesAll && px * lots < MIN_NOTIONAL_MICRO) {
    return refuse("Order must have minimum value of $10.", "minTradeNtlRejected");
  }
  if (!wire.r && !account.synthetic && !state.hasMarginFor(account, coin, wire.b, px, lots)) {
    return refuse("Insufficient margin to place order.", "perpMarginRejected");
  }
  const opposite = coin.book.side(!wire.b).best();
  const crosses = opposite !== undefined && (wire.b ? opposite.px <= px : opposite.px >= px);
  if (tif === "Alo" && crosses) {
    return refuse(
      `Post only order would have immediately matched, bbo was ${bboText(state, coin)}.`,
      "badAloPxRejected",
    );
  }
  if (tif === "Ioc" && !crosses) {
    return refuse(
      "Order could not immediately match against any resting orders.",
      "iocCancelRejected",
    );
  }
  const order = state.newOrder(user, coin, wire.b, px, lots, size.lots, tif, wire.r, cloid);
  state.record(account, order);
  const result = state.match(order);
  state.enforceReduceOnly(account.address, asset);
  const withCloid = <T extends object>(body: T): T => cloid === null ? body : { ...body, cloid };
  if (order.sz > 0 && tif !== "Ioc") {
    state.rest(order);
    state.setStatus(order, "open");
    state.count("orders.resting");
    return { resting: withCloid({ oid: order.oid }) };
  }
  if (result.filledLots === 0) {
    // Everything self-trade-cancelled against the user's own resting orders.
    state.setStatus(order, "canceled");
    return reject(
      state,
      "Order could not immediately match against any resting orders.",
      asset,
      "iocCancelRejected",
    );
  }
  state.setStatus(order, order.sz === 0 ? "filled" : "canceled");
  state.count("orders.filled");
  return {
    filled: withCloid({
      totalSz: state.szString(coin, result.filledLots),
      avgPx: state.avgPxString(coin, result),
      oid: order.oid,
    }),
  };
}
