/** Order records of the order manager and the actions the diff plans. */
import type { CancelByCloid, Cloid, ModifyIntent, OrderIntent, Side } from "../../core/types.ts";

/**
 * Lifecycle of one of our orders (by cloid):
 * - pending: place (or the new half of a modify) sent, no answer yet;
 * - resting / partiallyFilled: on the book;
 * - pendingCancel: cancel sent, no answer yet;
 * - pendingModify: a modify replacing it was sent, no answer yet;
 * - unknown: an answer never came (or a modify failed in a way that leaves it unclear); resolved
 *   by orderStatus or openOrders, never resent;
 * - filled / canceled / rejected: final.
 */
export type OrderState =
  | "pending"
  | "resting"
  | "partiallyFilled"
  | "pendingCancel"
  | "pendingModify"
  | "unknown"
  | "filled"
  | "canceled"
  | "rejected";

/** States an order never leaves; such records are no longer live. */
export const FINAL_STATES: ReadonlySet<OrderState> = new Set(["filled", "canceled", "rejected"]);

/** States in which an order is, or may be, on the book and the diff must not duplicate it. */
export const IN_FLIGHT_STATES: ReadonlySet<OrderState> = new Set([
  "pending",
  "pendingModify",
  "unknown",
]);

/**
 * The order manager's record of one of our orders: what was sent, its state, and what is left on
 * the book.
 */
export interface LiveOrder {
  readonly cloid: Cloid;
  /** Exchange id once known. */
  readonly oid: number | null;
  readonly coin: string;
  readonly assetId: number;
  readonly side: Side;
  /** Quote level (0 = closest to fair) this order stands for. */
  readonly level: number;
  /** Wire price and size as sent. */
  readonly px: string;
  readonly sz: string;
  readonly pxNum: number;
  readonly szNum: number;
  /** Size still open on the book. */
  readonly remainingSz: number;
  /** Size filled so far (from fills). */
  readonly filledSz: number;
  readonly reduceOnly: boolean;
  readonly state: OrderState;
  /** When the place or modify that created this order was sent. */
  readonly lastSentMs: number;
  /** When the exchange confirmed it on the book (resting answer, update, status); null before. */
  readonly confirmedMs: number | null;
  /** Last state change. */
  readonly updatedMs: number;
  /** Why it ended up in its state (rejection text, "modified", "missing from openOrders", ...). */
  readonly reason: string | null;
}

/** A new order to place, with the quote level it stands for. */
export interface PlannedPlace {
  readonly level: number;
  readonly intent: OrderIntent;
}

/** Replace the order `fromCloid` by `modify.order` (which carries a new cloid). */
export interface PlannedModify {
  readonly level: number;
  readonly fromCloid: Cloid;
  readonly modify: ModifyIntent;
}

/** A cancel the diff planned, with the cloid whose record it changes. */
export interface PlannedCancel {
  readonly cloid: Cloid;
  readonly cancel: CancelByCloid;
}
