/** The exchange's order objects (openOrders / orderUpdates, frontendOpenOrders / orderStatus). */
import type { CoinState, MarketState } from "./market_state.ts";
import type { SimOrder } from "./types.ts";

/** The order object of openOrders / orderUpdates. */
export function wireOrder(state: MarketState, order: SimOrder): Record<string, unknown> {
  const coin = state.coins[order.asset] as CoinState;
  const out: Record<string, unknown> = {
    coin: coin.spec.name,
    side: order.isBuy ? "B" : "A",
    limitPx: state.pxString(coin, order.px),
    sz: state.szString(coin, order.sz),
    oid: order.oid,
    timestamp: order.timestamp,
    origSz: state.szString(coin, order.origSz),
  };
  if (order.cloid !== null) out.cloid = order.cloid;
  if (order.reduceOnly) out.reduceOnly = true;
  return out;
}

/** The order object of frontendOpenOrders / orderStatus. */
export function frontendOrder(state: MarketState, order: SimOrder): Record<string, unknown> {
  const coin = state.coins[order.asset] as CoinState;
  return {
    coin: coin.spec.name,
    side: order.isBuy ? "B" : "A",
    limitPx: state.pxString(coin, order.px),
    sz: state.szString(coin, order.sz),
    oid: order.oid,
    timestamp: order.timestamp,
    triggerCondition: "N/A",
    isTrigger: false,
    triggerPx: "0.0",
    children: [],
    isPositionTpsl: false,
    reduceOnly: order.reduceOnly,
    orderType: "Limit",
    origSz: state.szString(coin, order.origSz),
    tif: order.tif,
    cloid: order.cloid,
  };
}
