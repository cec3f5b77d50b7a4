/** Answers `/info` requests in the exchange's shapes. */
import type { SimAnswer } from "./api.ts";
import { formatFloat, formatUsd } from "./decimal.ts";
import type { CoinState, MarketState } from "./market_state.ts";
import { frontendOrder, wireOrder } from "./order_views.ts";
import type { Account } from "./types.ts";
import { DESERIALIZE_ERROR, infoSchema } from "./wire.ts";

const answer = (body: unknown): SimAnswer => ({ httpStatus: 200, body });

/** The `meta` answer: the listed universe. */
export function metaBody(state: MarketState): Record<string, unknown> {
  const tables = new Map<number, number>();
  for (const coin of state.coins) tables.set(coin.spec.maxLeverage, coin.spec.maxLeverage);
  return {
    universe: state.coins.map((coin) => ({
      name: coin.spec.name,
      szDecimals: coin.spec.szDecimals,
      maxLeverage: coin.spec.maxLeverage,
      marginTableId: coin.spec.maxLeverage,
    })),
    marginTables: [...tables.keys()].sort((a, b) => a - b).map((id) => [
      id,
      { description: "", marginTiers: [{ lowerBound: "0.0", maxLeverage: id }] },
    ]),
    collateralToken: 0,
  };
}

/** One coin's aggregated book, `depth` levels per side, as l2Book answers and pushes carry it. */
export function l2BookBody(state: MarketState, coin: CoinState, depth: number) {
  const side = (isBid: boolean) =>
    coin.book.side(isBid).aggregate(depth).map((level) => ({
      px: state.pxString(coin, level.px),
      sz: state.szString(coin, level.sz),
      n: level.n,
    }));
  return { coin: coin.spec.name, time: state.now, levels: [side(true), side(false)] };
}

/** One coin's best bid and ask, as the bbo stream pushes it. */
export function bboBody(state: MarketState, coin: CoinState) {
  const top = (isBid: boolean) => {
    const level = coin.book.side(isBid).aggregate(1)[0];
    return level
      ? { px: state.pxString(coin, level.px), sz: state.szString(coin, level.sz), n: level.n }
      : null;
  };
  return { coin: coin.spec.name, time: state.now, bbo: [top(true), top(false)] };
}

/** The mid of every listed coin as decimal strings (`allMids`). */
export function allMidsBody(state: MarketState): Record<string, string> {
  const mids: Record<string, string> = {};
  for (const coin of state.coins) mids[coin.spec.name] = state.midString(coin);
  return mids;
}

function openInterest(state: MarketState, coin: CoinState): number {
  let lots = 0;
  for (const account of state.accounts.values()) {
    const szi = account.positions.get(coin.index)?.szi ?? 0;
    if (szi > 0) lots += szi;
  }
  return lots;
}

function assetCtx(state: MarketState, coin: CoinState) {
  const mark = state.markUnits(coin);
  const bid = coin.book.bids.best()?.px;
  const ask = coin.book.asks.best()?.px;
  return {
    dayNtlVlm: formatUsd(coin.dayNtlVlm),
    funding: "0.0000125",
    impactPxs: bid !== undefined && ask !== undefined
      ? [state.pxString(coin, bid), state.pxString(coin, ask)]
      : null,
    markPx: state.pxString(coin, mark),
    midPx: bid !== undefined && ask !== undefined ? state.midString(coin) : null,
    openInterest: state.szString(coin, openInterest(state, coin)),
    oraclePx: formatFloat(coin.oracle, coin.pxDecimals),
    premium: "0.0",
    prevDayPx: formatFloat(coin.prevDayPx, coin.pxDecimals),
    dayBaseVlm: state.szString(coin, coin.dayBaseVlm),
  };
}

/** The `clearinghouseState` answer for an account (an unknown address answers empty). */
export function clearinghouseBody(state: MarketState, account: Account | undefined) {
  const assetPositions: unknown[] = [];
  let ntl = 0;
  let marginUsed = 0;
  let maintenance = 0;
  let signedNtl = 0;
  if (account) {
    for (const [asset, position] of account.positions) {
      const coin = state.coins[asset];
      if (!coin || position.szi === 0) continue;
      const lev = state.leverageOf(account, coin);
      const value = Math.abs(position.szi) * state.markUnits(coin);
      const margin = value / lev;
      const upnl = state.unrealized(coin, position);
      ntl += value;
      signedNtl += position.szi > 0 ? value : -value;
      marginUsed += margin;
      maintenance += value / (2 * coin.spec.maxLeverage);
      const entry = position.cost / Math.abs(position.szi) / 10 ** coin.pxDecimals;
      assetPositions.push({
        type: "oneWay",
        position: {
          coin: coin.spec.name,
          szi: state.szString(coin, position.szi),
          entryPx: formatFloat(entry, coin.pxDecimals + 2),
          leverage: { type: "cross", value: lev },
          liquidationPx: null,
          marginUsed: formatUsd(margin),
          maxLeverage: coin.spec.maxLeverage,
          positionValue: formatUsd(value),
          returnOnEquity: formatFloat(margin > 0 ? upnl / margin : 0, 8),
          unrealizedPnl: formatUsd(upnl),
          cumFunding: { allTime: "0.0", sinceChange: "0.0", sinceOpen: "0.0" },
        },
      });
    }
  }
  const accountValue = account ? state.accountValue(account) : 0;
  const summary = {
    accountValue: formatUsd(accountValue),
    totalMarginUsed: formatUsd(marginUsed),
    totalNtlPos: formatUsd(ntl),
    totalRawUsd: formatUsd(accountValue - signedNtl),
  };
  return {
    assetPositions,
    crossMaintenanceMarginUsed: formatUsd(maintenance),
    crossMarginSummary: summary,
    marginSummary: summary,
    time: state.now,
    withdrawable: formatUsd(Math.max(0, accountValue - marginUsed)),
  };
}

