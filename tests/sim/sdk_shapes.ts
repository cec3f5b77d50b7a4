/**
 * Zod schemas of the answers and pushes the bot uses, hand-written from the @nktkas/hyperliquid
 * 0.33.3 response and event TYPES (which have no runtime schema). Each schema is strict (a field
 * the SDK type does not have fails) and applies the SDK's documented `@pattern`s; next to each,
 * `same<z.output<schema>, SdkType>(true)` fails `deno check` if the schema and the SDK type stop
 * describing the same shape. Requests are checked with the SDK's own (valibot) request schemas
 * through their Standard Schema interface (`sdkValidate`).
 */
import { z } from "zod";
import type {
  ClearinghouseStateResponse,
  L2BookResponse,
  MetaResponse,
  OpenOrdersResponse,
  OrderStatusResponse,
  UserFeesResponse,
  UserFillsResponse,
  UserRateLimitResponse,
} from "@nktkas/hyperliquid/api/info";
import type {
  BboEvent,
  L2BookEvent,
  OrderUpdatesEvent,
  UserFillsEvent,
} from "@nktkas/hyperliquid/api/subscription";
import type {
  BatchModifyResponse,
  CancelResponse,
  OrderResponse,
  ScheduleCancelResponse,
} from "@nktkas/hyperliquid/api/exchange";

/** True only when A and B are mutually assignable. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Compile-time check that a schema's output and an SDK type describe the same shape. */
export function same<A, B>(_proof: Same<A, B>): void {}

/** SDK `@pattern ^[0-9]+(\.[0-9]+)?$` (unsigned decimal string). */
const udec = z.string().regex(/^[0-9]+(\.[0-9]+)?$/);
/** SDK `@pattern ^-?[0-9]+(\.[0-9]+)?$` (signed decimal string). */
const dec = z.string().regex(/^-?[0-9]+(\.[0-9]+)?$/);
const hex = (re: RegExp) => z.string().regex(re).transform((s) => s as `0x${string}`);
const cloid = hex(/^0x[a-fA-F0-9]{32}$/);
const address = hex(/^0x[a-fA-F0-9]{40}$/);
const txHash = hex(/^0x[a-fA-F0-9]{64}$/);
const int = z.number().int();

// ---------------------------------------------------------------------------------------------
// Info answers

/** SDK `MetaResponse` (api/info meta.d.ts). */
export const metaResponse = z.strictObject({
  universe: z.array(z.strictObject({
    szDecimals: int,
    name: z.string(),
    maxLeverage: int,
    marginTableId: int,
    onlyIsolated: z.literal(true).optional(),
    isDelisted: z.literal(true).optional(),
    marginMode: z.enum(["strictIsolated", "noCross"]).optional(),
    growthMode: z.literal("enabled").optional(),
    lastGrowthModeChangeTime: z.string().optional(),
  })),
  marginTables: z.array(z.tuple([
    int,
    z.strictObject({
      description: z.string(),
      marginTiers: z.array(z.strictObject({ lowerBound: udec, maxLeverage: int })),
    }),
  ])),
  collateralToken: int,
});
same<z.output<typeof metaResponse>, MetaResponse>(true);

const level = z.strictObject({ px: udec, sz: udec, n: int });

/** SDK `L2BookResponse` (api/info l2Book.d.ts). */
export const l2BookResponse = z.strictObject({
  coin: z.string(),
  time: int,
  levels: z.tuple([z.array(level), z.array(level)]),
  spread: udec.optional(),
}).nullable();
same<z.output<typeof l2BookResponse>, L2BookResponse>(true);

/** The fields of SDK `OpenOrder` and `FrontendOpenOrder` alike; both schemas extend this one. */
const orderFields = z.strictObject({
  coin: z.string(),
  side: z.enum(["B", "A"]),
  limitPx: udec,
  sz: udec,
  oid: int,
  timestamp: int,
  origSz: udec,
});

