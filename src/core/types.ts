/**
 * Shared domain types of hl-mm. No I/O, no wire short keys: the gateway and the feed translate
 * between these and Hyperliquid's JSON; the simulator has its own wire code.
 *
 * Conventions:
 * - Prices and sizes that go to the exchange are decimal strings produced by the one formatter
 *   (`src/format`). Market data and accounting use plain numbers.
 * - Times are unix milliseconds (`...Ms`).
 */

export type Network = "mainnet" | "testnet" | "sim";

/** Side of an order or a level: bid = buy, ask = sell. */
export type Side = "bid" | "ask";

export type Tif = "Alo" | "Gtc" | "Ioc";

/** A client order id: `0x` followed by 32 lowercase hex digits. */
export type Cloid = `0x${string}`;

/** A 20-byte address, `0x` + 40 lowercase hex digits. */
export type Address = `0x${string}`;

/** A perp as described by `meta`. The asset id is its index in `meta.universe`. */
export interface AssetMeta {
  readonly coin: string;
  readonly assetId: number;
  readonly szDecimals: number;
  readonly maxLeverage: number;
  readonly isDelisted?: boolean;
}

export interface BookLevel {
  readonly px: number;
  readonly sz: number;
  /** Number of orders at the level. */
  readonly n: number;
}

export type DataSource = "ws" | "rest";

/** Top of the book or a depth snapshot of one coin, best levels first on both sides. */
export interface BookSnapshot {
  readonly coin: string;
  /** Exchange timestamp of the snapshot. */
  readonly timeMs: number;
  /** Local clock time when it was received. */
  readonly receivedAtMs: number;
  readonly source: DataSource;
  readonly bids: readonly BookLevel[];
  readonly asks: readonly BookLevel[];
}

/** An order as the bot wants it on the exchange, already formatted for the wire. */
export interface OrderIntent {
  readonly coin: string;
  readonly assetId: number;
  readonly side: Side;
  /** Wire price string from the formatter. */
  readonly px: string;
  /** Wire size string from the formatter. */
  readonly sz: string;
  readonly tif: Tif;
  readonly reduceOnly: boolean;
  readonly cloid: Cloid;
}

/**
 * Typed outcome of one order in a placing or modifying action.
 * - resting / filled: the exchange accepted it.
 * - rejected: the exchange answered with a reason (per order or for the whole action).
 * - unknown: the request may have reached the exchange but no answer came (timeout, disconnect
 *   after send, 5xx). Must be reconciled (orderStatus by cloid, openOrders), never blindly resent.
 * - notSent: it provably never left the process (limiter refused, aborted before write,
 *   connection refused before any byte was written).
 */
export type OrderOutcome =
  | { readonly kind: "resting"; readonly oid: number; readonly cloid?: Cloid }
  | {
    readonly kind: "filled";
    readonly oid: number;
    readonly totalSz: string;
    readonly avgPx: string;
    readonly cloid?: Cloid;
  }
  | { readonly kind: "rejected"; readonly reason: string }
  | { readonly kind: "unknown"; readonly reason: string }
  | { readonly kind: "notSent"; readonly reason: string };

export type OrderOutcomeKind = OrderOutcome["kind"];

/** Typed outcome of one cancel in a cancel action. */
export type CancelOutcome =
  | { readonly kind: "success" }
  | { readonly kind: "rejected"; readonly reason: string }
  | { readonly kind: "unknown"; readonly reason: string }
  | { readonly kind: "notSent"; readonly reason: string };

/** Outcome of an action that answers with no per-item statuses (scheduleCancel, noop, ...). */
export type ActionOutcome =
  | { readonly kind: "ok" }
  | { readonly kind: "rejected"; readonly reason: string }
  | { readonly kind: "unknown"; readonly reason: string }
  | { readonly kind: "notSent"; readonly reason: string };

export interface CancelByCloid {
  readonly assetId: number;
  readonly cloid: Cloid;
}

export interface CancelByOid {
  readonly assetId: number;
  readonly oid: number;
}

export interface ModifyIntent {
  /** The order to replace, by exchange oid or by cloid. */
  readonly target: number | Cloid;
  readonly order: OrderIntent;
}

/** Order lifecycle statuses as the exchange names them (orderUpdates / orderStatus). */
export type ExchangeOrderStatus = string;

/** An order as listed by `openOrders` or pushed by `orderUpdates`. */
export interface ExchangeOrder {
  readonly coin: string;
  readonly side: Side;
  readonly limitPx: number;
  /** Remaining size. */
  readonly sz: number;
  readonly origSz: number;
  readonly oid: number;
  readonly timestampMs: number;
  readonly cloid?: Cloid;
  readonly reduceOnly?: boolean;
}

export interface OrderUpdate {
  readonly order: ExchangeOrder;
  readonly status: ExchangeOrderStatus;
  readonly statusTimestampMs: number;
}

export interface Fill {
  readonly coin: string;
  readonly px: number;
  readonly sz: number;
  readonly side: Side;
  readonly timeMs: number;
  /** Signed position before the fill. */
  readonly startPosition: number;
  readonly closedPnl: number;
  /** Negative for a rebate. */
  readonly fee: number;
  readonly oid: number;
  readonly tid: number;
  readonly crossed: boolean;
  readonly hash: string;
  readonly cloid?: Cloid;
}

export interface Position {
  readonly coin: string;
  /** Signed size: + long, - short. */
  readonly szi: number;
  readonly entryPx: number | null;
  readonly unrealizedPnl: number;
  readonly positionValue: number;
}

export interface AccountState {
  readonly timeMs: number;
  readonly accountValue: number;
  readonly totalMarginUsed: number;
  readonly withdrawable: number;
  readonly positions: readonly Position[];
}

/** `userRateLimit` info answer, parsed. */
export interface AddressRateLimit {
  readonly cumVlm: number;
  readonly nRequestsUsed: number;
  readonly nRequestsCap: number;
  readonly nRequestsSurplus: number;
}

export interface UserFees {
  /** Taker rate, e.g. 0.00045. */
  readonly crossRate: number;
  /** Maker rate, negative for a rebate. */
  readonly addRate: number;
}

/** `orderStatus` info answer, parsed. */
export type OrderStatusResult =
  | { readonly kind: "unknownOid" }
  | {
    readonly kind: "order";
    readonly order: ExchangeOrder;
    readonly status: ExchangeOrderStatus;
    readonly statusTimestampMs: number;
  };
