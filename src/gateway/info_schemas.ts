/** Zod schemas of the `/info` answers the bot uses, each converting to core types. */
import { z } from "zod";
import type {
  AccountState,
  AddressRateLimit,
  AssetMeta,
  OrderStatusResult,
  Position,
  UserFees,
} from "../core/types.ts";
import { bookLevels, decimal, exchangeOrder, fill, intNumber } from "../wire/wire_schemas.ts";

/** `meta` answer as asset metadata; the asset id is the position in `universe`. */
export const metaAnswer = z
  .object({
    universe: z.array(
      z.object({
        name: z.string(),
        szDecimals: intNumber,
        maxLeverage: z.number(),
        isDelisted: z.boolean().nullish(),
      }),
    ),
  })
  .transform((m): AssetMeta[] =>
    m.universe.map((u, assetId) => ({
      coin: u.name,
      assetId,
      szDecimals: u.szDecimals,
      maxLeverage: u.maxLeverage,
      ...(u.isDelisted === true ? { isDelisted: true } : {}),
    }))
  );

/** l2Book answer; `null` when the market does not exist. */
export const l2BookAnswer = z
  .object({ coin: z.string(), time: intNumber, levels: bookLevels })
  .nullable();

/** `openOrders` answer: our resting orders. */
export const openOrdersAnswer = z.array(exchangeOrder);

const position = z
  .object({
    coin: z.string(),
    szi: decimal,
    entryPx: decimal.nullish(),
    unrealizedPnl: decimal,
    positionValue: decimal,
  })
  .transform((p): Position => ({
    coin: p.coin,
    szi: p.szi,
    entryPx: p.entryPx ?? null,
    unrealizedPnl: p.unrealizedPnl,
    positionValue: p.positionValue,
  }));

/** `clearinghouseState` answer as account value, margin and positions. */
export const clearinghouseStateAnswer = z
  .object({
    assetPositions: z.array(z.object({ position })),
    marginSummary: z.object({ accountValue: decimal, totalMarginUsed: decimal }),
    withdrawable: decimal,
    time: intNumber,
  })
  .transform((s): AccountState => ({
    timeMs: s.time,
    accountValue: s.marginSummary.accountValue,
    totalMarginUsed: s.marginSummary.totalMarginUsed,
    withdrawable: s.withdrawable,
    positions: s.assetPositions.map((p) => p.position),
  }));

/** `userFees` answer as our taker and maker rates. */
export const userFeesAnswer = z
  .object({ userCrossRate: decimal, userAddRate: decimal })
  .transform((f): UserFees => ({ crossRate: f.userCrossRate, addRate: f.userAddRate }));

/** `userRateLimit` answer: the figures of the per-address request budget. */
export const userRateLimitAnswer = z
  .object({
    cumVlm: decimal,
    nRequestsUsed: decimal,
    nRequestsCap: decimal,
    nRequestsSurplus: decimal.optional(),
  })
  .transform((r): AddressRateLimit => ({
    cumVlm: r.cumVlm,
    nRequestsUsed: r.nRequestsUsed,
    nRequestsCap: r.nRequestsCap,
    nRequestsSurplus: r.nRequestsSurplus ?? 0,
  }));

/** `orderStatus` answer: the order with its status, or unknownOid. */
export const orderStatusAnswer = z
  .union([
    z.object({ status: z.literal("unknownOid") }),
    z.object({
      status: z.literal("order"),
      order: z.object({ order: exchangeOrder, status: z.string(), statusTimestamp: intNumber }),
    }),
  ])
  .transform((a): OrderStatusResult =>
    a.status === "unknownOid" ? { kind: "unknownOid" } : {
      kind: "order",
      order: a.order.order,
      status: a.order.status,
      statusTimestampMs: a.order.statusTimestamp,
    }
  );

/** `userFills` answer: our recent fills. */
export const userFillsAnswer = z.array(fill);
