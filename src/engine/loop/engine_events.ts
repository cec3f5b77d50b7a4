/**
 * Everything that reaches the engine loop from outside: feed frames, answers of the requests the
 * loop started, and operator commands. Callbacks only push these into the queue; the loop
 * applies them at the top of its next iteration (one owner of state).
 */
import type { BotConfig } from "../../core/config.ts";
import type { FeedEvent } from "../../core/ports.ts";
import type {
  AccountState,
  ActionOutcome,
  AddressRateLimit,
  AssetMeta,
  BookSnapshot,
  CancelOutcome,
  Cloid,
  ExchangeOrder,
  Fill,
  OrderOutcome,
  OrderStatusResult,
} from "../../core/types.ts";
import type { PlannedCancel, PlannedModify, PlannedPlace } from "../orders/order_types.ts";

/**
 * An input to the loop from outside: applied in arrival order at the start of the next step, the
 * only way state changes from callbacks.
 */
export type EngineEvent =
  /** A feed event, stamped with the local monotonic time it was received. */
  | { readonly type: "feed"; readonly event: FeedEvent; readonly monoMs: number }
  | {
    readonly type: "restBook";
    readonly coin: string;
    readonly book: BookSnapshot | null;
    readonly error?: string;
    readonly monoMs: number;
    /** When the request was sent (local monotonic ms). */
    readonly sentMonoMs: number;
  }
  | {
    readonly type: "placed";
    readonly places: readonly PlannedPlace[];
    readonly outcomes: readonly OrderOutcome[];
  }
  | {
    readonly type: "modified";
    readonly modifies: readonly PlannedModify[];
    readonly outcomes: readonly OrderOutcome[];
  }
  | {
    readonly type: "canceled";
    readonly cancels: readonly PlannedCancel[];
    readonly outcomes: readonly CancelOutcome[];
  }
  /** Orphans (open on the exchange, not ours to keep) were cancelled by oid. */
  | {
    readonly type: "orphansCanceled";
    readonly orders: readonly ExchangeOrder[];
    readonly outcomes: readonly CancelOutcome[];
  }
  | {
    readonly type: "reconciled";
    readonly reason: string;
    /** Local time the openOrders request was sent. */
    readonly asOfMs: number;
    readonly open: readonly ExchangeOrder[];
    readonly account: AccountState;
  }
  | { readonly type: "reconcileFailed"; readonly reason: string; readonly error: string }
  /** REST userFills (when no WS fills stream). */
  | { readonly type: "restFills"; readonly fills: readonly Fill[] }
  | { readonly type: "rateLimit"; readonly limit: AddressRateLimit }
  | { readonly type: "meta"; readonly assets: readonly AssetMeta[] }
  | { readonly type: "infoFailed"; readonly what: string; readonly error: string }
  | {
    readonly type: "orderStatus";
    readonly cloid: Cloid;
    readonly result: OrderStatusResult | null;
    readonly error?: string;
  }
  | {
    readonly type: "scheduleCancel";
    readonly timeMs: number | null;
    readonly outcome: ActionOutcome;
  }
  /** The answer to a purchase of address requests (reserveRequestWeight). */
  | { readonly type: "reserved"; readonly requests: number; readonly outcome: ActionOutcome }
  | { readonly type: "halt"; readonly reason: string; readonly ack: () => void }
  | { readonly type: "resume" }
  /** New quoting parameters; `coinsForLog`: their coins in the file form, for the log line. */
  | { readonly type: "config"; readonly config: BotConfig; readonly coinsForLog: unknown }
  /** The account and address budget read at startup (positions, loss baseline, budget). */
  | {
    readonly type: "startupAccount";
    readonly account: AccountState;
    readonly limit: AddressRateLimit | null;
  };
