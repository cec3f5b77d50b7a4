/** Applies one side of a fill to its account: position, entry cost, realized PnL, fees, volume. */
import { formatUsd } from "./decimal.ts";
import type { CoinState, MarketState } from "./market_state.ts";
import type { SimOrder, WireFill } from "./types.ts";

/** Fills kept per account for userFills (the list is trimmed at twice this). */
export const MAX_FILLS_KEPT = 2000;
const DAY_MS = 86_400_000;

/** UTC date of a time, as in userFees' dailyUserVlm. */
export function dayKey(ms: number): string {
  return new Date(Math.floor(ms / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Book one side of a fill of `lots` at `px` to the order's account: position, realized PnL, fee,
 * volume and the stored fill.
 */
export function applyFill(
  state: MarketState,
  order: SimOrder,
  coin: CoinState,
  lots: number,
  px: number,
  crossed: boolean,
  hash: string,
  tid: number,
  liquidation?: WireFill["liquidation"],
): void {
  const account = state.account(order.user);
  if (account.synthetic) return;
  const notional = lots * px;
  const position = account.positions.get(coin.index) ?? { szi: 0, cost: 0 };
  const start = position.szi;
  const delta = order.isBuy ? lots : -lots;
  let closedPnl = 0;
  if (start === 0 || Math.sign(start) === Math.sign(delta)) {
    position.cost += notional;
    position.szi += delta;
  } else {
    const closeLots = Math.min(lots, Math.abs(start));
    const costClosed = Math.round(position.cost * closeLots / Math.abs(start));
    const exit = closeLots * px;
    closedPnl = start > 0 ? exit - costClosed : costClosed - exit;
    position.cost -= costClosed;
    position.szi += order.isBuy ? closeLots : -closeLots;
    const rest = lots - closeLots;
    if (rest > 0) {
      position.szi = order.isBuy ? rest : -rest;
      position.cost = rest * px;
    }
    if (position.szi === 0) position.cost = 0;
  }
  if (position.szi === 0) account.positions.delete(coin.index);
  else account.positions.set(coin.index, position);
  const fee = Math.round(notional * (crossed ? state.fees.taker : state.fees.maker));
  account.balance += closedPnl - fee;
  account.cumVlm += notional;
  const day = dayKey(state.now);
  const daily = account.daily.get(day) ?? { cross: 0, add: 0 };
  if (crossed) daily.cross += notional;
  else daily.add += notional;
  account.daily.set(day, daily);
  const fill: WireFill = {
    coin: coin.spec.name,
    px: state.pxString(coin, px),
    sz: state.szString(coin, lots),
    side: order.isBuy ? "B" : "A",
    time: state.now,
    startPosition: state.szString(coin, start),
    dir: direction(start, position.szi, order.isBuy),
    closedPnl: formatUsd(closedPnl),
    hash,
    oid: order.oid,
    crossed,
    fee: formatUsd(fee),
    tid,
    feeToken: "USDC",
    twapId: null,
  };
  if (order.cloid !== null) fill.cloid = order.cloid;
  if (liquidation) fill.liquidation = liquidation;
  account.fills.push(fill);
  if (account.fills.length > MAX_FILLS_KEPT * 2) {
    account.fills.splice(0, account.fills.length - MAX_FILLS_KEPT);
  }
  state.pushes.addFill(account.address, fill);
}

function direction(start: number, end: number, isBuy: boolean): string {
  if (isBuy) {
    if (start >= 0) return "Open Long";
    return end > 0 ? "Short > Long" : "Close Short";
  }
  if (start <= 0) return "Open Short";
  return end < 0 ? "Long > Short" : "Close Long";
}
