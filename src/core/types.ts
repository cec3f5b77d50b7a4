/**
 * Shared domain types of hl-mm. No I/O, no wire short keys: the gateway and the feed translate
 * between these and Hyperliquid's JSON; the simulator has its own wire code.
 *
 * Conventions:
 * - Prices and sizes that go to the exchange are decimal strings produced by the one formatter
 *   (`src/format`). Market data and accounting use plain numbers.
 * - Times are unix milliseconds (`...Ms`).
 */

/** Which exchange to trade on: Hyperliquid mainnet, testnet, or the local simulator. */
export type Network = "mainnet" | "testnet" | "sim";

/** Side of an order or a level: bid = buy, ask = sell. */
export type Side = "bid" | "ask";

/**
 * Time in force: Alo = post-only (rejected if it would cross), Gtc = rest until canceled, Ioc =
 * fill or cancel at once.
 */
export type Tif = "Alo" | "Gtc" | "Ioc";

/** A client order id: `0x` followed by 32 lowercase hex digits. */
export type Cloid = `0x${string}`;

/** A 20-byte address, `0x` + 40 lowercase hex digits. */
export type Address = `0x${string}`;

/** A perp as described by `meta`. The asset id is its index in `meta.universe`. */
export interface AssetMeta {
  readonly coin: string;
  readonly assetId: number;
  /** Size decimals; prices may carry at most 6 - szDecimals decimals. */
  readonly szDecimals: number;
  readonly maxLeverage: number;
  readonly isDelisted?: boolean;
}

/** One price level of a book: price, total size in coins, and order count. */
export interface BookLevel {
  readonly px: number;
  readonly sz: number;
  /** Number of orders at the level. */
  readonly n: number;
}

/** Which connection a piece of market data came from (WS stream or a REST poll fallback). */
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
 * Why the exchange refused an order, a cancel or a whole action, classified once in the gateway
 * (src/gateway/reject_reason.ts) from the exchange's text.
 */
export type RejectReason =
  | "addressBudget"
  | "rateLimited"
  | "nonce"
  | "alreadyGone"
  | "postOnlyWouldMatch"
  | "minNotional"
  | "tickOrLot"
  | "margin"
  | "other";

/** A refusal: its typed reason, the exchange's text, and whether it refused the whole action. */
export interface Rejected {
  readonly kind: "rejected";
  readonly reason: RejectReason;
  /** The exchange's own words (for logs and operators). */
  readonly text: string;
  /** The text with its figures folded: the same refusal with other figures has the same key. */
  readonly key: string;
  /** The whole action was refused before any of its items was touched. */
  readonly wholeAction: boolean;
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
  | Rejected
  | { readonly kind: "unknown"; readonly reason: string }
  | { readonly kind: "notSent"; readonly reason: string };

/** The kind tag of an `OrderOutcome`, for counting outcomes per kind. */
export type OrderOutcomeKind = OrderOutcome["kind"];

/** Typed outcome of one cancel in a cancel action. */
export type CancelOutcome =
  | { readonly kind: "success" }
  | Rejected
  | { readonly kind: "unknown"; readonly reason: string }
  | { readonly kind: "notSent"; readonly reason: string };

/** Outcome of an action that answers with no per-item statuses (scheduleCancel, noop, ...). */
export type ActionOutcome =
  | { readonly kind: "ok" }
  | Rejected
  | { readonly kind: "unknown"; readonly reason: string }
  | { readonly kind: "notSent"; readonly reason: string };

/** Cancel one of our orders by the client id we gave it (works before its oid is known). */
export interface CancelByCloid {
  readonly assetId: number;
  readonly cloid: Cloid;
}

/** Cancel an order by exchange oid (orders found on the exchange without a cloid of ours). */
export interface CancelByOid {
  readonly assetId: number;
  readonly oid: number;
}

/** Replace a resting order with a new price or size in one batchModify item, not cancel + place. */
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
  /** When the order was placed. */
  readonly timestampMs: number;
  readonly cloid?: Cloid;
  readonly reduceOnly?: boolean;
}

/** A status change of one of our orders, from the `orderUpdates` stream. */
export interface OrderUpdate {
  readonly order: ExchangeOrder;
  readonly status: ExchangeOrderStatus;
  readonly statusTimestampMs: number;
}

/**
 * One execution of one of our orders (userFills / the fills stream); `tid` identifies it for dedup.
 */
export interface Fill {
  readonly coin: string;
  readonly px: number;
  readonly sz: number;
  readonly side: Side;
  readonly timeMs: number;
  /** Signed position before the fill. */
  readonly startPosition: number;
  /** PnL in USD realized by this fill (0 unless it reduced the position). */
  readonly closedPnl: number;
  /** Negative for a rebate. */
  readonly fee: number;
  readonly oid: number;
  readonly tid: number;
  /** True when this fill took liquidity (taker fee). */
  readonly crossed: boolean;
  readonly hash: string;
  readonly cloid?: Cloid;
}

/** Our position in one perp, from `clearinghouseState`; value and PnL in USD. */
export interface Position {
  readonly coin: string;
  /** Signed size: + long, - short. */
  readonly szi: number;
  /** Average entry price; null when the exchange sends none. */
  readonly entryPx: number | null;
  readonly unrealizedPnl: number;
  readonly positionValue: number;
}

/** The account's margin summary and positions (`clearinghouseState`), amounts in USD. */
export interface AccountState {
  readonly timeMs: number;
  /** Account equity, USD. */
  readonly accountValue: number;
  readonly totalMarginUsed: number;
  readonly withdrawable: number;
  readonly positions: readonly Position[];
}

/** `userRateLimit` info answer, parsed. */
export interface AddressRateLimit {
  /** USD traded by the address since it was created; each USD adds one request to the cap. */
  readonly cumVlm: number;
  readonly nRequestsUsed: number;
  readonly nRequestsCap: number;
  /** Requests bought with reserveRequestWeight and not used yet. */
  readonly nRequestsSurplus: number;
}

/** Our fee rates as fractions of notional, used to account fees in PnL. */
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