/** SDK `OpenOrder` (api/info _base/_schemas.d.ts), the element of openOrders and orderUpdates. */
const openOrder = orderFields.extend({
  cloid: cloid.optional(),
  reduceOnly: z.literal(true).optional(),
});

/** SDK `OpenOrdersResponse`. */
export const openOrdersResponse = z.array(openOrder);
same<z.output<typeof openOrdersResponse>, OpenOrdersResponse>(true);

/** SDK `ClearinghouseStateResponse` (api/info clearinghouseState.d.ts). */
export const clearinghouseStateResponse = (() => {
  const summary = z.strictObject({
    accountValue: udec,
    totalNtlPos: udec,
    totalRawUsd: dec,
    totalMarginUsed: udec,
  });
  return z.strictObject({
    marginSummary: summary,
    crossMarginSummary: summary,
    crossMaintenanceMarginUsed: udec,
    withdrawable: udec,
    assetPositions: z.array(z.strictObject({
      type: z.literal("oneWay"),
      position: z.strictObject({
        coin: z.string(),
        szi: dec,
        leverage: z.union([
          z.strictObject({ type: z.literal("isolated"), value: int, rawUsd: dec }),
          z.strictObject({ type: z.literal("cross"), value: int }),
        ]),
        entryPx: udec,
        positionValue: udec,
        unrealizedPnl: dec,
        returnOnEquity: dec,
        liquidationPx: udec.nullable(),
        marginUsed: udec,
        maxLeverage: int,
        cumFunding: z.strictObject({ allTime: dec, sinceOpen: dec, sinceChange: dec }),
      }),
    })),
    time: int,
  });
})();
same<z.output<typeof clearinghouseStateResponse>, ClearinghouseStateResponse>(true);

/** SDK `UserFeesResponse` (api/info userFees.d.ts). */
export const userFeesResponse = z.strictObject({
  dailyUserVlm: z.array(z.strictObject({
    date: z.string(),
    userCross: z.string(),
    userAdd: z.string(),
    exchange: z.string(),
  })),
  feeSchedule: z.strictObject({
    cross: z.string(),
    add: z.string(),
    spotCross: z.string(),
    spotAdd: z.string(),
    tiers: z.strictObject({
      vip: z.array(z.strictObject({
        ntlCutoff: z.string(),
        cross: z.string(),
        add: z.string(),
        spotCross: z.string(),
        spotAdd: z.string(),
      })),
      mm: z.array(z.strictObject({ makerFractionCutoff: z.string(), add: z.string() })),
    }),
    referralDiscount: z.string(),
    stakingDiscountTiers: z.array(
      z.strictObject({ bpsOfMaxSupply: z.string(), discount: z.string() }),
    ),
  }),
  userCrossRate: z.string(),
  userAddRate: z.string(),
  userSpotCrossRate: z.string(),
  userSpotAddRate: z.string(),
  activeReferralDiscount: z.string(),
  trial: z.unknown(),
  feeTrialEscrow: z.string(),
  nextTrialAvailableTimestamp: int.nullable(),
  stakingLink: z.union([
    z.strictObject({ type: z.enum(["requested", "tradingUser"]), stakingUser: address }),
    z.strictObject({ type: z.literal("stakingUser"), tradingUser: address }),
  ]).nullable(),
  activeStakingDiscount: z.strictObject({ bpsOfMaxSupply: z.string(), discount: z.string() }),
});
same<z.output<typeof userFeesResponse>, UserFeesResponse>(true);

/** SDK `UserRateLimitResponse`. */
export const userRateLimitResponse = z.strictObject({
  cumVlm: udec,
  nRequestsUsed: int,
  nRequestsCap: int,
  nRequestsSurplus: int,
});
same<z.output<typeof userRateLimitResponse>, UserRateLimitResponse>(true);

