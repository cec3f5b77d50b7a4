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

export type WireOrder = {
  readonly a: number;
  readonly b: boolean;
  readonly p: string;
  readonly s: string;
  readonly r: boolean;
  readonly t: { readonly limit: { readonly tif: Tif } };
  readonly c?: Cloid;
};

export type OrderAction = {
  readonly type: "order";
  readonly orders: readonly WireOrder[];
  readonly grouping: "na";
};

export type CancelAction = {
  readonly type: "cancel";
  readonly cancels: readonly { readonly a: number; readonly o: number }[];
};

export type CancelByCloidAction = {
  readonly type: "cancelByCloid";
  readonly cancels: readonly { readonly asset: number; readonly cloid: Cloid }[];
};

export type BatchModifyAction = {
  readonly type: "batchModify";
  readonly modifies: readonly { readonly oid: number | Cloid; readonly order: WireOrder }[];
};

export type ScheduleCancelAction = {
  readonly type: "scheduleCancel";
  readonly time?: number;
};

export type L1Action =
  | OrderAction
  | CancelAction
  | CancelByCloidAction
  | BatchModifyAction
  | ScheduleCancelAction;

function lowerCloid(c: Cloid): Cloid {
  return c.toLowerCase() as Cloid;
}

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

export function orderAction(orders: readonly OrderIntent[]): OrderAction {
  return { type: "order", orders: orders.map(wireOrder), grouping: "na" };
}

export function cancelAction(cancels: readonly CancelByOid[]): CancelAction {
  return { type: "cancel", cancels: cancels.map((c) => ({ a: c.assetId, o: c.oid })) };
}

export function cancelByCloidAction(cancels: readonly CancelByCloid[]): CancelByCloidAction {
  return {
    type: "cancelByCloid",
    cancels: cancels.map((c) => ({ asset: c.assetId, cloid: lowerCloid(c.cloid) })),
  };
}

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
