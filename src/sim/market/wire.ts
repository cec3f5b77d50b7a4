/** Zod schemas of the exchange actions and info bodies the simulator core accepts. */
import { z } from "zod";

const cloid = z.string().regex(/^0x[0-9a-fA-F]{32}$/);
const assetId = z.number().int().min(0);
const oidNumber = z.number().int().min(0);

const limitType = z.object({
  limit: z.object({ tif: z.enum(["Gtc", "Ioc", "Alo", "FrontendMarket"]) }),
});
const triggerType = z.object({
  trigger: z.object({
    isMarket: z.boolean(),
    triggerPx: z.string(),
    tpsl: z.enum(["tp", "sl"]),
  }),
});

/** One order in an `order` or modify action, with the exchange's short keys. */
export const orderWireSchema = z.object({
  a: assetId,
  b: z.boolean(),
  p: z.string(),
  s: z.string(),
  r: z.boolean(),
  t: z.union([limitType, triggerType]),
  c: cloid.optional(),
});
/** A parsed wire order, as the simulator's placement code takes it. */
export type OrderWire = z.infer<typeof orderWireSchema>;

const grouping = z.union([
  z.enum(["na", "normalTpsl", "positionTpsl"]),
  z.object({ p: z.number().int().min(0).max(100_000_000) }),
]);

/** The `order` action, with grouping and optional builder fee. */
export const orderActionSchema = z.object({
  type: z.literal("order"),
  orders: z.array(orderWireSchema),
  grouping,
  builder: z.object({ b: z.string(), f: z.number().int().min(0) }).optional(),
});

/** The `cancel` action (by asset and oid). */
export const cancelActionSchema = z.object({
  type: z.literal("cancel"),
  cancels: z.array(z.object({ a: assetId, o: oidNumber })),
  f: z.literal(true).optional(),
});

/** The `cancelByCloid` action (by asset and cloid). */
export const cancelByCloidActionSchema = z.object({
  type: z.literal("cancelByCloid"),
  cancels: z.array(z.object({ asset: assetId, cloid })),
  f: z.literal(true).optional(),
});

const modifyEntry = z.object({ oid: z.union([oidNumber, cloid]), order: orderWireSchema });

/** The single `modify` action (by oid or cloid). */
export const modifyActionSchema = z.object({
  type: z.literal("modify"),
  oid: z.union([oidNumber, cloid]),
  order: orderWireSchema,
  a: z.literal(true).optional(),
});

/** The `batchModify` action: several modifies in one signed request. */
export const batchModifyActionSchema = z.object({
  type: z.literal("batchModify"),
  modifies: z.array(modifyEntry),
  a: z.literal(true).optional(),
});

/** The `scheduleCancel` action (dead-man's switch); no `time` clears it. */
export const scheduleCancelActionSchema = z.object({
  type: z.literal("scheduleCancel"),
  time: z.number().int().min(0).optional(),
});

/** The `updateLeverage` action. */
export const updateLeverageActionSchema = z.object({
  type: z.literal("updateLeverage"),
  asset: assetId,
  isCross: z.boolean(),
  leverage: z.number().int(),
});

/** The `noop` action (spends a nonce, changes nothing). */
export const noopActionSchema = z.object({ type: z.literal("noop") });

/**
 * The `reserveRequestWeight` action (reference §2.3): buy `weight` address-budget requests, for
 * this account or an existing `destination`.
 */
export const reserveRequestWeightActionSchema = z.object({
  type: z.literal("reserveRequestWeight"),
  weight: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  destination: z.string().regex(/^0x[0-9a-fA-F]{40}$/).optional(),
});

/**
 * Every L1 action the simulator executes, told apart by `type`; anything else answers 422 like the
 * exchange.
 */
export const actionSchema = z.discriminatedUnion("type", [
  orderActionSchema,
  cancelActionSchema,
  cancelByCloidActionSchema,
  modifyActionSchema,
  batchModifyActionSchema,
  scheduleCancelActionSchema,
  updateLeverageActionSchema,
  noopActionSchema,
  reserveRequestWeightActionSchema,
]);
/** A parsed action, as `executeAction` dispatches it. */
export type SimAction = z.infer<typeof actionSchema>;

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/).transform((s) => s.toLowerCase());
const dex = z.string().optional();

/** Every `/info` request type the simulator answers, told apart by `type`. */
export const infoSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("meta"), dex }),
  z.object({ type: z.literal("metaAndAssetCtxs"), dex }),
  z.object({ type: z.literal("allMids"), dex }),
  z.object({
    type: z.literal("l2Book"),
    coin: z.string(),
    nSigFigs: z.number().int().min(2).max(5).nullable().optional(),
    mantissa: z.number().int().nullable().optional(),
  }),
  z.object({ type: z.literal("clearinghouseState"), user: address, dex }),
  z.object({ type: z.literal("openOrders"), user: address, dex }),
  z.object({ type: z.literal("frontendOpenOrders"), user: address, dex }),
  z.object({ type: z.literal("userFees"), user: address }),
  z.object({
    type: z.literal("orderStatus"),
    user: address,
    oid: z.union([oidNumber, cloid]),
  }),
  z.object({
    type: z.literal("userFills"),
    user: address,
    aggregateByTime: z.boolean().optional(),
  }),
  z.object({ type: z.literal("userRateLimit"), user: address }),
  z.object({ type: z.literal("exchangeStatus") }),
]);
/** A parsed `/info` request, as `answerInfo` dispatches it. */
export type InfoRequest = z.infer<typeof infoSchema>;

/** The 422 text the exchange answers for a body it cannot deserialize. */
export const DESERIALIZE_ERROR = "Failed to deserialize the JSON body into the target type";