/** SDK `OrderProcessingStatus`. */
const orderProcessingStatus = z.enum([
  "open",
  "filled",
  "canceled",
  "triggered",
  "rejected",
  "marginCanceled",
  "vaultWithdrawalCanceled",
  "openInterestCapCanceled",
  "selfTradeCanceled",
  "reduceOnlyCanceled",
  "siblingFilledCanceled",
  "delistedCanceled",
  "liquidatedCanceled",
  "outcomeSettledCanceled",
  "scheduledCancel",
  "internalCancel",
  "tickRejected",
  "minTradeNtlRejected",
  "perpMarginRejected",
  "reduceOnlyRejected",
  "badAloPxRejected",
  "iocCancelRejected",
  "badTriggerPxRejected",
  "marketOrderNoLiquidityRejected",
  "positionIncreaseAtOpenInterestCapRejected",
  "positionFlipAtOpenInterestCapRejected",
  "tooAggressiveAtOpenInterestCapRejected",
  "openInterestIncreaseRejected",
  "insufficientSpotBalanceRejected",
  "oracleRejected",
  "perpMaxPositionRejected",
  "tooManyOpenOrdersRejected",
]);

/**
 * SDK `FrontendOpenOrder` (recursive through `children`): the shared order fields, `OpenOrder`'s
 * `cloid` and `reduceOnly` with other types (nullable, any boolean), and display fields.
 */
const frontendOpenOrder = orderFields.extend({
  triggerCondition: z.string(),
  isTrigger: z.boolean(),
  triggerPx: udec,
  get children() {
    return z.array(frontendOpenOrder);
  },
  isPositionTpsl: z.boolean(),
  reduceOnly: z.boolean(),
  orderType: z.enum([
    "Market",
    "Limit",
    "Stop Market",
    "Stop Limit",
    "Take Profit Market",
    "Take Profit Limit",
    "Twap Slice",
    "Vault Close",
    "Spot Dust Conversion",
  ]),
  tif: z.enum(["Gtc", "Ioc", "Alo", "FrontendMarket", "LiquidationMarket"]).nullable(),
  cloid: cloid.nullable(),
});

/** SDK `OrderStatusResponse` (api/info orderStatus.d.ts). */
export const orderStatusResponse = z.union([
  z.strictObject({
    status: z.literal("order"),
    order: z.strictObject({
      order: frontendOpenOrder,
      status: orderProcessingStatus,
      statusTimestamp: int,
    }),
  }),
  z.strictObject({ status: z.literal("unknownOid") }),
]);
same<z.output<typeof orderStatusResponse>, OrderStatusResponse>(true);

/** SDK `UserFillsResponse` element: `UserFill` plus `cloid?` and `liquidation?`. */
const userFill = z.strictObject({
  coin: z.string(),
  px: udec,
  sz: udec,
  side: z.enum(["B", "A"]),
  time: int,
  startPosition: dec,
  dir: z.string(),
  closedPnl: dec,
  hash: txHash,
  oid: int,
  crossed: z.boolean(),
  fee: dec,
  builderFee: dec.optional(),
  tid: int,
  feeToken: z.string(),
  feeTrialEscrow: udec.optional(),
  twapId: int.nullable(),
  cloid: cloid.optional(),
  liquidation: z.strictObject({
    liquidatedUser: address.optional(),
    markPx: udec,
    method: z.enum(["market", "backstop"]),
  }).optional(),
});

/** SDK `UserFillsResponse`. */
export const userFillsResponse = z.array(userFill);
same<z.output<typeof userFillsResponse>, UserFillsResponse>(true);

// ---------------------------------------------------------------------------------------------
// WS pushes (data of each channel)

/** SDK `L2BookEvent` (api/subscription l2Book.d.ts). */
export const l2BookEvent = z.strictObject({
  coin: z.string(),
  time: int,
  levels: z.tuple([z.array(level), z.array(level)]),
  spread: udec.optional(),
  fast: z.literal(true).optional(),
});
same<z.output<typeof l2BookEvent>, L2BookEvent>(true);