function userFeesBody(state: MarketState, account: Account | undefined) {
  const cross = String(state.fees.taker);
  const add = String(state.fees.maker);
  const days = account ? [...account.daily.entries()].slice(-14) : [];
  return {
    dailyUserVlm: days.map(([date, v]) => ({
      date,
      userCross: formatUsd(v.cross),
      userAdd: formatUsd(v.add),
      exchange: "0.0",
    })),
    feeSchedule: {
      cross,
      add,
      spotCross: "0.0007",
      spotAdd: "0.0004",
      tiers: { vip: [], mm: [] },
      referralDiscount: "0.04",
      stakingDiscountTiers: [],
    },
    userCrossRate: cross,
    userAddRate: add,
    userSpotCrossRate: "0.0007",
    userSpotAddRate: "0.0004",
    activeReferralDiscount: "0.0",
    trial: null,
    feeTrialEscrow: "0.0",
    nextTrialAvailableTimestamp: null,
    stakingLink: null,
    activeStakingDiscount: { bpsOfMaxSupply: "0.0", discount: "0.0" },
  };
}

function orderStatusBody(state: MarketState, account: Account | undefined, oid: number | string) {
  if (!account) return { status: "unknownOid" };
  const id = typeof oid === "number" ? oid : account.cloids.get(oid.toLowerCase());
  const order = id === undefined ? undefined : account.records.get(id);
  if (!order) return { status: "unknownOid" };
  return {
    status: "order",
    order: {
      order: frontendOrder(state, order),
      status: order.status,
      statusTimestamp: order.statusTimestamp,
    },
  };
}

function openOrdersOf(account: Account | undefined) {
  return account ? [...account.open.values()].sort((a, b) => b.oid - a.oid) : [];
}

/**
 * Answer any `/info` body as the exchange would; a body it cannot parse gets the exchange's 422.
 */
export function answerInfo(state: MarketState, raw: unknown): SimAnswer {
  const parsed = infoSchema.safeParse(raw);
  if (!parsed.success) return { httpStatus: 422, body: DESERIALIZE_ERROR };
  const request = parsed.data;
  const accountOf = (user: string) => state.accounts.get(user);
  switch (request.type) {
    case "meta":
      return answer(metaBody(state));
    case "metaAndAssetCtxs":
      return answer([
        metaBody(state),
        state.coins.map((coin) => assetCtx(state, coin)),
      ]);
    case "allMids":
      return answer(allMidsBody(state));
    case "l2Book": {
      const coin = state.coinByName.get(request.coin);
      return answer(coin ? l2BookBody(state, coin, 20) : null);
    }
    case "clearinghouseState":
      return answer(clearinghouseBody(state, accountOf(request.user)));
    case "openOrders":
      return answer(openOrdersOf(accountOf(request.user)).map((o) => wireOrder(state, o)));
    case "frontendOpenOrders":
      return answer(openOrdersOf(accountOf(request.user)).map((o) => frontendOrder(state, o)));
    case "userFees":
      return answer(userFeesBody(state, accountOf(request.user)));
    case "orderStatus":
      return answer(orderStatusBody(state, accountOf(request.user), request.oid));
    case "userFills": {
      const account = accountOf(request.user);
      return answer(account ? state.recentFills(account) : []);
    }
    case "userRateLimit": {
      const account = accountOf(request.user);
      const cumVlm = account ? account.cumVlm : 0;
      const used = account ? account.requestsUsed : 0;
      const reserved = account ? account.requestsReserved : 0;
      return answer({
        cumVlm: formatUsd(cumVlm),
        nRequestsUsed: Math.max(0, used - reserved),
        nRequestsCap: 10000 + Math.floor(cumVlm / 1e6),
        nRequestsSurplus: Math.max(0, reserved - used),
      });
    }
    case "exchangeStatus":
      return answer({ time: state.now, specialStatuses: null });
  }
}
