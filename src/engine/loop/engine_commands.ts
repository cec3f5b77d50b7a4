/**
 * What the engine's pure steps (`applyEvent`, `decide`, `heartbeat`) ask the shell to do: they
 * change only the engine's state and return these; the shell (engine.ts) runs them: it logs, starts
 * requests, sends actions and answers halts. Every answer comes back as an `EngineEvent`.
 */
import type { LogFields } from "../../core/log.ts";
import type { Cloid, ExchangeOrder } from "../../core/types.ts";
import type { PlannedAction } from "./action_plan.ts";

/** The order path an action takes: the WS post path, REST, or the only exchange given. */
export type OrderVia = "ws" | "rest" | "primary";

/** An info request the shell starts; its answer is queued as an event. */
export type InfoRequest =
  | { readonly what: "l2Book"; readonly coin: string }
  | { readonly what: "userRateLimit" }
  | { readonly what: "meta" }
  | { readonly what: "userFills" }
  /** openOrders + clearinghouseState; `asOfMs`: local time it was asked (for the reconcile). */
  | { readonly what: "reconcile"; readonly reason: string; readonly asOfMs: number }
  | { readonly what: "orderStatus"; readonly cloid: Cloid };

/** One thing for the shell to do. */
export type EngineCommand =
  /**
   * A log line. warn/error also go to the recent events; `throttleKey` limits a warning to one per
   * 10 s per key, `onceKey` to once per run.
   */
  | {
    readonly type: "log";
    readonly level: "debug" | "info" | "warn" | "error";
    readonly msg: string;
    readonly fields?: LogFields;
    readonly throttleKey?: string;
    readonly onceKey?: string;
  }
  | { readonly type: "info"; readonly request: InfoRequest }
  /**
   * Send an action already recorded as sent (orders, counters, address budget). `via` null: a dry
   * run (logged and answered at once as accepted). `tickCoins`: coins whose new market data caused
   * it, with the monotonic ms that data arrived (tick-to-order).
   */
  | {
    readonly type: "send";
    readonly action: PlannedAction;
    readonly via: OrderVia | null;
    readonly tickCoins: ReadonlyMap<string, number>;
  }
  /** Cancel by oid the orphans found by a reconcile (already charged). */
  | {
    readonly type: "cancelOrphans";
    readonly orders: readonly ExchangeOrder[];
    readonly cancels: readonly { readonly assetId: number; readonly oid: number }[];
    readonly via: OrderVia;
  }
  /** Buy `requests` address requests (reserveRequestWeight; already charged and counted). */
  | { readonly type: "reserveWeight"; readonly requests: number; readonly via: OrderVia }
  /** Arm the dead-man's switch at `timeMs` (already charged). */
  | { readonly type: "scheduleCancel"; readonly timeMs: number; readonly via: OrderVia }
  /** Decide again in `waitMs` (the WS budget or in-flight gate would make the posts wait). */
  | { readonly type: "hold"; readonly waitMs: number }
  /** Answer an operator's halt, once the decision that applied it has sent its cancels. */
  | { readonly type: "ack"; readonly ack: () => void }
  /** Log the status line (read from the snapshot). */
  | { readonly type: "status" };

/** A log command (shorthand for the pure steps). */
export function log(
  level: "debug" | "info" | "warn" | "error",
  msg: string,
  fields?: LogFields,
  keys: { throttleKey?: string; onceKey?: string } = {},
): EngineCommand {
  return { type: "log", level, msg, ...(fields ? { fields } : {}), ...keys };
}