/** SDK `BboEvent`. */
export const bboEvent = z.strictObject({
  coin: z.string(),
  time: int,
  bbo: z.tuple([level.nullable(), level.nullable()]),
});
same<z.output<typeof bboEvent>, BboEvent>(true);

/** SDK `OrderUpdatesEvent`. */
export const orderUpdatesEvent = z.array(z.strictObject({
  order: openOrder,
  status: orderProcessingStatus,
  statusTimestamp: int,
}));
same<z.output<typeof orderUpdatesEvent>, OrderUpdatesEvent>(true);

/** SDK `UserFillsEvent` (`isSnapshot` is `true` or absent). */
export const userFillsEvent = z.strictObject({
  user: address,
  fills: userFillsResponse,
  isSnapshot: z.literal(true).optional(),
});
same<z.output<typeof userFillsEvent>, UserFillsEvent>(true);

// ---------------------------------------------------------------------------------------------
// Exchange answers

const orderStatuses = z.array(z.union([
  z.strictObject({ resting: z.strictObject({ oid: int, cloid: cloid.optional() }) }),
  z.strictObject({
    filled: z.strictObject({ totalSz: udec, avgPx: udec, oid: int, cloid: cloid.optional() }),
  }),
  z.strictObject({ error: z.string() }),
  z.literal("waitingForFill"),
  z.literal("waitingForTrigger"),
]));

/** SDK `OrderResponse` (api/exchange order.d.ts); `BatchModifyResponse` is the same type. */
export const orderResponse = z.strictObject({
  status: z.literal("ok"),
  response: z.strictObject({
    type: z.literal("order"),
    data: z.strictObject({ statuses: orderStatuses }),
  }),
});
same<z.output<typeof orderResponse>, OrderResponse>(true);
same<z.output<typeof orderResponse>, BatchModifyResponse>(true);

/** SDK `CancelResponse` (cancel and cancelByCloid). */
export const cancelResponse = z.strictObject({
  status: z.literal("ok"),
  response: z.strictObject({
    type: z.literal("cancel"),
    data: z.strictObject({
      statuses: z.array(z.union([z.literal("success"), z.strictObject({ error: z.string() })])),
    }),
  }),
});
same<z.output<typeof cancelResponse>, CancelResponse>(true);

/** SDK `ScheduleCancelResponse` (ok default, or a top-level error). */
export const scheduleCancelResponse = z.union([
  z.strictObject({
    status: z.literal("ok"),
    response: z.strictObject({ type: z.literal("default") }),
  }),
  z.strictObject({ status: z.literal("err"), response: z.string() }),
]);
same<z.output<typeof scheduleCancelResponse>, ScheduleCancelResponse>(true);

/**
 * The `data` of a `post` answer. Mirrors the SDK's `PostResponse` interface
 * (transport/websocket/_events.d.ts), which the package does not export, so it is not
 * compile-checked; the payloads are checked with the schemas above.
 */
export const postData = z.strictObject({
  id: int,
  response: z.union([
    z.strictObject({
      type: z.literal("info"),
      payload: z.strictObject({ type: z.string(), data: z.unknown() }),
    }),
    z.strictObject({
      type: z.literal("action"),
      payload: z.strictObject({
        status: z.enum(["ok", "err"]),
        response: z.union([
          z.strictObject({ type: z.string(), data: z.unknown().optional() }),
          z.string(),
        ]),
      }),
    }),
    z.strictObject({ type: z.literal("error"), payload: z.string() }),
  ]),
});

/** Issues of `value` against an SDK (valibot) request schema, via Standard Schema; [] = valid. */
export function sdkValidate(
  schema: { readonly "~standard": { validate(value: unknown): unknown } },
  value: unknown,
): string[] {
  const result = schema["~standard"].validate(value) as
    | { issues?: readonly { message: string }[] }
    | Promise<unknown>;
  if (result instanceof Promise) throw new Error("async schema");
  return (result.issues ?? []).map((i) => i.message);
}
