/**
 * Pure builders of the L1 wire actions, keys in the exact order that the signature hashes
 * (msgpack keeps insertion order). Optional keys are left out, never sent as null/undefined.
 */
import type {
  CancelByCloid,
  CancelByOid,
  Cloid,
  ModifyIntent,
  OrderIntent,
  Tif,
} from "../core/types.ts";

/**
 * An order in the exchange's wire form (short keys: asset, isBuy, price, size, reduceOnly, type,
 * cloid).
 */
export type WireOrder = {
  readonly a: number;
  readonly b: boolean;
  readonly p: string;
  readonly s: string;
  readonly r: boolean;
  readonly t: { readonly limit: { readonly tif: Tif } };
  readonly c?: Cloid;
};

/** The `order` action placing new orders, ungrouped. */
export type OrderAction = {
  readonly type: "order";
  readonly orders: readonly WireOrder[];
  readonly grouping: "na";
};

/** The `cancel` action: cancel orders by exchange oid. */
export type CancelAction = {
  readonly type: "cancel";
  readonly cancels: readonly { readonly a: number; readonly o: number }[];
};

/** The `cancelByCloid` action: cancel our orders by client id. */
export type CancelByCloidAction = {
  readonly type: "cancelByCloid";
  readonly cancels: readonly { readonly asset: number; readonly cloid: Cloid }[];
};

/** The `batchModify` action: replace orders (by oid or cloid) in one signed request. */
export type BatchModifyAction = {
  readonly type: "batchModify";
  readonly modifies: readonly { readonly oid: number | Cloid; readonly order: WireOrder }[];
};

/** The `scheduleCancel` action (dead-man's switch); no `time` clears it. */
export type ScheduleCancelAction = {
  readonly type: "scheduleCancel";
  readonly time?: number;
};

/** The `reserveRequestWeight` action: buy `weight` address requests (0.0005 USDC each). */
export type ReserveRequestWeightAction = {
  readonly type: "reserveRequestWeight";
  readonly weight: number;
};

/** Every L1 action the bot signs; key order matters, as the msgpack hash covers it. */
export type L1Action =
  | ReserveRequestWeightAction
  | OrderAction
  | CancelAction
  | CancelByCloidAction
  | BatchModifyAction
  | ScheduleCancelAction;

function lowerCloid(c: Cloid): Cloid {
  return c.toLowerCase() as Cloid;
}

/** An order intent in wire form, cloid lowercased, keys in the order the signature expects. */
export function wireOrder(o: OrderIntent): WireOrder {
  const base = {
    a: o.assetId,
    b: o.side === "bid",
    p: o.px,
    s: o.sz,
    r: o.reduceOnly,
    t: { limit: { tif: o.tif } },
  };
  return o.cloid ? { ...base, c: lowerCloid(o.cloid) } : base;
}

/** The `order` action for a batch of new orders. */
export function orderAction(orders: readonly OrderIntent[]): OrderAction {
  return { type: "order", orders: orders.map(wireOrder), grouping: "na" };
}

/** The `cancel` action for cancels by oid. */
export function cancelAction(cancels: readonly CancelByOid[]): CancelAction {
  return { type: "cancel", cancels: cancels.map((c) => ({ a: c.assetId, o: c.oid })) };
}

/** The `cancelByCloid` action for cancels by cloid. */
export function cancelByCloidAction(cancels: readonly CancelByCloid[]): CancelByCloidAction {
  return {
    type: "cancelByCloid",
    cancels: cancels.map((c) => ({ asset: c.assetId, cloid: lowerCloid(c.cloid) })),
  };
}

/** The `batchModify` action for a batch of replacements. */
export function batchModifyAction(modifies: readonly ModifyIntent[]): BatchModifyAction {
  return {
    type: "batchModify",
    modifies: modifies.map((m) => ({
      oid: typeof m.target === "number" ? m.target : lowerCloid(m.target),
      order: wireOrder(m.order),
    })),
  };
}

/** Set the dead-man's switch at `timeMs`, or clear it with null (`time` left out). */
export function scheduleCancelAction(timeMs: number | null): ScheduleCancelAction {
  return timeMs === null ? { type: "scheduleCancel" } : { type: "scheduleCancel", time: timeMs };
}

/** Buy `weight` address requests (`destination` left out: for this account). */
export function reserveRequestWeightAction(weight: number): ReserveRequestWeightAction {
  return { type: "reserveRequestWeight", weight };
}
