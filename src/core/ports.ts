/**
 * Interfaces between the engine (pure decisions, one loop owning state) and the I/O modules
 * (gateway, feed, limiter). The engine depends only on these; `main.ts` wires implementations.
 * Every async method takes an AbortSignal.
 */
import type {
  AccountState,
  ActionOutcome,
  AddressRateLimit,
  AssetMeta,
  BookLevel,
  BookSnapshot,
  CancelByCloid,
  CancelByOid,
  CancelOutcome,
  Cloid,
  ExchangeOrder,
  Fill,
  ModifyIntent,
  OrderIntent,
  OrderOutcome,
  OrderStatusResult,
  OrderUpdate,
  UserFees,
} from "./types.ts";

// ---------------------------------------------------------------------------------------------
// Limiter

/** What kind of request a weight is charged for; used for accounting and metrics. */
export type RequestKind = "info" | "exchange";

/**
 * Which share of the REST limiter a request uses: "priority" (cancels, the final check) has a
 * reserved share that normal traffic and its 429 backoff do not block.
 */
export type LimiterLane = "normal" | "priority";

/** The nonce port (src/signer/nonce.ts `NonceSource`): strictly increasing action nonces. */
export interface NonceProvider {
  next(): number;
}

/** Per-IP REST weight bucket (continuous refill, capacity per minute). */
export interface RestLimiter {
  /**
   * Wait (abortably) until `weight` tokens are available, then take them. Never lets a request
   * through early. Rejects with the signal's reason when aborted. `lane` default "normal".
   */
  acquire(weight: number, signal: AbortSignal, lane?: LimiterLane): Promise<void>;
  /** Take `weight` tokens now if available; false otherwise. */
  tryAcquire(weight: number): boolean;
  /** Called on an HTTP 429: drain the bucket and back off (honours Retry-After in ms). */
  on429(retryAfterMs?: number): void;
  /** Weight taken in the trailing 60 s. */
  usedLastMinute(): number;
  readonly capacityPerMin: number;
  /** How long normal traffic stays blocked by a 429 backoff from now (0: not blocked). */
  blockedForMs?(): number;
  /** Milliseconds until `weight` could be taken at once (0: now). */
  readyInMs?(weight: number): number;
}

/** Request weights, from the environment (HL_RL_WEIGHT_*) with documented defaults. */
export interface WeightTable {
  /** Weight of an info request of this `type`. */
  info(type: string): number;
  /**
   * Weight of an exchange action carrying `n` items: W * (1 + floor(n/40)), where W is
   * HL_RL_WEIGHT_CANCEL for cancel actions and HL_RL_WEIGHT_ORDER for everything else.
   */
  exchange(n: number, kind?: "order" | "cancel"): number;
}

/** The WS message budget (2000/min) is a bucket of the same shape as the REST one. */
export type MessageBudget = RestLimiter;

/** At most `max` WS `post` requests in flight; `enter` waits (abortably) for a free slot. */
export interface InFlightGate {
  enter(signal: AbortSignal): Promise<void>;
  leave(): void;
  readonly inFlight: number;
  readonly max: number;
}

/**
 * Per-address action budget: 10000 + cumulative volume - requests used. A batch of n orders or
 * cancels costs n. Synced from `userRateLimit`.
 */
export interface AddressBudget {
  /** Requests left before the address is throttled (may be negative). */
  remaining(): number;
  /** Cancels left (cancels have a larger allowance; may be negative). */
  remainingForCancels(): number;
  /** Items charged by this process since it started (every action's items). */
  readonly charged: number;
  /** Record that an action with `n` items was sent. */
  charge(n: number): void;
  /** Record traded notional (USDC) of our fills: the budget grows by 1 per USDC. */
  addVolume(notionalUsd: number): void;
  /** Replace the local estimate with the exchange's figures. */
  sync(limit: AddressRateLimit): void;
  /** `n` requests were bought (reserveRequestWeight accepted): they add to what is left. */
  reserved(n: number): void;
}

// ---------------------------------------------------------------------------------------------
// Gateway (REST /info and /exchange)

/**
 * Failure of an info request. `kind`:
 * - rateLimited: HTTP 429 (the limiter has been told)
 * - http: other non-2xx status
 * - timeout / aborted / network: no answer
 * - parse: the answer failed validation at the edge
 */
export class GatewayError extends Error {
  constructor(
    readonly kind: "rateLimited" | "http" | "timeout" | "aborted" | "network" | "parse",
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "GatewayError";
  }
}

/** Parsed REST /info queries the engine needs; failures throw `GatewayError`. */
export interface InfoApi {
  meta(signal: AbortSignal): Promise<AssetMeta[]>;
  l2Book(coin: string, signal: AbortSignal): Promise<BookSnapshot>;
  openOrders(user: string, signal: AbortSignal): Promise<ExchangeOrder[]>;
  clearinghouseState(user: string, signal: AbortSignal): Promise<AccountState>;
  userFees(user: string, signal: AbortSignal): Promise<UserFees>;
  userRateLimit(user: string, signal: AbortSignal): Promise<AddressRateLimit>;
  orderStatus(user: string, id: number | Cloid, signal: AbortSignal): Promise<OrderStatusResult>;
  userFills(user: string, signal: AbortSignal): Promise<Fill[]>;
}

/**
 * Signed exchange actions. Never throws for exchange-side or transport failures: every item gets
 * a typed outcome (an action-level error is copied to every item). One call = one signed action.
 */
export interface ExchangeApi {
  placeOrders(orders: readonly OrderIntent[], signal: AbortSignal): Promise<OrderOutcome[]>;
  modifyOrders(modifies: readonly ModifyIntent[], signal: AbortSignal): Promise<OrderOutcome[]>;
  cancelByCloid(cancels: readonly CancelByCloid[], signal: AbortSignal): Promise<CancelOutcome[]>;
  cancelByOid(cancels: readonly CancelByOid[], signal: AbortSignal): Promise<CancelOutcome[]>;
  /** Set (timeMs) or clear (null) the dead-man's switch. */
  scheduleCancel(timeMs: number | null, signal: AbortSignal): Promise<ActionOutcome>;
  /** Buy `requests` address requests (reserveRequestWeight, paid from the perps balance). */
  reserveRequestWeight(requests: number, signal: AbortSignal): Promise<ActionOutcome>;
}

// ---------------------------------------------------------------------------------------------
// Feed (WebSocket market and user data)

/**
 * What the feed hands the engine loop: market data, our order updates and fills, and connection
 * changes.
 */
export type FeedEvent =
  | { readonly type: "l2Book"; readonly book: BookSnapshot }
  | {
    readonly type: "bbo";
    readonly coin: string;
    readonly timeMs: number;
    readonly receivedAtMs: number;
    readonly bid: BookLevel | null;
    readonly ask: BookLevel | null;
  }
  | { readonly type: "orderUpdates"; readonly updates: readonly OrderUpdate[] }
  | { readonly type: "fills"; readonly fills: readonly Fill[]; readonly isSnapshot: boolean }
  /** All subscriptions acknowledged after a (re)connect. `reconnect` is false the first time. */
  | { readonly type: "connected"; readonly reconnect: boolean }
  | { readonly type: "disconnected"; readonly reason: string };

/** Health figures of the WS connection, for staleness checks and the sidecar. */
export interface FeedStatus {
  readonly connected: boolean;
  readonly reconnects: number;
  readonly malformedFrames: number;
  /** Age of the newest frame of each stream key (e.g. `l2Book:BTC`, `bbo:ETH`), in ms. */
  readonly streamAgeMs: Readonly<Record<string, number>>;
  /** Age of the newest frame of any kind on the open socket, ms (null: not connected). */
  readonly lastFrameAgeMs?: number | null;
}

/** Answer to a WS `post`. `unknown` means sent but no answer in time (or the socket closed). */
export type PostResult =
  | { readonly kind: "ok"; readonly payload: unknown }
  | { readonly kind: "error"; readonly message: string }
  | { readonly kind: "unknown"; readonly reason: string }
  | { readonly kind: "notSent"; readonly reason: string };

/** Sends info requests or signed actions over the WS connection (`post`) instead of REST. */
export interface WsPoster {
  post(type: "info" | "action", payload: unknown, signal: AbortSignal): Promise<PostResult>;
  /**
   * Milliseconds until `messages` posts would all be sent at once, without waiting for the message
   * budget or an in-flight slot (0: now). The engine holds its changes instead of queueing posts.
   */
  postReadyInMs?(messages: number): number;
}

/** The WS connection: subscriptions, events for the engine, and `post` for actions. */
export interface MarketFeed extends WsPoster {
  /** Connect and keep connected (reconnect with backoff) until `signal` aborts. */
  start(signal: AbortSignal): Promise<void>;
  subscribeBbo(coin: string): void;
  subscribeL2Book(coin: string, opts: { fast: boolean }): void;
  subscribeOrderUpdates(user: string): void;
  subscribeUserFills(user: string): void;
  /** One listener (the engine loop's event queue). */
  onEvent(listener: (event: FeedEvent) => void): void;
  status(): FeedStatus;
  close(): Promise<void>;
}
